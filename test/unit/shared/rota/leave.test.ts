import { describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '../../../../shared/domain/appointments/appointment-status';
import { generateSlots } from '../../../../shared/domain/rota/generate';
import { Leave, leaveInterval, planLeave, type BookSlot } from '../../../../shared/domain/rota/leave';
import { input, londonHHmm, template } from './fixtures';

const slot = (id: string, start: string, over: Partial<BookSlot> = {}): BookSlot => ({
  id,
  clinicianId: 'drA',
  start,
  end: new Date(Date.parse(start) + 10 * 60_000).toISOString(),
  state: 'free',
  ...over,
});
const appt = (id: string, slotId: string, status: AppointmentStatus = 'booked') => ({ id, slotId, status });

describe('leave as an interval', () => {
  it('days are whole London days, the last one included', () => {
    const { startMs, endMs } = leaveInterval({ from: '2026-10-24', to: '2026-10-25' });
    expect(new Date(startMs).toISOString()).toBe('2026-10-23T23:00:00.000Z'); // 00:00 BST
    expect(new Date(endMs).toISOString()).toBe('2026-10-26T00:00:00.000Z'); // 00:00 GMT on Monday
  });

  it('instants are taken as they are; both forms may be mixed', () => {
    const { startMs, endMs } = leaveInterval({ from: '2026-06-01T12:00:00+01:00', to: '2026-06-02' });
    expect(new Date(startMs).toISOString()).toBe('2026-06-01T11:00:00.000Z');
    expect(new Date(endMs).toISOString()).toBe('2026-06-02T23:00:00.000Z');
  });

  it('the schema refuses leave that ends before it starts, or unreadable dates', () => {
    const bad = Leave.safeParse({ id: 'l1', clinicianId: 'drA', from: '2026-06-02', to: '2026-06-01' });
    expect(bad.error?.issues.map((i) => i.message)).toEqual(['The leave must end after it starts']);
    expect(Leave.safeParse({ id: 'l1', clinicianId: 'drA', from: '2026-06-31', to: '2026-07-01' }).error?.issues[0]?.message).toMatch(/Give a date/);
    expect(Leave.safeParse({ id: 'l1', clinicianId: 'drA', from: '2026-06-01', to: '2026-06-01' }).success).toBe(true); // one whole day
  });
});

describe('planLeave', () => {
  const leave = [{ id: 'al-1', clinicianId: 'drA', from: '2026-06-02', to: '2026-06-03' }];
  const slots = [
    slot('before', '2026-06-01T15:00:00Z'),
    slot('free-1', '2026-06-02T08:00:00Z'),
    slot('booked-1', '2026-06-02T08:10:00Z', { state: 'booked' }),
    slot('double', '2026-06-03T09:00:00Z', { state: 'booked' }),
    slot('cancelled', '2026-06-03T09:10:00Z'),
    slot('arrived', '2026-06-02T08:20:00Z', { state: 'booked' }),
    slot('already-blocked', '2026-06-02T08:30:00Z', { state: 'blocked' }),
    slot('booked-unknown', '2026-06-03T10:00:00Z', { state: 'booked' }),
    slot('edge', '2026-06-01T22:55:00Z'), // 23:55–00:05 BST: partly in the leave
    slot('after', '2026-06-03T23:00:00Z', { state: 'booked' }), // Thursday 00:00 BST
    slot('other-clinician', '2026-06-02T08:00:00Z', { clinicianId: 'drB', state: 'booked' }),
  ];
  const appointments = [
    appt('a-booked', 'booked-1'),
    appt('a-double-2', 'double'),
    appt('a-double-1', 'double'),
    appt('a-cancelled', 'cancelled', 'cancelled-patient'),
    appt('a-arrived', 'arrived', 'arrived'),
    appt('a-after', 'after'),
    appt('a-other', 'other-clinician'),
  ];
  const plan = planLeave({ leave, slots, appointments });

  it('lists exactly the bookings in the leave, in time order, for reception to move', () => {
    expect(plan.rebook.map((r) => r.appointmentId)).toEqual(['a-booked', 'a-double-1', 'a-double-2']);
    expect(plan.rebook[0]).toEqual({ appointmentId: 'a-booked', slotId: 'booked-1', clinicianId: 'drA', start: '2026-06-02T08:10:00Z', end: '2026-06-02T08:20:00.000Z', leaveId: 'al-1' }); // the book's own strings
  });

  it('blocks the free slots in it (a slot partly in the leave included), and nothing else', () => {
    expect(plan.block).toEqual(['edge', 'free-1', 'cancelled']);
  });

  it('flags booked slots whose appointment it does not know', () => {
    expect(plan.bookedWithoutAppointment).toEqual(['booked-unknown']);
  });

  it('no leave, no change', () => {
    expect(planLeave({ leave: [], slots, appointments })).toEqual({ block: [], rebook: [], bookedWithoutAppointment: [] });
  });
});

describe('leave during generation', () => {
  it('blocks the generated slots in a part-day leave and says how many', () => {
    const leave = [{ id: 'am-off', clinicianId: 'drA', from: '2026-06-01T10:00:00+01:00', to: '2026-06-01T13:00:00+01:00' }];
    const r = generateSlots(input({ leave }));
    expect(r.slots.filter((s) => s.state === 'blocked').map((s) => londonHHmm(s.start))).toEqual(['10:00', '10:10', '10:20', '10:30', '10:40', '10:50', '11:00']);
    expect(r.slots).toHaveLength(13);
    expect(r.clashes).toHaveLength(1);
    expect(r.clashes[0]).toMatchObject({ kind: 'leave', leaveId: 'am-off', day: '2026-06-01' });
    expect(r.clashes[0]?.message).toBe('Dr Alex Morgan is on leave during the 09:00–12:00 session on Monday 1 June 2026: 7 slots blocked.');
    expect(r.summary.blockedSlots).toBe(7);
    expect(r.summary.rows.find((row) => row.slotTypeId === 'routine')).toMatchObject({ slots: 10, blocked: 6 });
  });

  it('leave over booked slots: the rebook list holds exactly those bookings and nothing is lost', () => {
    const weeks = generateSlots(input({ from: '2026-06-01', to: '2026-06-28', templates: [template({ pattern: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] } })] }));
    // Book three slots in the week of 8 June and two outside it.
    const inWeek = weeks.slots.filter((s) => s.day >= '2026-06-08' && s.day <= '2026-06-12');
    const outside = weeks.slots.filter((s) => s.day === '2026-06-15');
    const bookedIds = [inWeek[0]!.id, inWeek[20]!.id, inWeek[40]!.id, outside[0]!.id, outside[1]!.id];
    const appointments = bookedIds.map((slotId, i) => appt(`appt-${i}`, slotId));
    const existing = { slots: weeks.slots.map((s) => (bookedIds.includes(s.id) ? { ...s, state: 'booked' as const } : s)), appointments };
    const leave = [{ id: 'hols', clinicianId: 'drA', from: '2026-06-08', to: '2026-06-12' }];

    const r = generateSlots(input({ from: '2026-06-01', to: '2026-06-28', templates: [template({ pattern: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] } })], existing, leave }));
    expect(r.rebook.map((x) => x.appointmentId)).toEqual(['appt-0', 'appt-1', 'appt-2']);
    expect(r.clashes.filter((c) => c.kind === 'leave-over-booking').flatMap((c) => c.appointmentIds)).toEqual(['appt-0', 'appt-1', 'appt-2']);
    expect(r.clashes.find((c) => c.kind === 'leave-over-booking')?.message).toBe(
      'Dr Alex Morgan is on leave at 09:00 on Monday 8 June 2026, when a patient is booked: the appointment is on the rebook list and must be moved.',
    );
    // Nothing lost: every slot is still there, the booked ones still booked, the rest of the week blocked.
    expect(r.slots.map((s) => s.id)).toEqual(weeks.slots.map((s) => s.id));
    for (const id of bookedIds) expect(r.slots.find((s) => s.id === id)?.state).toBe('booked');
    expect(r.slots.filter((s) => s.state === 'blocked')).toHaveLength(inWeek.length - 3);
    expect(r.blockExisting).toHaveLength(inWeek.length - 3);
    expect(new Set(r.slots.filter((s) => s.state === 'blocked').map((s) => s.day))).toEqual(new Set(['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12']));
  });
});
