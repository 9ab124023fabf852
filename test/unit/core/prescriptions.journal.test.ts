import { describe, expect, it } from 'vitest';
import { ENGLAND_BANK_HOLIDAYS } from '../../../electron/core/bank-holidays';
import type { RxRequestRow } from '../../../electron/core/db/repos/prescriptions.repo';
import { JOURNAL_REMOVED_KEPT, RxChangeJournal, type JournalEntry } from '../../../electron/core/services/prescriptions.journal';
import { journalEntry, requestView, timeLeftOf, type ViewContext } from '../../../electron/core/services/prescriptions.views';
import { londonDay } from '../../../shared/domain/appointments/london-time';
import { Rng } from '../../../electron/sandbox/prng';
import { turnaround } from '../../../shared/domain/prescriptions/turnaround';

/** The changes journal behind rx:changes, and the memos its fingerprints (and the queue's views) are worked out from. */

const entry = (id: string, content = 'c', time = 't'): JournalEntry => ({ id, content, time });
const seqOf = (cursor: string) => Number(cursor.split('.')[1]);

describe('the changes journal', () => {
  it('gives what changed after a cursor: content, time alone, removals; nothing from the newest cursor', () => {
    const j = new RxChangeJournal('abc');
    const c1 = j.record([entry('a'), entry('b'), entry('c')]);
    expect(j.since(c1)).toEqual({ changed: [], timed: [], removed: [] });
    expect(j.record([entry('a'), entry('b'), entry('c')])).toBe(c1); // nothing changed: the same cursor

    const c2 = j.record([entry('a', 'c2'), entry('b', 'c', 't2'), entry('d')]);
    expect(j.since(c1)).toEqual({ changed: ['a', 'd'], timed: ['b'], removed: ['c'] });
    expect(j.since(c2)).toEqual({ changed: [], timed: [], removed: [] });
    // c comes back (fetched again): changed, no longer removed.
    const c3 = j.record([entry('a', 'c2'), entry('b', 'c', 't2'), entry('d'), entry('c')]);
    expect(j.since(c1)).toEqual({ changed: expect.arrayContaining(['a', 'c', 'd']), timed: ['b'], removed: [] });
    expect(j.since(c1)!.changed).toHaveLength(3);
    expect(j.since(c2)).toEqual({ changed: ['c'], timed: [], removed: [] });
    expect(seqOf(c3)).toBe(seqOf(c2) + 1);
  });

  it("refuses a cursor that is not its own, from the future, or not a cursor at all", () => {
    const j = new RxChangeJournal('abc');
    const c = j.record([entry('a')]);
    expect(new RxChangeJournal('def').since(c)).toBeNull(); // another core's, or before a restart
    expect(j.since('abc.99')).toBeNull();
    expect(j.since('abc.x')).toBeNull();
    expect(j.since('abc')).toBeNull();
  });

  it('keeps a bounded number of removals; a cursor from before the oldest forgotten one is refused', () => {
    const j = new RxChangeJournal('abc');
    const all = Array.from({ length: JOURNAL_REMOVED_KEPT + 10 }, (_, i) => entry(`r${i}`));
    const start = j.record(all);
    const firstHalf = j.record(all.slice(JOURNAL_REMOVED_KEPT / 2));
    j.record([]); // every other one gone: more removals than are kept
    expect(j.since(start)).toBeNull();
    expect(j.since(firstHalf)?.removed).toHaveLength(JOURNAL_REMOVED_KEPT / 2 + 10);
  });
});

describe("the views' time-left memo", () => {
  const row = (receivedAt: string, state: RxRequestRow['state'] = 'requested'): RxRequestRow =>
    Object.freeze({
      id: `rx-${receivedAt}-${state}`, nhsNumber: '9434765919', patientName: 'SMITH, Jane', channel: 'online', state, receivedAt, templateIds: [],
      routedTo: null, routedName: null, rejectReason: null, decidedBy: null, version: '1', updatedAt: receivedAt,
    });
  const context = (now: Date): ViewContext => ({
    now, today: londonDay(now), closures: ENGLAND_BANK_HOLIDAYS, targetWorkingDays: 2, templates: new Map(), role: 'R8009', waiting: () => false,
  });

  it('never shows a time left other than the one worked out afresh, as the clock moves on in small and large steps', () => {
    const rng = new Rng(20_261_125);
    // Requests received across a fortnight around Christmas 2026 (bank holidays, weekends), some decided.
    const rows = Array.from({ length: 120 }, (_, i) =>
      row(new Date(Date.parse('2026-12-14T00:00:00Z') + rng.int(14 * 86_400_000)).toISOString(), i % 7 === 0 ? 'printed' : 'requested'),
    );
    let now = Date.parse('2026-12-14T06:00:00Z');
    for (let step = 0; step < 300; step++) {
      now += rng.pick([1_000, 17_000, 59_000, 60_000, 61_000, 3_599_000, 3_600_000, 5_400_000, 86_400_000]);
      const x = context(new Date(now));
      for (const r of rows) {
        const fresh = turnaround({ receivedAt: new Date(r.receivedAt), state: r.state }, x.now, x.closures, x.targetWorkingDays);
        expect(timeLeftOf(r, x), `${r.id} at ${x.now.toISOString()}`).toEqual({ timeLeft: fresh.text, overdue: fresh.overdue });
        expect(requestView(r, x).deadline).toBe(fresh.deadline.toISOString());
      }
    }
  });

  it("a request's fingerprint changes with its view, and not otherwise", () => {
    const r = row('2026-12-15T10:00:00Z');
    const x = context(new Date('2026-12-15T11:00:30Z'));
    const e = journalEntry(r, x);
    expect(e.time).toBe('1 working day 22 hours left|0');
    expect(journalEntry(r, context(new Date('2026-12-15T11:59:00Z')))).toEqual(e); // the same wording still
    const hourLater = journalEntry(r, context(new Date('2026-12-15T12:00:30Z'))); // only the time left moved on
    expect(hourLater).toEqual({ id: r.id, content: e.content, time: '1 working day 21 hours left|0' });
    expect(journalEntry({ ...r, routedTo: 'duty' }, x).content).not.toBe(e.content);
    expect(journalEntry(r, { ...x, waiting: () => true }).content).not.toBe(e.content);
    expect(journalEntry(r, { ...x, role: 'R8000' }).content).not.toBe(e.content); // what may be done with it differs
    expect(journalEntry(r, { ...x, targetWorkingDays: 3 }).content).not.toBe(e.content); // its deadline moved
  });
});
