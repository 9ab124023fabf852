import { describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '../../../shared/domain/appointments/appointment-status';
import { dueForAutoDna } from '../../../shared/domain/appointments/auto-dna';
import { atLondonTime } from '../../../shared/domain/appointments/london-time';
import { SLOT_TYPES } from './fixtures';

const D = '2026-07-01';
const sessionEnd = atLondonTime(D, '12:00'); // morning surgery 08:30–12:00
const appt = (id: string, status: AppointmentStatus, slotTypeId = 'gp10', time = '09:00') => ({
  id,
  status,
  slotTypeId,
  start: atLondonTime(D, time).toISOString(),
});

const session = [
  appt('booked-gp', 'booked'),
  appt('booked-urgent', 'booked', 'urgent', '11:50'),
  appt('booked-phone', 'booked', 'phone'), // slot type with autoDna off
  appt('booked-unknown-type', 'booked', 'no-such-type'),
  appt('arrived', 'arrived'),
  appt('in-consultation', 'in-consultation'),
  appt('finished', 'finished'),
  appt('already-dna', 'dna'),
  appt('walked-out', 'walked-out'),
  appt('cancelled-patient', 'cancelled-patient'),
  appt('cancelled-practice', 'cancelled-practice'),
  appt('afternoon', 'booked', 'gp10', '14:00'), // not part of this session
];

describe('dueForAutoDna', () => {
  it('nothing before the session end', () => {
    expect(dueForAutoDna(session, SLOT_TYPES, sessionEnd, new Date(sessionEnd.getTime() - 1))).toEqual([]);
  });

  it('at and after the session end: only still-booked appointments of auto-DNA slot types in the session', () => {
    expect(dueForAutoDna(session, SLOT_TYPES, sessionEnd, sessionEnd)).toEqual(['booked-gp', 'booked-urgent']);
    expect(dueForAutoDna(session, SLOT_TYPES, sessionEnd, atLondonTime(D, '18:00'))).toEqual(['booked-gp', 'booked-urgent']);
  });

  it('follows the per-slot-type setting', () => {
    const allOff = SLOT_TYPES.map((t) => ({ ...t, autoDna: false }));
    expect(dueForAutoDna(session, allOff, sessionEnd, sessionEnd)).toEqual([]);
    const phoneOn = SLOT_TYPES.map((t) => (t.id === 'phone' ? { ...t, autoDna: true } : t));
    expect(dueForAutoDna(session, phoneOn, sessionEnd, sessionEnd)).toEqual(['booked-gp', 'booked-urgent', 'booked-phone']);
  });

  it('on the October clock-change day, waits for the real session end (12:00 GMT = 12:00Z, not 11:00Z)', () => {
    const end = atLondonTime('2026-10-25', '12:00');
    expect(end.toISOString()).toBe('2026-10-25T12:00:00.000Z');
    const a = [{ id: 'x', status: 'booked' as const, slotTypeId: 'gp10', start: atLondonTime('2026-10-25', '09:00').toISOString() }];
    expect(dueForAutoDna(a, SLOT_TYPES, end, new Date('2026-10-25T11:30:00Z'))).toEqual([]);
    expect(dueForAutoDna(a, SLOT_TYPES, end, new Date('2026-10-25T12:00:00Z'))).toEqual(['x']);
  });
});
