/** Appointments sandbox building blocks: London time helpers and the deterministic demo data. */
import { describe, expect, it } from 'vitest';
import { generateAppointmentsData, SESSIONS, type AppointmentsData } from '../../electron/sandbox/appointments/data';
import { formatLondon, londonInstant, dayNumber, parseMoment, weekday } from '../../electron/sandbox/appointments/time';

const NOW_0730 = (today: string): number => londonInstant(dayNumber(today), 7 * 60 + 30);
const PATIENTS = ['9000000009', '9000000017', '9000000025', '9000000033'];

function generate(today: string, clinicians?: number, seed = 1): AppointmentsData {
  return generateAppointmentsData({ seed, today, nowMs: NOW_0730(today), patients: PATIENTS, ...(clinicians !== undefined ? { clinicians } : {}) });
}

describe('London time', () => {
  it('formats with the offset in force, across both clock changes', () => {
    expect(formatLondon(londonInstant(dayNumber('2026-03-27'), 9 * 60))).toBe('2026-03-27T09:00:00+00:00');
    expect(formatLondon(londonInstant(dayNumber('2026-03-30'), 9 * 60))).toBe('2026-03-30T09:00:00+01:00');
    expect(londonInstant(dayNumber('2026-03-30'), 9 * 60)).toBe(Date.UTC(2026, 2, 30, 8, 0));
    expect(formatLondon(londonInstant(dayNumber('2026-10-23'), 17 * 60 + 50))).toBe('2026-10-23T17:50:00+01:00');
    expect(formatLondon(londonInstant(dayNumber('2026-10-26'), 8 * 60 + 30))).toBe('2026-10-26T08:30:00+00:00');
    expect(formatLondon(Date.UTC(2026, 2, 29, 0, 59))).toBe('2026-03-29T00:59:00+00:00');
    expect(formatLondon(Date.UTC(2026, 2, 29, 1, 0))).toBe('2026-03-29T02:00:00+01:00');
  });

  it('parses FHIR dates and zoned dateTimes only', () => {
    expect(parseMoment('2026-11-25')).toEqual({ kind: 'date', day: dayNumber('2026-11-25') });
    expect(parseMoment('2026-06-01T09:00:00+01:00')).toEqual({ kind: 'dateTime', ms: Date.UTC(2026, 5, 1, 8) });
    expect(parseMoment('2026-06-01T09:00:00')).toBeNull(); // no zone
    expect(parseMoment('2026-02-30')).toBeNull();
  });
});

describe('demo data', () => {
  it('is deterministic for the same seed and today, and differs for another seed', () => {
    const a = JSON.stringify(generate('2026-11-25'));
    expect(JSON.stringify(generate('2026-11-25'))).toBe(a);
    expect(JSON.stringify(generate('2026-11-25', undefined, 2))).not.toBe(a);
  });

  it('has four weeks of Mon–Fri session slots, one schedule per clinician per site', () => {
    const d = generate('2026-11-25');
    expect(d.clinicians).toHaveLength(12);
    expect(new Set(d.clinicians.map((c) => c.role))).toEqual(new Set(['gp', 'nurse', 'hca']));
    expect(d.schedules).toHaveLength(24);
    expect(d.locations.map((l) => l.name)).toEqual(['Riverside Surgery', 'Millbrook Branch Surgery']);
    const first = dayNumber('2026-11-25');
    for (const s of d.slots) {
      const local = s.start.slice(11, 16);
      const [h, m] = local.split(':').map(Number) as [number, number];
      const minute = h * 60 + m;
      expect(SESSIONS.some((x) => minute >= x.from && minute < x.to)).toBe(true);
      const day = dayNumber(s.start.slice(0, 10));
      expect(day - first).toBeGreaterThanOrEqual(0);
      expect(day - first).toBeLessThan(28);
      expect([0, 6]).not.toContain(weekday(day));
    }
    // Sorted by start, ids unique.
    expect(d.slots.every((s, i) => i === 0 || d.slots[i - 1]!.startMs <= s.startMs)).toBe(true);
    expect(new Set(d.slots.map((s) => s.id)).size).toBe(d.slots.length);
    // Booked slots point at booked appointments for the given patients, never embargoed ones.
    const byId = new Map(d.appointments.map((a) => [a.resource.id, a]));
    for (const s of d.slots.filter((x) => x.status === 'busy')) {
      const a = byId.get(s.appointmentId!)!;
      expect(a.resource.status).toBe('booked');
      expect(PATIENTS).toContain(a.nhsNumber);
      expect(s.bookableFromMs).toBeLessThanOrEqual(NOW_0730('2026-11-25'));
    }
  });

  it('scales to 40 clinicians', () => {
    const d = generate('2026-11-25', 40);
    expect(d.schedules).toHaveLength(80);
    expect(d.slots.length).toBeGreaterThan(20_000);
    expect(() => generate('2026-11-25', 0)).toThrow(RangeError);
  });
});
