import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_ACTIONS,
  APPOINTMENT_STATUSES,
  type AppointmentAction,
  type AppointmentStatus,
  availableActions,
  holdsSlot,
  transition,
} from '../../../shared/domain/appointments/appointment-status';

// Every clock is fixed. The slot starts 10:30 BST on Wed 1 July 2026 (09:30Z).
const slotStart = new Date('2026-07-01T09:30:00Z');
const before = new Date('2026-07-01T09:00:00Z'); // 10:00 London, same day, before the start
const after = new Date('2026-07-01T09:45:00Z'); // 10:45 London, same day, after the start

/** A clock at which each action's time rule is satisfied, so the table below tests only the status rule. */
const okNow: Record<AppointmentAction, Date> = {
  arrive: before,
  'call-in': after,
  finish: after,
  'mark-dna': after,
  'walk-out': after,
  'cancel-by-patient': before,
  'cancel-by-practice': after,
  'undo-arrival': after,
};

// Written out by hand (not derived from the implementation): null = refused.
const EXPECTED: Record<AppointmentStatus, Record<AppointmentAction, AppointmentStatus | null>> = {
  booked: { arrive: 'arrived', 'call-in': null, finish: null, 'mark-dna': 'dna', 'walk-out': null, 'cancel-by-patient': 'cancelled-patient', 'cancel-by-practice': 'cancelled-practice', 'undo-arrival': null },
  arrived: { arrive: null, 'call-in': 'in-consultation', finish: null, 'mark-dna': null, 'walk-out': 'walked-out', 'cancel-by-patient': null, 'cancel-by-practice': null, 'undo-arrival': 'booked' },
  'in-consultation': { arrive: null, 'call-in': null, finish: 'finished', 'mark-dna': null, 'walk-out': null, 'cancel-by-patient': null, 'cancel-by-practice': null, 'undo-arrival': null },
  finished: { arrive: null, 'call-in': null, finish: null, 'mark-dna': null, 'walk-out': null, 'cancel-by-patient': null, 'cancel-by-practice': null, 'undo-arrival': null },
  dna: { arrive: null, 'call-in': null, finish: null, 'mark-dna': null, 'walk-out': null, 'cancel-by-patient': null, 'cancel-by-practice': null, 'undo-arrival': null },
  'walked-out': { arrive: null, 'call-in': null, finish: null, 'mark-dna': null, 'walk-out': null, 'cancel-by-patient': null, 'cancel-by-practice': null, 'undo-arrival': null },
  'cancelled-patient': { arrive: null, 'call-in': null, finish: null, 'mark-dna': null, 'walk-out': null, 'cancel-by-patient': null, 'cancel-by-practice': null, 'undo-arrival': null },
  'cancelled-practice': { arrive: null, 'call-in': null, finish: null, 'mark-dna': null, 'walk-out': null, 'cancel-by-patient': null, 'cancel-by-practice': null, 'undo-arrival': null },
};

const pairs = APPOINTMENT_STATUSES.flatMap((s) => APPOINTMENT_ACTIONS.map((a) => [s, a, EXPECTED[s][a]] as const));

describe('appointment transitions: every (status, action) pair', () => {
  it('covers all 64 pairs', () => expect(pairs).toHaveLength(64));

  it.each(pairs.filter(([, , to]) => to !== null))('%s + %s → %s', (status, action, to) => {
    const now = okNow[action];
    const r = transition(status, action, { now, slotStart });
    expect(r).toMatchObject({ ok: true, to });
  });

  it.each(pairs.filter(([, , to]) => to === null))('%s + %s is refused in plain English', (status, action) => {
    const r = transition(status, action, { now: okNow[action], slotStart });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(/^[A-Z].{20,}\.$/);
      expect(r.reason).not.toMatch(/undefined|null|NaN/);
      expect(r.reason).not.toMatch(/in-consultation|walked-out|cancelled-|dna\b/); // no raw codes
    }
  });

  it('refuses with the documented wording', () => {
    const r = transition('finished', 'mark-dna', { now: after, slotStart });
    expect(r).toEqual({ ok: false, reason: 'This appointment is finished, so it cannot be marked did not attend.' });
    expect(transition('booked', 'call-in', { now: after, slotStart })).toEqual({
      ok: false,
      reason: 'The patient has not arrived yet: mark them as arrived first.',
    });
  });
});

