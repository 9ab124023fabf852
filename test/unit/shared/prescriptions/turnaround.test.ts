import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankHolidayFeed, bankHolidayDays, closedDays } from '../../../../shared/domain/calendar/bank-holidays';
import { turnaround, turnaroundDeadline } from '../../../../shared/domain/prescriptions/turnaround';

// The real England and Wales calendar the core loads (resources/), so Christmas 2026 is as shipped.
const feed = BankHolidayFeed.parse(JSON.parse(readFileSync(resolve(__dirname, '../../../../resources/bank-holidays-england-and-wales.json'), 'utf8')));
const BANK = bankHolidayDays(feed);
const at = (iso: string) => new Date(iso);
const open = (receivedAt: string) => ({ receivedAt: at(receivedAt), state: 'requested' as const });

describe('turnaround deadline (2 working days by default)', () => {
  it('a weekday request is due two working days later at the same time', () => {
    expect(turnaroundDeadline(at('2026-06-15T09:00:00Z'), BANK).toISOString()).toBe('2026-06-17T09:00:00.000Z'); // Mon → Wed (10:00 BST)
  });

  it('the weekend does not count: Friday → Tuesday; a Saturday request starts on Monday', () => {
    expect(turnaroundDeadline(at('2026-06-19T15:00:00Z'), BANK).toISOString()).toBe('2026-06-23T15:00:00.000Z');
    expect(turnaroundDeadline(at('2026-06-20T09:00:00Z'), BANK).toISOString()).toBe('2026-06-23T23:00:00.000Z'); // Wed 00:00 BST
  });

  it('bank holidays do not count: in on Christmas Eve 2026, due on Wednesday 30 December', () => {
    // 25 Dec Friday and 28 Dec (Boxing Day substitute) are bank holidays; 26–27 the weekend.
    expect(BANK.has('2026-12-25') && BANK.has('2026-12-28')).toBe(true);
    expect(turnaroundDeadline(at('2026-12-24T11:00:00Z'), BANK).toISOString()).toBe('2026-12-30T11:00:00.000Z');
    // Without the bank holidays it would have been Monday the 28th.
    expect(turnaroundDeadline(at('2026-12-24T11:00:00Z'), new Set()).toISOString()).toBe('2026-12-28T11:00:00.000Z');
  });

  it('across the October clock change: Friday 23rd 15:00 BST → Tuesday 27th 15:00 GMT, 97 hours later', () => {
    const received = at('2026-10-23T14:00:00Z'); // 15:00 BST
    const deadline = turnaroundDeadline(received, BANK);
    expect(deadline.toISOString()).toBe('2026-10-27T15:00:00.000Z'); // 15:00 GMT
    expect((deadline.getTime() - received.getTime()) / 3_600_000).toBe(97);
  });

  it('a local closure counts like a bank holiday, and the target is a setting', () => {
    expect(turnaroundDeadline(at('2026-06-15T09:00:00Z'), closedDays(BANK, ['2026-06-16'])).toISOString()).toBe('2026-06-18T09:00:00.000Z');
    expect(turnaroundDeadline(at('2026-06-15T09:00:00Z'), BANK, 3).toISOString()).toBe('2026-06-18T09:00:00.000Z');
  });
});

describe('time left and overdue', () => {
  it('counts working time only', () => {
    const t = turnaround(open('2026-06-15T08:00:00Z'), at('2026-06-15T12:00:00Z'), BANK);
    expect(t).toMatchObject({ counting: true, overdue: false, minutes: 44 * 60, text: '1 working day 20 hours left' });
    // Thursday 10:00 → due Monday 10:00; on Saturday only Monday morning is left.
    expect(turnaround(open('2026-06-18T09:00:00Z'), at('2026-06-20T11:00:00Z'), BANK).text).toBe('10 working hours left');
  });

  it('is overdue once the deadline has passed, by working time', () => {
    const t = turnaround(open('2026-06-18T09:00:00Z'), at('2026-06-22T11:30:00Z'), BANK);
    expect(t).toMatchObject({ overdue: true, text: 'overdue by 2 working hours 30 minutes' });
  });

  it('a whole working day is 24 hours even on the 25-hour Sunday of the clock change', () => {
    expect(turnaround(open('2026-10-23T14:00:00Z'), at('2026-10-23T14:00:00Z'), BANK).text).toBe('2 working days left');
    expect(turnaround(open('2026-10-23T14:00:00Z'), at('2026-10-27T16:00:00Z'), BANK)).toMatchObject({ overdue: true, minutes: 60, text: 'overdue by 1 working hour' });
  });

  it('over Christmas the clock stops on the holidays', () => {
    // In Thursday 24th 11:00; on Tuesday 29th 11:00 one working day is left.
    expect(turnaround(open('2026-12-24T11:00:00Z'), at('2026-12-29T11:00:00Z'), BANK).text).toBe('1 working day left');
    // On the bank holiday Monday 28th 11:00: all of Tuesday and Wednesday until 11:00.
    expect(turnaround(open('2026-12-24T11:00:00Z'), at('2026-12-28T11:00:00Z'), BANK).text).toBe('1 working day 11 hours left');
  });

  it('stops counting once the request is decided', () => {
    for (const state of ['sent-to-pharmacy', 'printed', 'ready-to-collect', 'collected', 'rejected', 'cancelled'] as const) {
      const t = turnaround({ receivedAt: at('2026-06-01T09:00:00Z'), state }, at('2026-06-30T09:00:00Z'), BANK);
      expect(t).toMatchObject({ counting: false, overdue: false, text: null });
      expect(t.deadline.toISOString()).toBe('2026-06-03T09:00:00.000Z');
    }
    expect(turnaround({ receivedAt: at('2026-06-01T09:00:00Z'), state: 'with-prescriber' }, at('2026-06-30T09:00:00Z'), BANK).overdue).toBe(true);
  });
});
