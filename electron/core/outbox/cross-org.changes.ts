import { z } from 'zod';
import { SharedSlotView } from '../../../shared/contract/ooh';
import type { OohRepo } from '../db/repos/ooh.repo';
import { CancelRefusedError, NotSharedError, type GpConnectClient } from '../national/gpconnect.client';
import { SlotTakenError } from '../services/appointments.service';
import { OutboxConflictError, type OutboxService } from './outbox.service';

/**
 * A booking into another organisation's slot (GP Connect, issue 8) travels through the durable outbox like the
 * practice's own bookings: committed with its X-Request-ID before the desk calls it saved, sent at once when the
 * provider answers, replayed in order otherwise; the provider de-duplicates the X-Request-ID, so it lands once.
 */
export const CROSS_ORG_BOOK = 'gpconnect.book';
/**
 * Cancelling such a booking (GP Connect: PUT the Appointment with status cancelled and a cancellation reason,
 * If-Match its version, this entry's X-Request-ID): queued like the booking, after it when it is still on its way.
 */
export const CROSS_ORG_CANCEL = 'gpconnect.cancel';

export const CrossOrgBookChange = z.object({
  /** The desk's id for the booking (cross_bookings.id). */
  localId: z.string(),
  slot: SharedSlotView,
  nhsNumber: z.string(),
  patientName: z.string(),
  /** "Book Castle Street Surgery, Tuesday 1 December 10:30 with Dr Ann Lee": how it reads in "needs attention". */
  intended: z.string(),
});
export type CrossOrgBookChange = z.infer<typeof CrossOrgBookChange>;

export const CrossOrgCancelChange = z.object({
  /** cross_bookings.id */
  bookingId: z.string(),
  providerOds: z.string(),
  providerName: z.string(),
  /** The provider's appointment id when known at the time; otherwise it comes from the booking's entry when sent. */
  appointmentId: z.string().nullable(),
  /** Set when the booking was still on its way when cancelled: its appointment id comes from that entry's result. */
  bookRequestId: z.string().nullable(),
  reason: z.string(),
  nhsNumber: z.string(),
  patientName: z.string(),
  /** "Cancel the booking at Castle Street Surgery, Thursday 26 November 09:20 with Dr Ann Lee" */
  intended: z.string(),
});
export type CrossOrgCancelChange = z.infer<typeof CrossOrgCancelChange>;

const Made = z.object({ id: z.string(), etag: z.string().nullable() });

export function registerCrossOrgChanges(d: { repo: OohRepo; client: GpConnectClient; outbox: OutboxService; changed(): void }): void {
  d.outbox.register<CrossOrgBookChange>(CROSS_ORG_BOOK, {
    schema: CrossOrgBookChange,
    localIds: (p) => [p.localId],
    async send(p, entry) {
      try {
        return await d.client.book({ slot: p.slot, nhsNumber: p.nhsNumber, requestId: entry.requestId });
      } catch (e) {
        if (e instanceof SlotTakenError) throw new OutboxConflictError(`Another organisation booked this ${p.slot.providerName} slot before the booking could be sent.`);
        if (e instanceof NotSharedError) throw new OutboxConflictError(e.plain);
        throw e;
      }
    },
    onSent(p, result) {
      const made = Made.safeParse(result);
      d.repo.settleBooking(p.localId, 'booked', made.success ? made.data.id : null, null);
      d.changed();
    },
    onRefused(p, _entry, plain) {
      d.repo.settleBooking(p.localId, 'refused', null, plain);
      d.changed();
    },
  });

  // Refusals meaning "it is cancelled there already", heard in send and read in onRefused (same replay step).
  const alreadyCancelled = new Set<string>();
  d.outbox.register<CrossOrgCancelChange>(CROSS_ORG_CANCEL, {
    schema: CrossOrgCancelChange,
    localIds: (p) => [p.bookingId],
    async send(p, entry) {
      let id = d.repo.booking(p.bookingId)?.appointmentId ?? p.appointmentId;
      if (!id && p.bookRequestId) id = Made.safeParse(d.outbox.get(p.bookRequestId)?.result).data?.id ?? null;
      if (!id) throw new OutboxConflictError(`The booking at ${p.providerName} it cancels was never made.`);
      try {
        return await d.client.cancel({ providerOds: p.providerOds, providerName: p.providerName, appointmentId: id, reason: p.reason, requestId: entry.requestId });
      } catch (e) {
        if (e instanceof CancelRefusedError) {
          if (e.alreadyCancelled) alreadyCancelled.add(entry.requestId);
          throw new OutboxConflictError(e.plain);
        }
        throw e;
      }
    },
    onSent(p) {
      d.repo.settleCancel(p.bookingId, 'cancelled', null);
      d.changed();
    },
    onRefused(p, entry, plain) {
      // Cancelled there already: the patient no longer holds it either way. Otherwise the booking still stands.
      if (alreadyCancelled.delete(entry.requestId)) d.repo.settleCancel(p.bookingId, 'cancelled', plain);
      else d.repo.settleCancel(p.bookingId, 'stands', `The cancellation was not accepted: ${plain}`);
      d.changed();
    },
    // The booking it cancels was never made (refused or taken back): nothing to cancel; the booking's own state says why.
    onWithdrawn(p) {
      d.repo.settleCancel(p.bookingId, 'stands', undefined);
      d.changed();
    },
  });
}

/** How a queued cross-organisation booking or cancellation reads in the "needs attention" list. */
export function describeCrossOrgChange(kind: string, payload: unknown): { kind: 'book' | 'cancel'; patientName: string; nhsNumber: string; intended: string } | null {
  const p = kind === CROSS_ORG_BOOK ? CrossOrgBookChange.safeParse(payload) : kind === CROSS_ORG_CANCEL ? CrossOrgCancelChange.safeParse(payload) : null;
  if (!p?.success) return null;
  return { kind: kind === CROSS_ORG_BOOK ? 'book' : 'cancel', patientName: p.data.patientName, nhsNumber: p.data.nhsNumber, intended: p.data.intended };
}