describe('stamps', () => {
  it('arrive stamps the arrival time, call-in the call time, finish the finish time', () => {
    expect(transition('booked', 'arrive', { now: before, slotStart })).toEqual({ ok: true, to: 'arrived', stamps: { arrivedAt: before }, clear: [] });
    expect(transition('arrived', 'call-in', { now: after, slotStart })).toEqual({ ok: true, to: 'in-consultation', stamps: { calledAt: after }, clear: [] });
    expect(transition('in-consultation', 'finish', { now: after, slotStart })).toEqual({ ok: true, to: 'finished', stamps: { finishedAt: after }, clear: [] });
  });

  it('undo-arrival goes back to booked and asks for the arrival time to be cleared', () => {
    expect(transition('arrived', 'undo-arrival', { now: after, slotStart })).toEqual({ ok: true, to: 'booked', stamps: {}, clear: ['arrivedAt'] });
  });

  it('endings carry no stamps', () => {
    expect(transition('booked', 'mark-dna', { now: after, slotStart })).toMatchObject({ stamps: {}, clear: [] });
    expect(transition('arrived', 'walk-out', { now: after, slotStart })).toMatchObject({ stamps: {}, clear: [] });
  });
});

describe('time rules', () => {
  it('arrive: allowed any time on the London day of the appointment, including after the start (late patient)', () => {
    expect(transition('booked', 'arrive', { now: new Date('2026-06-30T23:00:00Z'), slotStart }).ok).toBe(true); // 00:00 BST 1 July
    expect(transition('booked', 'arrive', { now: new Date('2026-07-01T22:59:00Z'), slotStart }).ok).toBe(true); // 23:59 BST
  });

  it('arrive: refused the day before, judged by the London day (23:59 BST on 30 June)', () => {
    const r = transition('booked', 'arrive', { now: new Date('2026-06-30T22:59:00Z'), slotStart }); // 23:59 BST on 30 June
    expect(r).toEqual({ ok: false, reason: 'This appointment is on Wednesday 1 July; a patient can be marked as arrived only on the day.' });
  });

  it('arrive: refused on a later day', () => {
    const r = transition('booked', 'arrive', { now: new Date('2026-07-01T23:00:00Z'), slotStart }); // 00:00 BST 2 July
    expect(r).toEqual({ ok: false, reason: 'This appointment was on Wednesday 1 July; an arrival can be recorded only on the day.' });
  });

  it('mark-dna: refused before and at the start, allowed once the start has passed', () => {
    expect(transition('booked', 'mark-dna', { now: before, slotStart })).toEqual({
      ok: false,
      reason: 'This appointment has not started yet (it starts at 10:30), so it cannot be marked did not attend.',
    });
    expect(transition('booked', 'mark-dna', { now: slotStart, slotStart }).ok).toBe(false);
    expect(transition('booked', 'mark-dna', { now: new Date(slotStart.getTime() + 60_000), slotStart })).toMatchObject({ ok: true, to: 'dna' });
  });

  it('cancel-by-patient: only before the start; cancel-by-practice: any time while booked', () => {
    expect(transition('booked', 'cancel-by-patient', { now: before, slotStart })).toMatchObject({ ok: true, to: 'cancelled-patient' });
    const late = transition('booked', 'cancel-by-patient', { now: slotStart, slotStart });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.reason).toContain('started at 10:30');
    expect(transition('booked', 'cancel-by-practice', { now: before, slotStart })).toMatchObject({ ok: true, to: 'cancelled-practice' });
    expect(transition('booked', 'cancel-by-practice', { now: after, slotStart })).toMatchObject({ ok: true, to: 'cancelled-practice' });
  });

  it('a status refusal wins over a time refusal (the status is the real reason)', () => {
    const r = transition('finished', 'mark-dna', { now: before, slotStart });
    expect(r).toEqual({ ok: false, reason: 'This appointment is finished, so it cannot be marked did not attend.' });
  });
});

describe('availableActions and holdsSlot', () => {
  it('offers only what is allowed now', () => {
    expect(availableActions('booked', { now: before, slotStart })).toEqual(['arrive', 'cancel-by-patient', 'cancel-by-practice']);
    expect(availableActions('booked', { now: after, slotStart })).toEqual(['arrive', 'mark-dna', 'cancel-by-practice']);
    expect(availableActions('arrived', { now: after, slotStart })).toEqual(['call-in', 'walk-out', 'undo-arrival']);
    expect(availableActions('finished', { now: after, slotStart })).toEqual([]);
  });

  it('only live and finished appointments hold their slot', () => {
    expect(APPOINTMENT_STATUSES.filter(holdsSlot)).toEqual(['booked', 'arrived', 'in-consultation', 'finished']);
  });
});
