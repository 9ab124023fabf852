/**
 * Double-booking: refused by default; a role with permission may override it with a recorded reason.
 *
 * Why here and not in the UI: the core must refuse the same way whatever screen asks, and the reason must be
 * kept with the booking so the day view can mark the slot as overbooked and the audit can show why.
 * Whether the user's role may override is decided by the caller (roles/permissions) and passed in as `allowed`.
 */
import { type AppointmentStatus, holdsSlot } from './appointment-status';
import type { Slot } from './slot';

export const MIN_OVERRIDE_REASON_LENGTH = 5;

export interface BookingOverride {
  reason: string;
  /** True when the signed-in role holds the permission to double-book. */
  allowed: boolean;
}

export interface BookingCheckInput {
  slot: Pick<Slot, 'id' | 'state'>;
  /** Appointments currently linked to this slot, in any status (cancelled ones are ignored). */
  existingAppointmentsInSlot: readonly { id: string; status: AppointmentStatus }[];
  override?: BookingOverride;
}

export type BookingCheck =
  | { ok: true; overbooked: false }
  | { ok: true; overbooked: true; overrideReason: string }
  | { ok: false; reason: string };

/**
 * Decisions:
 * - "occupied" means an appointment that still holds the slot (booked, arrived, in consultation, finished) or a
 *   slot whose stored state is already 'booked' (the local copy may know the state before the appointment rows).
 * - a blocked slot is refused even with an override: unblocking belongs to the rota, not to booking.
 * - an override on a free slot is simply not needed: the booking is ordinary (overbooked: false).
 */
export function checkBooking({ slot, existingAppointmentsInSlot, override }: BookingCheckInput): BookingCheck {
  if (slot.state === 'blocked') return { ok: false, reason: 'This slot is blocked and cannot be booked. Unblock it on the rota first.' };
  const occupied = slot.state === 'booked' || existingAppointmentsInSlot.some((a) => holdsSlot(a.status));
  if (!occupied) return { ok: true, overbooked: false };
  if (!override) return { ok: false, reason: 'This slot is already booked. Choose another slot, or double-book it with a reason if your role allows.' };
  if (!override.allowed) return { ok: false, reason: 'This slot is already booked, and your role may not double-book.' };
  const reason = override.reason.trim();
  if (reason.length < MIN_OVERRIDE_REASON_LENGTH) {
    return { ok: false, reason: `To double-book this slot, give a reason of at least ${MIN_OVERRIDE_REASON_LENGTH} characters.` };
  }
  return { ok: true, overbooked: true, overrideReason: reason };
}
