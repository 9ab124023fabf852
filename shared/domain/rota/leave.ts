/**
 * A clinician's leave or absence, and what it does to the book: their free slots in it are blocked, and the
 * patients booked into it go on a rebook list that reception works through. Nothing is cancelled or moved here.
 */
import { z } from 'zod';
import { type AppointmentStatus, holdsSlot } from '../appointments/appointment-status';
import { londonDayBounds } from '../appointments/london-time';
import type { Slot } from '../appointments/slot';
import { addDays, isDay } from '../calendar/days';

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const isDayOrInstant = (s: string) => isDay(s) || (INSTANT_RE.test(s) && !Number.isNaN(Date.parse(s)));

/** A whole London day ('yyyy-mm-dd'; as `to` it means up to the end of that day) or an exact ISO instant. */
const DayOrInstant = z.string().refine(isDayOrInstant, 'Give a date (yyyy-mm-dd) or a date and time with its offset');

export const Leave = z
  .object({
    id: z.string().min(1),
    clinicianId: z.string().min(1, 'Choose a clinician'),
    from: DayOrInstant,
    to: DayOrInstant,
    reason: z.string().trim().max(100, 'Keep the reason to 100 characters').optional(),
  })
  .strict()
  .refine((l) => !isDayOrInstant(l.from) || !isDayOrInstant(l.to) || leaveInterval(l).startMs < leaveInterval(l).endMs, {
    message: 'The leave must end after it starts',
    path: ['to'],
  });
export type Leave = z.infer<typeof Leave>;

/** The leave as a half-open interval of instants: [start of `from`, end of `to`). */
export function leaveInterval(l: { from: string; to: string }): { startMs: number; endMs: number } {
  const startMs = isDay(l.from) ? londonDayBounds(l.from).start.getTime() : Date.parse(l.from);
  const endMs = isDay(l.to) ? londonDayBounds(addDays(l.to, 1)).start.getTime() : Date.parse(l.to);
  return { startMs, endMs };
}

/** The appointment facts leave planning needs. */
export interface SlotAppointment {
  id: string;
  slotId: string;
  status: AppointmentStatus;
}

export type BookSlot = Pick<Slot, 'id' | 'clinicianId' | 'start' | 'end' | 'state'>;

export interface RebookEntry {
  appointmentId: string;
  slotId: string;
  clinicianId: string;
  start: string;
  end: string;
  /** The leave that displaces it (the earliest, when several overlap). */
  leaveId: string;
}

export interface LeavePlan {
  /** Free slots to block, in start order. */
  block: string[];
  /** Booked appointments that must move, in start order (then appointment id). */
  rebook: RebookEntry[];
  /** Slots the book marks booked but with no appointment known here yet: a person must look at them. */
  bookedWithoutAppointment: string[];
}

export interface IndexedLeave {
  leave: Leave;
  startMs: number;
  endMs: number;
}

/** Leave per clinician, earliest first, for overlap tests. */
export function indexLeave(leave: readonly Leave[]): Map<string, IndexedLeave[]> {
  const by = new Map<string, IndexedLeave[]>();
  for (const l of leave) {
    const entry = { leave: l, ...leaveInterval(l) };
    const list = by.get(l.clinicianId);
    if (list) list.push(entry);
    else by.set(l.clinicianId, [entry]);
  }
  for (const list of by.values()) list.sort((a, b) => a.startMs - b.startMs || (a.leave.id < b.leave.id ? -1 : a.leave.id > b.leave.id ? 1 : 0));
  return by;
}

/** The first leave of this clinician that overlaps [startMs, endMs), or null. */
export function leaveOverlapping(index: ReadonlyMap<string, readonly IndexedLeave[]>, clinicianId: string, startMs: number, endMs: number): Leave | null {
  for (const l of index.get(clinicianId) ?? []) if (l.startMs < endMs && startMs < l.endMs) return l.leave;
  return null;
}

/**
 * What the leave does to existing slots.
 *
 * Decisions:
 * - only appointments still 'booked' go on the rebook list: one that has arrived, is in consultation or has
 *   finished has happened (leave recorded afterwards changes nothing), and cancelled ones hold no slot;
 * - a slot holding such a happened appointment is neither blocked nor listed;
 * - a booked slot is not blocked here (a slot has one state): block it once its appointments have moved;
 * - a slot partly inside the leave counts as inside it (the clinician cannot see half a patient).
 */
export function planLeave(input: { leave: readonly Leave[]; slots: readonly BookSlot[]; appointments: readonly SlotAppointment[] }): LeavePlan {
  const index = indexLeave(input.leave);
  const bySlot = new Map<string, SlotAppointment[]>();
  for (const a of input.appointments) {
    const list = bySlot.get(a.slotId);
    if (list) list.push(a);
    else bySlot.set(a.slotId, [a]);
  }
  const affected = input.slots
    .filter((s) => index.has(s.clinicianId))
    .map((s) => ({ s, startMs: Date.parse(s.start), endMs: Date.parse(s.end) }))
    .sort((a, b) => a.startMs - b.startMs || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0));

  const plan: LeavePlan = { block: [], rebook: [], bookedWithoutAppointment: [] };
  for (const { s, startMs, endMs } of affected) {
    const leave = leaveOverlapping(index, s.clinicianId, startMs, endMs);
    if (!leave) continue;
    const held = (bySlot.get(s.id) ?? []).filter((a) => holdsSlot(a.status));
    const toMove = held.filter((a) => a.status === 'booked').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const a of toMove) plan.rebook.push({ appointmentId: a.id, slotId: s.id, clinicianId: s.clinicianId, start: s.start, end: s.end, leaveId: leave.id });
    if (held.length === 0 && s.state === 'free') plan.block.push(s.id);
    else if (held.length === 0 && s.state === 'booked') plan.bookedWithoutAppointment.push(s.id);
  }
  return plan;
}
