/**
 * The wording of every clash, in one place: what a practice manager reads in the preview. Kept apart from the
 * rules so that rewording a message never touches generation, and the tests pin the exact text.
 */
import type { LondonDay } from '../appointments/london-time';
import { dayLabel, plural, timeLabel } from './clash';
import type { DayHours } from './opening-hours';
import type { SessionTemplate } from './template';

type TemplateRef = Pick<SessionTemplate, 'clinicianId' | 'start' | 'end' | 'name'>;
export interface SessionRef {
  template: TemplateRef;
  day: LondonDay;
}

const were = (n: number) => (n === 1 ? 'was' : 'were');
const named = (t: TemplateRef) => (t.name ? ` (${t.name})` : '');

export function clashWording(clinicianNames: Readonly<Record<string, string>> = {}) {
  const who = (id: string) => clinicianNames[id] ?? id;
  /** "the 08:30–12:00 session (Monday surgery) on Monday 6 April 2026" */
  const session = (s: SessionRef) => `the ${s.template.start}–${s.template.end} session${named(s.template)} on ${dayLabel(s.day)}`;
  /** "Dr Alex Morgan's 08:30–12:00 session … on Monday 6 April 2026" */
  const theirs = (s: SessionRef) => `${who(s.template.clinicianId)}'s ${session(s).slice('the '.length)}`;

  return {
    who,
    unknownSlotType: (t: TemplateRef, missing: readonly string[]) =>
      `The session template ${t.name ? `"${t.name}" ` : ''}for ${who(t.clinicianId)} (${t.start}–${t.end}) uses ${missing.length === 1 ? 'a slot type that does not exist' : 'slot types that do not exist'} (${missing.join(', ')}): none of its sessions were generated. Choose existing slot types in the template.`,
    bankHoliday: (s: SessionRef, title: string | undefined) => `No slots for ${theirs(s)}: it is a bank holiday${title ? ` (${title})` : ''}.`,
    localClosure: (s: SessionRef) => `No slots for ${theirs(s)}: the practice is closed that day.`,
    overlappingSession: (s: SessionRef, other: TemplateRef) =>
      `${theirs(s)} overlaps their ${other.start}–${other.end} session${named(other)}: it was not generated. Change the times or the days of one of the two templates.`,
    closedWeekday: (s: SessionRef, weekdayName: string) => `No slots for ${theirs(s)}: the practice is closed on ${weekdayName}s.`,
    outsideHours: (s: SessionRef, n: number, hours: DayHours) =>
      `${plural(n, 'slot')} of ${theirs(s)} ${were(n)} not generated: outside the opening hours (${hours.open}–${hours.close}).`,
    existingBooking: (s: SessionRef, bookedStartMs: number, bookedEndMs: number, n: number) =>
      `${who(s.template.clinicianId)} already has a booked slot at ${timeLabel(bookedStartMs)}–${timeLabel(bookedEndMs)} on ${dayLabel(s.day)}: ${plural(n, 'new slot')} of the ${s.template.start}–${s.template.end} session ${were(n)} not added there. The booking is kept as it is.`,
    existingSlot: (s: SessionRef, n: number, existing: number) =>
      `${plural(n, 'slot')} of ${theirs(s)} ${were(n)} not added: ${who(s.template.clinicianId)} already has ${plural(existing, 'unbooked slot')} in the book at those times. Remove the old slots first if this template replaces them.`,
    leave: (s: SessionRef, n: number) => `${who(s.template.clinicianId)} is on leave during ${session(s)}: ${plural(n, 'slot')} blocked.`,
    endsMidSlot: (s: SessionRef, cutStartMs: number, cutEndMs: number, dropped: number) =>
      `The slots of ${theirs(s)} do not fit: the slot at ${timeLabel(cutStartMs)} would end at ${timeLabel(cutEndMs)}, after the session ends at ${s.template.end}, so ${dropped === 1 ? 'it was' : `it and the ${plural(dropped - 1, 'slot')} after it were`} not generated. Shorten the sequence or end the session later.`,
    releasedAfterStart: (s: SessionRef, n: number) =>
      `${plural(n, 'slot')} of ${theirs(s)} ${n === 1 ? 'is' : 'are'} released only once ${n === 1 ? 'it has' : 'they have'} started, so nobody can book ${n === 1 ? 'it' : 'them'}. Change the slot type's release time or the session.`,
    leaveOverBooking: (clinicianId: string, day: LondonDay, startMs: number) =>
      `${who(clinicianId)} is on leave at ${timeLabel(startMs)} on ${dayLabel(day)}, when a patient is booked: the appointment is on the rebook list and must be moved.`,
    leaveOverUnknownBooking: (clinicianId: string, day: LondonDay, startMs: number) =>
      `${who(clinicianId)} is on leave at ${timeLabel(startMs)} on ${dayLabel(day)}, and the slot is booked but its appointment is not known here yet: check it in the book.`,
  };
}
export type ClashWording = ReturnType<typeof clashWording>;
