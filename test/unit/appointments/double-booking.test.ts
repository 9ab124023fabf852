import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATUSES } from '../../../shared/domain/appointments/appointment-status';
import { checkBooking } from '../../../shared/domain/appointments/double-booking';

const free = { id: 's1', state: 'free' as const };
const booked = [{ id: 'a1', status: 'booked' as const }];

describe('checkBooking: double-booking refused by default', () => {
  it('an empty free slot is booked normally', () => {
    expect(checkBooking({ slot: free, existingAppointmentsInSlot: [] })).toEqual({ ok: true, overbooked: false });
  });

  it('a slot holding an active appointment is refused without an override', () => {
    expect(checkBooking({ slot: free, existingAppointmentsInSlot: booked })).toEqual({
      ok: false,
      reason: 'This slot is already booked. Choose another slot, or double-book it with a reason if your role allows.',
    });
  });

  it('a slot whose stored state is booked is refused even when no appointment row is known yet', () => {
    expect(checkBooking({ slot: { id: 's1', state: 'booked' }, existingAppointmentsInSlot: [] }).ok).toBe(false);
  });

  it.each(APPOINTMENT_STATUSES.map((s) => [s, ['booked', 'arrived', 'in-consultation', 'finished'].includes(s)] as const))(
    'an existing %s appointment occupies the slot: %s',
    (status, occupies) => {
      expect(checkBooking({ slot: free, existingAppointmentsInSlot: [{ id: 'a1', status }] }).ok).toBe(!occupies);
    },
  );

  it('a blocked slot is refused, even with an allowed override', () => {
    const r = checkBooking({ slot: { id: 's1', state: 'blocked' }, existingAppointmentsInSlot: [], override: { allowed: true, reason: 'Duty doctor asked' } });
    expect(r).toEqual({ ok: false, reason: 'This slot is blocked and cannot be booked. Unblock it on the rota first.' });
  });
});

describe('checkBooking: override', () => {
  it('a permitted role with a reason double-books, and the booking is marked overbooked with the reason', () => {
    expect(checkBooking({ slot: free, existingAppointmentsInSlot: booked, override: { allowed: true, reason: '  Urgent: GP agreed  ' } })).toEqual({
      ok: true,
      overbooked: true,
      overrideReason: 'Urgent: GP agreed',
    });
  });

  it('a role without the permission is refused even with a reason', () => {
    expect(checkBooking({ slot: free, existingAppointmentsInSlot: booked, override: { allowed: false, reason: 'Urgent: GP agreed' } })).toEqual({
      ok: false,
      reason: 'This slot is already booked, and your role may not double-book.',
    });
  });

  it.each(['', '    ', 'ok', '1234', ' abcd '])('a reason shorter than 5 characters (%j) is refused', (reason) => {
    const r = checkBooking({ slot: free, existingAppointmentsInSlot: booked, override: { allowed: true, reason } });
    expect(r).toEqual({ ok: false, reason: 'To double-book this slot, give a reason of at least 5 characters.' });
  });

  it('exactly 5 characters is enough', () => {
    expect(checkBooking({ slot: free, existingAppointmentsInSlot: booked, override: { allowed: true, reason: 'abcde' } })).toMatchObject({ ok: true, overbooked: true });
  });

  it('an override on a free slot is not needed: an ordinary booking, not marked', () => {
    expect(checkBooking({ slot: free, existingAppointmentsInSlot: [], override: { allowed: true, reason: 'just in case' } })).toEqual({ ok: true, overbooked: false });
  });

  it('a third booking on an already overbooked slot needs an override too', () => {
    const two = [...booked, { id: 'a2', status: 'arrived' as const }];
    expect(checkBooking({ slot: free, existingAppointmentsInSlot: two }).ok).toBe(false);
    expect(checkBooking({ slot: free, existingAppointmentsInSlot: two, override: { allowed: true, reason: 'Family group' } })).toMatchObject({ ok: true, overbooked: true });
  });
});
