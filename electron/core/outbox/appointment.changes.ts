import { z } from 'zod';
import { AppointmentView } from '../../../shared/contract/appointments';
import type { AppointmentRow, BookRepo } from '../db/repos/book.repo';
import { NationalHttpError } from '../national/national.errors';
import { SlotTakenError, type NationalBook } from '../services/appointments.service';
import { OutboxConflictError, type OutboxHandler, type OutboxService } from './outbox.service';

/** The local row as queued: enough to put it back in the book if the cache is rebuilt before it is sent. */
const Row = AppointmentView.omit({ waitingToSend: true }).extend({ day: z.string(), etag: z.string().nullable() });

export const BookChange = z.object({
  /** The id the desk shows until the national service gives the booking its own. */
  localId: z.string(),
  row: Row,
  slot: z.object({ id: z.string(), start: z.string(), end: z.string(), siteId: z.string(), clinicianId: z.string() }),
  /** "Book Tuesday 1 December 10:30 with Dr Alex Morgan": how a person reads it in "needs attention". */
  intended: z.string(),
});
export type BookChange = z.infer<typeof BookChange>;

export const CancelChange = z.object({
  appointmentId: z.string(),
  /** Set when the booking was still on its way when cancelled: its national id comes from that entry's result. */
  bookRequestId: z.string().nullable(),
  by: z.enum(['patient', 'practice']),
  reason: z.string(),
  row: Row,
  intended: z.string(),
});
export type CancelChange = z.infer<typeof CancelChange>;

const BookResult = z.object({ id: z.string(), etag: z.string().nullable() });

export const BOOK = 'appointment.book';
export const CANCEL = 'appointment.cancel';

export interface AppointmentChangesDeps {
  repo: BookRepo;
  national: NationalBook;
  outbox: OutboxService;
  /** The local copy changed: re-index free slots and tell the renderers. */
  changed(): void;
  /** Fetch the book again (after a conflict, what the other desk did should show). */
  refresh(): void;
}

const slotStateFromHolders = (repo: BookRepo, slotId: string) => {
  const live = repo.appointmentsInSlot(slotId).some((a) => !a.status.startsWith('cancelled'));
  repo.setSlotState(slotId, live ? 'booked' : 'free');
};

/** How bookings and cancellations travel through the outbox, and how the local book follows each outcome. */
export function registerAppointmentChanges(d: AppointmentChangesDeps): void {
  const book: OutboxHandler<BookChange> = {
    schema: BookChange,
    localIds: (p) => [p.localId],
    async send(p, entry) {
      try {
        const r = await d.national.book({ slot: p.slot, nhsNumber: p.row.nhsNumber, description: p.row.reason, requestId: entry.requestId });
        return { id: r.id, etag: r.etag };
      } catch (e) {
        if (e instanceof SlotTakenError) throw new OutboxConflictError('Another desk or the patient booked this slot before the change could be sent.');
        throw e;
      }
    },
    onSent(p, result) {
      const r = BookResult.parse(result);
      d.repo.relink(p.localId, r.id, r.etag);
      d.changed();
    },
    onRefused(p) {
      d.repo.deleteAppointment(p.localId);
      d.repo.setSlotState(p.slot.id, 'booked'); // most likely someone else holds it; the refresh below says for sure
      d.changed();
      d.refresh();
    },
  };

  const cancel: OutboxHandler<CancelChange> = {
    schema: CancelChange,
    localIds: (p) => [p.appointmentId],
    async send(p, entry) {
      let id = p.appointmentId;
      if (p.bookRequestId) {
        const made = BookResult.safeParse(d.outbox.get(p.bookRequestId)?.result);
        if (!made.success) throw new OutboxConflictError('The booking it cancels was never made.');
        id = made.data.id;
      }
      try {
        return await d.national.cancel(id, p.row.etag, p.reason, entry.requestId);
      } catch (e) {
        if (e instanceof NationalHttpError && e.status === 404) return { etag: null }; // already gone upstream: nothing left to cancel
        throw e;
      }
    },
    onSent(p, result) {
      const etag = z.object({ etag: z.string().nullable() }).safeParse(result);
      const row = d.repo.appointment(p.appointmentId);
      if (row && etag.success) d.repo.putAppointment({ ...row, etag: etag.data.etag });
    },
    // Not cancelled upstream, so the patient still holds the slot: show it as booked again.
    onRefused: (p) => restore(p.row),
    onWithdrawn: (p) => restore(p.row),
  };

  function restore(row: AppointmentRow) {
    const now = d.repo.appointment(row.id);
    d.repo.putAppointment({ ...(now ?? row), status: 'booked' });
    d.repo.setSlotState(row.slotId, 'booked');
    d.changed();
  }

  d.outbox.register(BOOK, book);
  d.outbox.register(CANCEL, cancel);
}

/**
 * Lay the changes still waiting over a freshly fetched book (the national copy does not know them yet), and
 * re-link bookings that were sent just before a restart. Run after every refresh and at start.
 */
export function overlayPending(repo: BookRepo, outbox: OutboxService): void {
  // A booking sent just before a crash may still carry the desk's id locally while the national copy has its own.
  for (const e of outbox.recentlySent(BOOK)) {
    const p = BookChange.safeParse(e.payload);
    const r = BookResult.safeParse(e.result);
    if (p.success && r.success && repo.appointment(p.data.localId)) repo.relink(p.data.localId, r.data.id, r.data.etag);
  }
  for (const e of outbox.pendingEntries()) {
    if (e.kind === BOOK) {
      const p = BookChange.safeParse(e.payload);
      if (!p.success) continue;
      if (!repo.appointment(p.data.localId)) repo.putAppointment(p.data.row);
      if (repo.slot(p.data.slot.id)) repo.setSlotState(p.data.slot.id, 'booked');
    } else if (e.kind === CANCEL) {
      const p = CancelChange.safeParse(e.payload);
      if (!p.success) continue;
      const row = repo.appointment(p.data.appointmentId);
      if (row && !row.status.startsWith('cancelled')) repo.putAppointment({ ...row, status: p.data.by === 'patient' ? 'cancelled-patient' : 'cancelled-practice' });
      if (repo.slot(p.data.row.slotId)) slotStateFromHolders(repo, p.data.row.slotId);
    }
  }
}

/** How a queued appointment change reads in the "needs attention" list. */
export function describeChange(kind: string, payload: unknown): { kind: 'book' | 'cancel'; patientName: string; nhsNumber: string; intended: string } | null {
  const p = kind === BOOK ? BookChange.safeParse(payload) : kind === CANCEL ? CancelChange.safeParse(payload) : null;
  if (!p?.success) return null;
  return { kind: kind === BOOK ? 'book' : 'cancel', patientName: p.data.row.patientName, nhsNumber: p.data.row.nhsNumber, intended: p.data.intended };
}
