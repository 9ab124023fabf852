import { describe, expect, it } from 'vitest';
import { closedDays } from '../../../../shared/domain/calendar/bank-holidays';
import {
  addWorkingDays,
  describeWorkingTimeLeft,
  isWorkingDay,
  nextWorkingDay,
  workingMsBetween,
  workingTimeLeft,
} from '../../../../shared/domain/calendar/working-days';

// 2026 England and Wales bank holidays (the resources file is checked on its own) and one local closure.
const BANK_2026 = ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'];
const CLOSED = closedDays(BANK_2026, ['2026-06-17']);
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const HOUR = 3_600_000;

describe('isWorkingDay', () => {
  it('Monday to Friday, except bank holidays and local closures', () => {
    expect(isWorkingDay('2026-06-15', CLOSED)).toBe(true); // Monday
    expect(isWorkingDay('2026-06-19', CLOSED)).toBe(true); // Friday
    expect(isWorkingDay('2026-06-20', CLOSED)).toBe(false); // Saturday
    expect(isWorkingDay('2026-06-21', CLOSED)).toBe(false); // Sunday
    expect(isWorkingDay('2026-04-06', CLOSED)).toBe(false); // Easter Monday
    expect(isWorkingDay('2026-06-17', CLOSED)).toBe(false); // local closure
    expect(nextWorkingDay('2026-04-02', CLOSED)).toBe('2026-04-07');
  });
});

describe('addWorkingDays', () => {
  it('Friday 16:00 + 2 working days → Tuesday 16:00', () => {
    expect(iso(addWorkingDays(at('2026-06-12T15:00:00Z'), 2, CLOSED))).toBe('2026-06-16T15:00:00.000Z'); // 16:00 BST both
  });

  it('keeps the wall-clock time across the March change (16:00 GMT → 16:00 BST, 95 elapsed hours)', () => {
    const from = at('2026-03-27T16:00:00Z');
    const due = addWorkingDays(from, 2, CLOSED);
    expect(iso(due)).toBe('2026-03-31T15:00:00.000Z');
    expect((due.getTime() - from.getTime()) / HOUR).toBe(95);
  });

  it('keeps the wall-clock time across the October change (16:00 BST → 16:00 GMT, 97 elapsed hours)', () => {
    const from = at('2026-10-23T15:00:00Z');
    const due = addWorkingDays(from, 2, CLOSED);
    expect(iso(due)).toBe('2026-10-27T16:00:00.000Z');
    expect((due.getTime() - from.getTime()) / HOUR).toBe(97);
  });

  it('arriving on a weekend counts from 00:00 on the next working day: Saturday + 2 → Wednesday 00:00', () => {
    expect(iso(addWorkingDays(at('2026-06-06T09:00:00Z'), 2, CLOSED))).toBe('2026-06-09T23:00:00.000Z'); // Wed 10th 00:00 BST
  });

  it('arriving on the clock-change Sunday at 01:30 counts from Monday 00:00', () => {
    expect(iso(addWorkingDays(at('2026-10-25T01:30:00Z'), 1, CLOSED))).toBe('2026-10-27T00:00:00.000Z'); // Tue 00:00 GMT
    expect(iso(addWorkingDays(at('2026-03-29T00:30:00Z'), 1, CLOSED))).toBe('2026-03-30T23:00:00.000Z'); // Tue 00:00 BST
  });

  it('skips bank holidays and local closures', () => {
    // Thursday before Easter 10:00 BST: Good Friday and Easter Monday do not count.
    expect(iso(addWorkingDays(at('2026-04-02T09:00:00Z'), 2, CLOSED))).toBe('2026-04-08T09:00:00.000Z');
    // Christmas 2026: Friday 25th and the substitute Monday 28th.
    expect(iso(addWorkingDays(at('2026-12-23T09:00:00Z'), 2, CLOSED))).toBe('2026-12-29T09:00:00.000Z');
    // Local closure on Wednesday 17 June.
    expect(iso(addWorkingDays(at('2026-06-16T09:00:00Z'), 1, CLOSED))).toBe('2026-06-18T09:00:00.000Z');
    // Arriving on Easter Monday: the clock starts on Tuesday 00:00.
    expect(iso(addWorkingDays(at('2026-04-06T11:00:00Z'), 2, CLOSED))).toBe('2026-04-08T23:00:00.000Z');
  });

  it('0 working days: the instant itself on a working day, the next working day 00:00 otherwise', () => {
    expect(iso(addWorkingDays(at('2026-06-15T10:11:12.345Z'), 0, CLOSED))).toBe('2026-06-15T10:11:12.345Z');
    expect(iso(addWorkingDays(at('2026-06-13T10:00:00Z'), 0, CLOSED))).toBe('2026-06-14T23:00:00.000Z');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays(at('2026-06-15T10:00:00Z'), -1, CLOSED)).toThrow(RangeError);
    expect(() => addWorkingDays(at('2026-06-15T10:00:00Z'), 1.5, CLOSED)).toThrow(RangeError);
  });
});

