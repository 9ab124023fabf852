/**
 * Slot types as a practice defines them: what the rota lays out and what the book shows and reports.
 *
 * A `PracticeSlotType` carries everything the appointment book's `SlotType` has (it can be passed wherever one is
 * expected) plus the colour, who may book, the embargo and the national category.
 */
import { z } from 'zod';
import type { Booker } from '../appointments/slot';
import { WallTimeSchema } from '../calendar/schemas';
import { GPAD_NATIONAL_SLOT_CATEGORIES } from './national-categories';

export const BOOKERS = ['reception', 'online', 'clinician'] as const satisfies readonly Booker[];

/** Ids end up in FHIR ids (Slot.id = template id + time), whose alphabet is letters, digits, '-' and '.'. */
export const RotaId = z
  .string()
  .regex(/^[A-Za-z0-9.-]{1,40}$/, 'Use 1 to 40 letters, digits, hyphens or full stops for the id');

/**
 * When a slot becomes bookable. Before its release the slot is "embargoed": shown but not bookable by anyone.
 * - none: bookable as soon as it exists;
 * - before: released `hours` elapsed hours before the slot starts (48 → two days before, to the minute);
 * - days-before: released at `at` (London) on the day `days` calendar days before the slot's day;
 * - on-the-day: released at `at` (London) on the slot's own day ("book on the day from 08:00").
 */
export const Embargo = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('none') }).strict(),
    z
      .object({
        kind: z.literal('before'),
        hours: z.number().int('Give the release as a whole number of hours').min(1, 'Release at least 1 hour before').max(24 * 56, 'Release at most 8 weeks before'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('days-before'),
        days: z.number().int('Give the release as a whole number of days').min(1, 'Release at least 1 day before').max(56, 'Release at most 56 days before'),
        at: WallTimeSchema,
      })
      .strict(),
    z.object({ kind: z.literal('on-the-day'), at: WallTimeSchema }).strict(),
  ],
  { error: 'Choose when the slots are released: none, hours before, days before at a time, or on the day at a time' },
);
export type Embargo = z.infer<typeof Embargo>;

export const PracticeSlotType = z
  .object({
    id: RotaId,
    name: z.string().trim().min(1, 'Give the slot type a name').max(60, 'Keep the name to 60 characters'),
    lengthMinutes: z
      .number()
      .int('The length is a whole number of minutes')
      .min(5, 'A slot is at least 5 minutes long')
      .max(240, 'A slot is at most 4 hours (240 minutes) long'),
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Give the colour as # and six hex digits, for example #1d70b8'),
    /** Who may book it; empty = nobody (admin or protected time shown in the book). */
    bookableBy: z
      .array(z.enum(BOOKERS, { error: 'Bookers are reception, online or clinician' }))
      .refine((b) => new Set(b).size === b.length, 'List each booker once'),
    embargo: Embargo,
    /** Unattended appointments are marked did-not-attend automatically after the session. */
    autoDna: z.boolean(),
    /** On-the-day urgent capacity (found by the "on-the-day urgent" search). */
    urgent: z.boolean(),
    nationalCategory: z
      .enum(GPAD_NATIONAL_SLOT_CATEGORIES, { error: 'Choose one of the national slot categories (or Unmapped)' })
      .refine((c) => c !== 'Inconsistent Mapping', 'Inconsistent Mapping is assigned nationally; choose a category for this slot type'),
  })
  .strict();
export type PracticeSlotType = z.infer<typeof PracticeSlotType>;
