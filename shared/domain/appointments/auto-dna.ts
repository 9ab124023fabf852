/**
 * Automatic did-not-attend: appointments nobody marked arrived are set to DNA once the session is over, for slot
 * types whose setting says so (a telephone-triage list, for example, may not want it).
 *
 * "Session end" is the end of the clinician's session that day (e.g. the morning surgery 08:30–12:00 ends at
 * 12:00), worked out by the caller from the rota and passed in, with the appointments of that session. Waiting for
 * the session end rather than each slot's end gives late-running surgeries and late patients the benefit of the doubt.
 */
import type { AppointmentStatus } from './appointment-status';
import type { SlotType } from './slot';

export interface AutoDnaCandidate {
  id: string;
  status: AppointmentStatus;
  slotTypeId: string;
  /** ISO instant the appointment starts; appointments starting at or after the session end are not part of it. */
  start: string;
}

/**
 * Ids of the appointments to mark DNA now, in input order: still 'booked', of a slot type with autoDna true
 * (an unknown slot type is left alone), starting before the session end, and only once `now` ≥ `sessionEnd`.
 */
export function dueForAutoDna(
  appointments: readonly AutoDnaCandidate[],
  slotTypes: readonly SlotType[],
  sessionEnd: Date,
  now: Date,
): string[] {
  const endMs = sessionEnd.getTime();
  if (now.getTime() < endMs) return [];
  const auto = new Set(slotTypes.filter((t) => t.autoDna).map((t) => t.id));
  return appointments.filter((a) => a.status === 'booked' && auto.has(a.slotTypeId) && Date.parse(a.start) < endMs).map((a) => a.id);
}
