import { describe, expect, it } from 'vitest';
import { capacity, isoWeekLabel } from '../../../../shared/domain/rota/capacity';

const slot = (id: string, clinicianId: string, day: string, state: 'free' | 'booked' | 'blocked', slotTypeId = 'routine') => ({
  id, clinicianId, day, state, slotTypeId, start: `${day}T09:00:00Z`, end: `${day}T09:10:00Z`,
});

describe('capacity', () => {
  it('labels ISO weeks by the year their Thursday falls in', () => {
    expect(isoWeekLabel('2026-12-07')).toBe('2026-W50');
    expect(isoWeekLabel('2026-12-28')).toBe('2026-W53'); // 2026 starts on a Thursday: 53 weeks
    expect(isoWeekLabel('2027-01-04')).toBe('2027-W01');
    expect(isoWeekLabel('2024-12-30')).toBe('2025-W01');
  });

  it('counts offered = free + booked per week per clinician and per national category; blocked is not offered', () => {
    const r = capacity({
      from: '2026-12-07',
      to: '2026-12-14',
      slots: [
        slot('a', 'drA', '2026-12-07', 'free'),
        slot('b', 'drA', '2026-12-07', 'booked'),
        slot('c', 'drA', '2026-12-08', 'blocked'),
        slot('d', 'drA', '2026-12-08', 'free', 'nurse'), // held by a booking saved here, not yet sent
        slot('e', 'drB', '2026-12-14', 'free', 'nurse'),
        slot('f', 'drB', '2026-12-15', 'free'), // after the range
      ],
      appointments: [
        { slotId: 'd', status: 'booked' },
        { slotId: 'a', status: 'cancelled-patient' },
      ],
      categoryOf: (t) => (t === 'nurse' ? 'Planned Clinics' : 'General Consultation Routine'),
    });
    expect(r.weeks).toEqual([
      { weekStart: '2026-12-07', isoWeek: '2026-W50' },
      { weekStart: '2026-12-14', isoWeek: '2026-W51' },
    ]);
    expect(r.byClinician).toEqual([
      { weekStart: '2026-12-07', clinicianId: 'drA', offered: 3, booked: 2, free: 1, blocked: 1 },
      { weekStart: '2026-12-14', clinicianId: 'drB', offered: 1, booked: 0, free: 1, blocked: 0 },
    ]);
    expect(r.byCategory).toEqual([
      { weekStart: '2026-12-07', category: 'General Consultation Routine', offered: 2, booked: 1 },
      { weekStart: '2026-12-07', category: 'Planned Clinics', offered: 1, booked: 1 },
      { weekStart: '2026-12-14', category: 'Planned Clinics', offered: 1, booked: 0 },
    ]);
    expect(r.totals).toEqual({ offered: 4, booked: 2, free: 2, blocked: 1 });
  });
});