describe('workingTimeLeft', () => {
  it('counts only working days: Friday 16:00 → Tuesday 16:00 is 48 working hours', () => {
    expect(workingTimeLeft(at('2026-06-12T15:00:00Z'), at('2026-06-16T15:00:00Z'), CLOSED)).toEqual({ overdue: false, minutes: 48 * 60 });
  });

  it('is not fooled by the 23- and 25-hour Sundays', () => {
    expect(workingTimeLeft(at('2026-03-27T16:00:00Z'), at('2026-03-31T15:00:00Z'), CLOSED).minutes).toBe(48 * 60);
    expect(workingTimeLeft(at('2026-10-23T15:00:00Z'), at('2026-10-27T16:00:00Z'), CLOSED).minutes).toBe(48 * 60);
  });

  it('does not run at the weekend', () => {
    const deadline = at('2026-06-16T15:00:00Z'); // Tuesday 16:00
    expect(workingTimeLeft(at('2026-06-13T11:00:00Z'), deadline, CLOSED).minutes).toBe(40 * 60); // Saturday: Monday + 16 h
    expect(workingTimeLeft(at('2026-06-14T20:00:00Z'), deadline, CLOSED).minutes).toBe(40 * 60); // Sunday night
  });

  it('reports how far past the deadline, in working time', () => {
    // Tuesday 16:00 → Wednesday (a closure) 10:00: only Tuesday evening is working time.
    expect(workingTimeLeft(at('2026-06-17T09:00:00Z'), at('2026-06-16T15:00:00Z'), CLOSED)).toEqual({ overdue: true, minutes: 8 * 60 });
    expect(workingTimeLeft(at('2026-06-18T09:00:00Z'), at('2026-06-16T15:00:00Z'), CLOSED)).toEqual({ overdue: true, minutes: 8 * 60 + 10 * 60 });
  });

  it('round trip: n working days after any hour of 2026 is exactly n × 24 working hours away', () => {
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 7 * HOUR) {
      const from = new Date(t);
      for (const n of [1, 2, 5]) {
        const due = addWorkingDays(from, n, CLOSED);
        expect(workingMsBetween(from, due, CLOSED), `${from.toISOString()} + ${n}`).toBe(n * 24 * HOUR);
      }
    }
  });

  it('reads as plain English', () => {
    expect(describeWorkingTimeLeft({ overdue: false, minutes: 28 * 60 })).toBe('1 working day 4 hours left');
    expect(describeWorkingTimeLeft({ overdue: false, minutes: 3 * 60 + 20 })).toBe('3 working hours 20 minutes left');
    expect(describeWorkingTimeLeft({ overdue: false, minutes: 35 })).toBe('35 minutes left');
    expect(describeWorkingTimeLeft({ overdue: true, minutes: 120 })).toBe('overdue by 2 working hours');
    expect(describeWorkingTimeLeft({ overdue: false, minutes: 0 })).toBe('0 minutes left');
  });
});
