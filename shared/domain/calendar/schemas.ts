/** zod schemas for calendar values typed by people (settings, rota editor), with messages a practice manager reads. */
import { z } from 'zod';
import { isDay } from './days';

/** A calendar day, 'yyyy-mm-dd', that exists. */
export const DaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date as yyyy-mm-dd, for example 2026-04-06')
  .refine(isDay, 'That date does not exist');

/** A London wall-clock time 'HH:mm' from 00:00 to 23:59. */
export const WallTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write the time as HH:mm on the 24-hour clock, for example 08:30');

/** Like WallTimeSchema but also '24:00' (midnight at the end of the day), for the end of a session or of opening hours. */
export const EndTimeSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Write the time as HH:mm on the 24-hour clock, for example 18:30');

/** Minutes since midnight of an 'HH:mm' (or '24:00') already checked by one of the schemas above. */
export function minutesOfWallTime(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}
