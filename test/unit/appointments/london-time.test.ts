import { describe, expect, it } from 'vitest';
import {
  atLondonTime,
  daySlotsTimes,
  formatLondon,
  londonDay,
  londonDayBounds,
  londonMinuteOfDay,
  londonOffsetMinutes,
  toFhirLocal,
  waitMinutes,
} from '../../../shared/domain/appointments/london-time';

const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString();

describe('London day length and wall-clock times on ordinary days', () => {
  it('09:00 in winter is 09:00Z and in summer 08:00Z', () => {
    expect(iso(atLondonTime('2026-01-14', '09:00'))).toBe('2026-01-14T09:00:00.000Z');
    expect(iso(atLondonTime('2026-07-01', '09:00'))).toBe('2026-07-01T08:00:00.000Z');
  });

  it('an ordinary day is 24 hours', () => {
    const { start, end } = londonDayBounds('2026-07-01');
    expect(iso(start)).toBe('2026-06-30T23:00:00.000Z');
    expect(end.getTime() - start.getTime()).toBe(24 * HOUR);
  });

  it('londonDay is the London date, not the UTC or host date', () => {
    expect(londonDay(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDay(new Date('2026-01-31T23:30:00Z'))).toBe('2026-01-31');
  });

  it('rejects malformed days and times', () => {
    expect(() => atLondonTime('2026-02-30', '09:00')).toThrow(RangeError);
    expect(() => atLondonTime('1/7/2026', '09:00')).toThrow(RangeError);
    expect(() => atLondonTime('2026-07-01', '9:00')).toThrow(RangeError);
    expect(() => atLondonTime('2026-07-01', '24:30')).toThrow(RangeError);
  });
});

describe('clocks go forward: Sunday 29 March 2026 (01:00 GMT → 02:00 BST)', () => {
  const day = '2026-03-29';

  it('the day is 23 hours long', () => {
    const { start, end } = londonDayBounds(day);
    expect(iso(start)).toBe('2026-03-29T00:00:00.000Z');
    expect(iso(end)).toBe('2026-03-29T23:00:00.000Z');
    expect(end.getTime() - start.getTime()).toBe(23 * HOUR);
  });

  it('09:00 London is 08:00Z (already BST); 00:30 is still GMT', () => {
    expect(iso(atLondonTime(day, '09:00'))).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(atLondonTime(day, '00:30'))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(atLondonTime('2026-03-28', '09:00'))).toBe('2026-03-28T09:00:00.000Z'); // the Saturday before: GMT
  });

  it('a time that does not exist (01:30) is moved forward by the skipped hour to 02:30 BST', () => {
    const t = atLondonTime(day, '01:30');
    expect(iso(t)).toBe('2026-03-29T01:30:00.000Z');
    expect(formatLondon(t, 'HH:mm')).toBe('02:30');
    expect(iso(atLondonTime(day, '02:00'))).toBe(iso(atLondonTime(day, '01:00'))); // both are the change instant
  });

  it("a whole day's 10-minute slots: 138 of them, evenly spaced, none duplicated, labels jump 00:50 → 02:00", () => {
    const times = daySlotsTimes(day, '00:00', '24:00', 10);
    expect(times).toHaveLength(23 * 6);
    for (let i = 1; i < times.length; i++) expect(times[i]!.getTime() - times[i - 1]!.getTime()).toBe(10 * 60_000);
    expect(new Set(times.map((t) => t.getTime())).size).toBe(times.length);
    const labels = times.map((t) => formatLondon(t, 'HH:mm'));
    expect(labels.slice(4, 8)).toEqual(['00:40', '00:50', '02:00', '02:10']);
    expect(labels).not.toContain('01:30');
    expect(labels.at(-1)).toBe('23:50');
  });

  it('a surgery 08:00–18:00 has 60 ten-minute slots from 07:00Z, shown as local times', () => {
    const times = daySlotsTimes(day, '08:00', '18:00', 10);
    expect(times).toHaveLength(60);
    expect(iso(times[0]!)).toBe('2026-03-29T07:00:00.000Z');
    expect(formatLondon(times[0]!, 'HH:mm')).toBe('08:00');
    expect(formatLondon(times.at(-1)!, 'HH:mm')).toBe('17:50');
  });

  it('formatting and FHIR times carry the right offset either side of the change', () => {
    expect(toFhirLocal(new Date('2026-03-29T00:59:00Z'))).toBe('2026-03-29T00:59:00+00:00');
    expect(toFhirLocal(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T02:00:00+01:00');
    expect(formatLondon(new Date('2026-03-29T08:00:00Z'), 'HH:mm')).toBe('09:00');
  });
});

describe('clocks go back: Sunday 25 October 2026 (02:00 BST → 01:00 GMT)', () => {
  const day = '2026-10-25';

  it('the day is 25 hours long', () => {
    const { start, end } = londonDayBounds(day);
    expect(iso(start)).toBe('2026-10-24T23:00:00.000Z');
    expect(iso(end)).toBe('2026-10-26T00:00:00.000Z');
    expect(end.getTime() - start.getTime()).toBe(25 * HOUR);
  });

  it('09:00 London is 09:00Z (back on GMT); the Saturday before it was 08:00Z', () => {
    expect(iso(atLondonTime(day, '09:00'))).toBe('2026-10-25T09:00:00.000Z');
    expect(iso(atLondonTime('2026-10-24', '09:00'))).toBe('2026-10-24T08:00:00.000Z');
  });

  it('a time that happens twice (01:30) means the first one, in BST', () => {
    expect(iso(atLondonTime(day, '01:30'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(atLondonTime(day, '02:00'))).toBe('2026-10-25T02:00:00.000Z');
  });

  it("a whole day's 10-minute slots: 150 of them, evenly spaced, none duplicated, 01:00–01:50 shown twice", () => {
    const times = daySlotsTimes(day, '00:00', '24:00', 10);
    expect(times).toHaveLength(25 * 6);
    for (let i = 1; i < times.length; i++) expect(times[i]!.getTime() - times[i - 1]!.getTime()).toBe(10 * 60_000);
    expect(new Set(times.map((t) => t.getTime())).size).toBe(times.length);
    const labels = times.map((t) => formatLondon(t, 'HH:mm xxx'));
    expect(labels.filter((l) => l.startsWith('01:30'))).toEqual(['01:30 +01:00', '01:30 +00:00']);
    expect(labels.slice(10, 14)).toEqual(['01:40 +01:00', '01:50 +01:00', '01:00 +00:00', '01:10 +00:00']);
  });

  it('a surgery 08:00–18:00 has 60 ten-minute slots from 08:00Z', () => {
    const times = daySlotsTimes(day, '08:00', '18:00', 10);
    expect(times).toHaveLength(60);
    expect(iso(times[0]!)).toBe('2026-10-25T08:00:00.000Z');
  });

  it('formatting and FHIR times carry the right offset either side of the change', () => {
    expect(toFhirLocal(new Date('2026-10-25T00:59:00Z'))).toBe('2026-10-25T01:59:00+01:00');
    expect(toFhirLocal(new Date('2026-10-25T01:00:00Z'))).toBe('2026-10-25T01:00:00+00:00');
    expect(formatLondon(new Date('2026-10-25T09:00:00Z'), 'EEE d MMM HH:mm')).toBe('Sun 25 Oct 09:00');
  });

  it('offset and minute-of-day helpers agree with the formatter', () => {
    expect(londonOffsetMinutes(new Date('2026-10-25T00:59:00Z'))).toBe(60);
    expect(londonOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(0);
    expect(londonMinuteOfDay(new Date('2026-10-25T00:30:00Z'))).toBe(90);
    expect(londonMinuteOfDay(new Date('2026-10-25T01:30:00Z'))).toBe(90);
    expect(londonMinuteOfDay(new Date('2026-03-29T23:30:00Z'))).toBe(30); // 00:30 BST on the Monday
  });
});

describe('daySlotsTimes and waitMinutes', () => {
  it('lists only whole slots that end by the session end', () => {
    expect(daySlotsTimes('2026-07-01', '09:00', '09:25', 10).map((t) => formatLondon(t, 'HH:mm'))).toEqual(['09:00', '09:10']);
    expect(daySlotsTimes('2026-07-01', '09:00', '09:00', 10)).toEqual([]);
    expect(() => daySlotsTimes('2026-07-01', '09:00', '10:00', 0)).toThrow(RangeError);
  });

  it('waits are elapsed minutes, so a clock change during the wait adds no hour', () => {
    // 01:50 BST → 01:05 GMT on 25 October is 15 minutes, not −45.
    expect(waitMinutes(new Date('2026-10-25T00:50:00Z'), new Date('2026-10-25T01:05:00Z'))).toBe(15);
    expect(waitMinutes(new Date('2026-07-01T08:00:00Z'), new Date('2026-07-01T08:12:59Z'))).toBe(12);
    expect(waitMinutes(new Date('2026-07-01T08:10:00Z'), new Date('2026-07-01T08:00:00Z'))).toBe(0);
  });

  it('FHIR local times in summer and winter', () => {
    expect(toFhirLocal(new Date('2026-07-01T08:00:00Z'))).toBe('2026-07-01T09:00:00+01:00');
    expect(toFhirLocal(new Date('2026-01-14T09:00:00Z'))).toBe('2026-01-14T09:00:00+00:00');
  });
});
