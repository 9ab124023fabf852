/**
 * Clashes found while generating slots: each is listed for a person to resolve, with a message a practice
 * manager can read without knowing the data model. Nothing in the book is changed because of a clash.
 */
import { londonMinuteOfDay, type LondonDay } from '../appointments/london-time';
import { isoWeekday } from '../calendar/days';

export const CLASH_KINDS = [
  'unknown-slot-type',
  'bank-holiday',
  'local-closure',
  'overlapping-session',
  'outside-opening-hours',
  'template-ends-mid-slot',
  'existing-booking',
  'existing-slot',
  'leave',
  'leave-over-booking',
  'released-after-start',
] as const;
export type ClashKind = (typeof CLASH_KINDS)[number];

export interface Clash {
  kind: ClashKind;
  message: string;
  clinicianId: string;
  /** The London day concerned; null for a problem with a template as a whole. */
  day: LondonDay | null;
  templateId: string | null;
  /** The session or slot concerned, ISO instants; null when not about one time. */
  start: string | null;
  end: string | null;
  /** Generated slots concerned: not added (most kinds), blocked (leave) or released too late (released-after-start). */
  slotIds: string[];
  /** Slots already in the book concerned (existing-booking, existing-slot, leave-over-booking). */
  existingSlotIds: string[];
  /** Appointments concerned (bookings that are kept and listed, never moved here). */
  appointmentIds: string[];
  /** The other template of an overlapping-session clash. */
  otherTemplateId: string | null;
  leaveId: string | null;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * "Monday 6 April 2026". From the day's own digits and day number, not a time-zone format: a year's preview words
 * thousands of clashes, and formatting each through the tz library was a quarter of generating a year.
 */
export function dayLabel(day: LondonDay): string {
  return `${WEEKDAY_NAMES[isoWeekday(day) - 1]} ${Number(day.slice(8, 10))} ${MONTH_NAMES[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
}

/** "09:10" in London time (the offset is remembered per hour, see london-time.ts). */
export function timeLabel(ms: number): string {
  const m = londonMinuteOfDay(ms);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A clash with the fields a kind does not use left empty. */
export function clash(fields: Pick<Clash, 'kind' | 'message' | 'clinicianId'> & Partial<Clash>): Clash {
  return {
    day: null,
    templateId: null,
    start: null,
    end: null,
    slotIds: [],
    existingSlotIds: [],
    appointmentIds: [],
    otherTemplateId: null,
    leaveId: null,
    ...fields,
  };
}

const KIND_ORDER = new Map(CLASH_KINDS.map((k, i) => [k, i]));
const cmp = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);

/** Stable order for the preview: by day, clinician, time, kind, template, then the slots concerned. */
export function compareClashes(a: Clash, b: Clash): number {
  return (
    cmp(a.day, b.day) ||
    cmp(a.clinicianId, b.clinicianId) ||
    cmp(a.start, b.start) ||
    (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
    cmp(a.templateId, b.templateId) ||
    cmp(a.slotIds.join(','), b.slotIds.join(',')) ||
    cmp(a.existingSlotIds.join(','), b.existingSlotIds.join(','))
  );
}
