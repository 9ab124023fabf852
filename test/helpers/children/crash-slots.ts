import type { BookChange } from '../../../electron/core/outbox/appointment.changes';

/** A free slot of the sandbox, as the crash test hands them to its children. */
export interface CrashSlot {
  id: string;
  start: string;
  end: string;
  siteId: string;
  clinicianId: string;
  day: string;
  nhsNumber: string;
}

/** One queued booking per slot: the same shape the desk queues. */
export function bookingFor(s: CrashSlot, n: number): BookChange {
  const localId = `pending-crash-${n}`;
  return {
    localId,
    slot: { id: s.id, start: s.start, end: s.end, siteId: s.siteId, clinicianId: s.clinicianId },
    intended: `Book slot ${n}`,
    row: {
      id: localId, slotId: s.id, day: s.day, nhsNumber: s.nhsNumber, patientName: 'CRASH, Test', clinicianId: s.clinicianId,
      start: s.start, end: s.end, status: 'booked', reason: null, contactPreference: 'phone', arrivedAt: null, calledAt: null,
      finishedAt: null, overbookReason: null, bookedOnline: false, etag: null,
    },
  };
}
