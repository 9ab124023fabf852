import { z } from 'zod';
import { SharedSlotView } from '../../../shared/contract/ooh';
import type { OohRepo } from '../db/repos/ooh.repo';
import { NotSharedError, type GpConnectClient } from '../national/gpconnect.client';
import { SlotTakenError } from '../services/appointments.service';
import { OutboxConflictError, type OutboxService } from './outbox.service';

/**
 * A booking into another organisation's slot (GP Connect, issue 8) travels through the durable outbox like the
 * practice's own bookings: committed with its X-Request-ID before the desk calls it saved, sent at once when the
 * provider answers, replayed in order otherwise; the provider de-duplicates the X-Request-ID, so it lands once.
 */
export const CROSS_ORG_BOOK = 'gpconnect.book';

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
}

/** How a queued cross-organisation booking reads in the "needs attention" list. */
export function describeCrossOrgChange(kind: string, payload: unknown): { kind: 'book'; patientName: string; nhsNumber: string; intended: string } | null {
  if (kind !== CROSS_ORG_BOOK) return null;
  const p = CrossOrgBookChange.safeParse(payload);
  return p.success ? { kind: 'book', patientName: p.data.patientName, nhsNumber: p.data.nhsNumber, intended: p.data.intended } : null;
}
