/**
 * Session templates: a clinician's working pattern ("Dr Morgan, Riverside, every Monday 08:30–12:00: 2 urgent,
 * 10 routine, 1 admin") and the rota that groups them over a date range.
 *
 * Times are London wall-clock times: a session "09:00–12:00" is 09:00–12:00 on the clock on the wall in winter
 * and in summer alike. Weekdays are ISO numbers, 1 = Monday … 7 = Sunday.
 */
import { z } from 'zod';
import { dayNumber, isDay, isoWeekday } from '../calendar/days';
import { DaySchema, EndTimeSchema, minutesOfWallTime, WallTimeSchema } from '../calendar/schemas';
import { RotaId } from './slot-type';

// Object-level checks can run even when a field has already failed (zod reports all it can): compare only
// values that parsed, so a bad date gives one clear message and never an exception.
const ordered = (from: string, to: string) => !isDay(from) || !isDay(to) || dayNumber(from) <= dayNumber(to);
const WALL = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const before = (a: string, b: string) => !WALL.test(a) || !WALL.test(b) || minutesOfWallTime(a) < minutesOfWallTime(b);

const Weekday = z
  .number()
  .int()
  .min(1, 'Weekdays are 1 (Monday) to 7 (Sunday)')
  .max(7, 'Weekdays are 1 (Monday) to 7 (Sunday)');

const Weekdays = z
  .array(Weekday)
  .min(1, 'Choose at least one weekday')
  .refine((w) => new Set(w).size === w.length, 'List each weekday once');

/**
 * - weekly: every week on these weekdays;
 * - alternate: every other week, in the weeks whose Monday is `anchorWeekStart` ± a multiple of 14 days;
 * - nth-weekday: the nth such weekday of each month (1–5), or the last (-1).
 */
export const SessionPattern = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('weekly'), weekdays: Weekdays }).strict(),
    z
      .object({
        kind: z.literal('alternate'),
        weekdays: Weekdays,
        anchorWeekStart: DaySchema.refine((d) => !isDay(d) || isoWeekday(d) === 1, 'The first week of an alternate-week pattern starts on a Monday'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('nth-weekday'),
        weekday: Weekday,
        nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(-1)], {
          error: 'Choose the 1st to 5th, or the last, weekday of the month',
        }),
      })
      .strict(),
  ],
  { error: 'Choose a pattern: every week, alternate weeks, or the nth weekday of the month' },
);
export type SessionPattern = z.infer<typeof SessionPattern>;

export const SequenceItem = z
  .object({
    slotTypeId: RotaId,
    count: z.number().int('Give a whole number of slots').min(1, 'At least 1 slot').max(200, 'At most 200 slots in one step'),
    /** Overrides the slot type's default length for this step. */
    lengthMinutes: z
      .number()
      .int('The length is a whole number of minutes')
      .min(5, 'A slot is at least 5 minutes long')
      .max(240, 'A slot is at most 240 minutes long')
      .optional(),
  })
  .strict();
export type SequenceItem = z.infer<typeof SequenceItem>;

export const SessionTemplate = z
  .object({
    id: RotaId,
    /** "Monday morning surgery"; used in messages when present. */
    name: z.string().trim().max(60, 'Keep the name to 60 characters').optional(),
    clinicianId: z.string().min(1, 'Choose a clinician'),
    siteId: z.string().min(1, 'Choose a site'),
    pattern: SessionPattern,
    start: WallTimeSchema,
    end: EndTimeSchema,
    sequence: z.array(SequenceItem).min(1, 'Add at least one step of slots to the session'),
    validFrom: DaySchema,
    /** Last day the template applies (included); null = until further notice. */
    validTo: DaySchema.nullable(),
  })
  .strict()
  .refine((t) => before(t.start, t.end), { message: 'The session must end after it starts', path: ['end'] })
  .refine((t) => t.validTo === null || ordered(t.validFrom, t.validTo), {
    message: 'The last day must be on or after the first day',
    path: ['validTo'],
  });
export type SessionTemplate = z.infer<typeof SessionTemplate>;

/** A rota: the templates in force over a date range (both days included). */
export const Rota = z
  .object({
    id: RotaId,
    name: z.string().trim().min(1, 'Give the rota a name').max(80, 'Keep the name to 80 characters'),
    from: DaySchema,
    to: DaySchema,
    templates: z.array(SessionTemplate),
  })
  .strict()
  .refine((r) => ordered(r.from, r.to), { message: 'The rota must end on or after the day it starts', path: ['to'] })
  .refine((r) => new Set(r.templates.map((t) => t.id)).size === r.templates.length, {
    message: 'Two templates have the same id',
    path: ['templates'],
  });
export type Rota = z.infer<typeof Rota>;
