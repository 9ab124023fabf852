/** The practice's opening hours per weekday: slots outside them are not generated (the door would be shut). */
import { z } from 'zod';
import type { IsoWeekday } from '../calendar/days';
import { EndTimeSchema, minutesOfWallTime, WallTimeSchema } from '../calendar/schemas';

export const DayHours = z
  .object({ open: WallTimeSchema, close: EndTimeSchema })
  .strict()
  .refine((h) => !/^\d\d:\d\d$/.test(h.open) || !/^\d\d:\d\d$/.test(h.close) || minutesOfWallTime(h.open) < minutesOfWallTime(h.close), {
    message: 'Closing time must be after opening time',
    path: ['close'],
  });
export type DayHours = z.infer<typeof DayHours>;

/** null = closed all day. */
export const OpeningHours = z
  .object({
    mon: DayHours.nullable(),
    tue: DayHours.nullable(),
    wed: DayHours.nullable(),
    thu: DayHours.nullable(),
    fri: DayHours.nullable(),
    sat: DayHours.nullable(),
    sun: DayHours.nullable(),
  })
  .strict();
export type OpeningHours = z.infer<typeof OpeningHours>;

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly (keyof OpeningHours)[];
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export function hoursOn(hours: OpeningHours, weekday: IsoWeekday): DayHours | null {
  return hours[WEEKDAY_KEYS[weekday - 1]!];
}
