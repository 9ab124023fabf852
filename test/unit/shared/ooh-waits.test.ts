import { describe, expect, it } from 'vitest';
import {
  boardOrder,
  contactsPerHour,
  DEFAULT_TARGET_MINUTES,
  durationWords,
  waitsByPriority,
  waitStatus,
  type WaitInput,
} from '../../../shared/domain/ooh/waits';

/** Out-of-hours waits against the targets per triage priority (issue 8). */
const at = (hhmm: string, day = '2026-11-25') => `${day}T${hhmm}:00.000Z`; // November: London = UTC
const now = new Date(at('20:00'));

describe('durationWords', () => {
  it('says durations the way people do', () => {
    expect(durationWords(0)).toBe('less than a minute');
    expect(durationWords(1)).toBe('1 minute');
    expect(durationWords(45)).toBe('45 minutes');
    expect(durationWords(60)).toBe('1 hour');
    expect(durationWords(65)).toBe('1 hour 5 minutes');
    expect(durationWords(121)).toBe('2 hours 1 minute');
    expect(durationWords(-5)).toBe('less than a minute');
  });
});

describe('waitStatus', () => {
  it('uses the default targets: emergency 1 h, urgent 2 h, less urgent 6 h', () => {
    expect(DEFAULT_TARGET_MINUTES).toEqual({ emergency: 60, urgent: 120, 'less-urgent': 360 });
  });

  it('counts down while waiting within the target', () => {
    const s = waitStatus({ arrivedAt: at('19:15'), seenAt: null, priority: 'urgent' }, now);
    expect(s).toMatchObject({ waitedMinutes: 45, targetMinutes: 120, minutesLeft: 75, overdue: false, met: null, dueAt: at('21:15') });
    expect(s.words).toBe('Waiting 45 minutes; 1 hour 15 minutes left of the 2 hours target');
  });

  it('says "overdue" in words once past the target', () => {
    const s = waitStatus({ arrivedAt: at('18:55'), seenAt: null, priority: 'emergency' }, now);
    expect(s).toMatchObject({ waitedMinutes: 65, overdue: true, minutesLeft: -5 });
    expect(s.words).toBe('Overdue by 5 minutes (the 1 hour target)');
  });

  it('is exactly on time at the target, overdue a moment after', () => {
    expect(waitStatus({ arrivedAt: at('19:00'), seenAt: null, priority: 'emergency' }, now).overdue).toBe(false);
    expect(waitStatus({ arrivedAt: at('19:00'), seenAt: null, priority: 'emergency' }, new Date(now.getTime() + 1000)).overdue).toBe(true);
  });

  it('freezes the wait when the patient is seen, and says whether the target was met', () => {
    const met = waitStatus({ arrivedAt: at('14:00'), seenAt: at('19:30'), priority: 'less-urgent' }, now);
    expect(met).toMatchObject({ waitedMinutes: 330, met: true, overdue: false });
    expect(met.words).toBe('Seen after 5 hours 30 minutes, within the 6 hours target');
    const late = waitStatus({ arrivedAt: at('18:00'), seenAt: at('19:20'), priority: 'emergency' }, now);
    expect(late).toMatchObject({ waitedMinutes: 80, met: false, overdue: false });
    expect(late.words).toBe('Seen after 1 hour 20 minutes, 20 minutes over the 1 hour target');
  });

  it('follows configured targets', () => {
    expect(waitStatus({ arrivedAt: at('19:00'), seenAt: null, priority: 'urgent' }, now, { emergency: 30, urgent: 45, 'less-urgent': 240 }).overdue).toBe(true);
  });

  it('measures elapsed time across the October clock change (no hour gained or lost)', () => {
    // 25 October 2026: 02:00 BST becomes 01:00 GMT. Arrived 00:30 BST (23:30Z), now 01:30 GMT (01:30Z): 2 hours.
    const s = waitStatus({ arrivedAt: '2026-10-24T23:30:00.000Z', seenAt: null, priority: 'urgent' }, new Date('2026-10-25T01:30:00.000Z'));
    expect(s.waitedMinutes).toBe(120);
    expect(s.overdue).toBe(false);
  });
});

describe('boardOrder', () => {
  it('puts the most urgent first, then overdue, then the longest wait', () => {
    const rows: (WaitInput & { id: string })[] = [
      { id: 'a', arrivedAt: at('19:50'), seenAt: null, priority: 'less-urgent' },
      { id: 'b', arrivedAt: at('19:40'), seenAt: null, priority: 'urgent' },
      { id: 'c', arrivedAt: at('17:00'), seenAt: null, priority: 'urgent' }, // overdue
      { id: 'd', arrivedAt: at('19:55'), seenAt: null, priority: 'emergency' },
      { id: 'e', arrivedAt: at('19:30'), seenAt: null, priority: 'urgent' },
    ];
    const sorted = rows.map((r) => ({ ...r, status: waitStatus(r, now) })).sort(boardOrder).map((r) => r.id);
    expect(sorted).toEqual(['d', 'c', 'e', 'b', 'a']);
  });
});

describe('the report', () => {
  it('counts contacts per London hour, across midnight and in BST', () => {
    const hours = contactsPerHour([at('18:05'), at('18:59'), at('19:00'), at('23:30'), at('00:10', '2026-11-26'), at('03:00', '2026-11-26')], new Date(at('18:00')), new Date(at('02:00', '2026-11-26')));
    expect(hours).toHaveLength(8);
    expect(hours.map((h) => h.contacts)).toEqual([2, 1, 0, 0, 0, 1, 1, 0]); // 03:00 is after the period
    expect(hours[0]!.label).toBe('18:00–19:00');
    expect(hours[6]!.label).toBe('00:00–01:00');
    const summer = contactsPerHour(['2026-07-01T17:30:00.000Z'], new Date('2026-07-01T17:00:00.000Z'), new Date('2026-07-01T18:00:00.000Z'));
    expect(summer).toEqual([{ hour: '2026-07-01T17:00:00.000Z', label: '18:00–19:00', contacts: 1 }]);
  });

  it('summarises waits by priority against targets', () => {
    const e: WaitInput[] = [
      { arrivedAt: at('18:00'), seenAt: at('18:40'), priority: 'emergency' }, // 40, met
      { arrivedAt: at('18:00'), seenAt: at('19:30'), priority: 'emergency' }, // 90, missed
      { arrivedAt: at('18:30'), seenAt: at('18:50'), priority: 'emergency' }, // 20, met
      { arrivedAt: at('17:00'), seenAt: null, priority: 'urgent' }, // waiting 180: overdue
      { arrivedAt: at('19:30'), seenAt: null, priority: 'urgent' }, // waiting 30
    ];
    const [emergency, urgent, lessUrgent] = waitsByPriority(e, now);
    expect(emergency).toEqual({
      priority: 'emergency', targetMinutes: 60, contacts: 3, seen: 3, seenWithinTarget: 2, waiting: 0, waitingOverdue: 0,
      medianWaitMinutes: 40, longestWaitMinutes: 90, percentWithinTarget: 67,
    });
    expect(urgent).toMatchObject({ contacts: 2, seen: 0, waiting: 2, waitingOverdue: 1, medianWaitMinutes: null, percentWithinTarget: null });
    expect(lessUrgent).toMatchObject({ contacts: 0, targetMinutes: 360 });
  });
});
