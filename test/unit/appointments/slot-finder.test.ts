import { describe, expect, it } from 'vitest';
import { atLondonTime, daySlotsTimes, formatLondon, londonDay, londonMinuteOfDay } from '../../../shared/domain/appointments/london-time';
import { type Booker, isBookableNow, type Slot, slotLengthMinutes, urgentSlotTypeIds } from '../../../shared/domain/appointments/slot';
import { buildSlotIndex, findFreeSlots, nextFree, type SlotQuery } from '../../../shared/domain/appointments/slot-finder';
import { SLOT_TYPES, slot } from './fixtures';

const at = (day: string, time: string) => atLondonTime(day, time).toISOString();
const D = '2026-07-01'; // a Wednesday in BST
const D2 = '2026-07-02';
const now = atLondonTime(D, '08:30');

const book: Record<string, Slot> = {
  past: slot(at(D, '08:00')),
  startsNow: slot(at(D, '08:30')),
  booked: slot(at(D, '08:40'), { state: 'booked' }),
  blocked: slot(at(D, '08:50'), { state: 'blocked' }),
  a0900: slot(at(D, '09:00')),
  b0900: slot(at(D, '09:00'), { clinicianId: 'drB', siteId: 'branch', slotTypeId: 'gp20', minutes: 20 }),
  receptionOnly: slot(at(D, '09:10'), { onlineBookable: false, bookableBy: ['reception', 'clinician'] }),
  clinicianOnly: slot(at(D, '09:20'), { bookableBy: ['clinician'] }),
  urgentEmbargoed: slot(at(D, '10:00'), { clinicianId: 'drC', slotTypeId: 'urgent', embargoUntil: at(D, '09:00') }),
  urgent: slot(at(D, '11:00'), { clinicianId: 'drC', slotTypeId: 'urgent' }),
  a1200: slot(at(D, '12:00')),
  a1650: slot(at(D, '16:50')),
  a1700: slot(at(D, '17:00')),
  a0900next: slot(at(D2, '09:00')),
  urgentNext: slot(at(D2, '08:00'), { clinicianId: 'drC', slotTypeId: 'urgent' }),
};
const nameOf = new Map(Object.entries(book).map(([k, v]) => [v.id, k]));
// Shuffled on purpose: the index must sort.
const index = buildSlotIndex(Object.values(book).reverse());
const names = (slots: Slot[]) => slots.map((s) => nameOf.get(s.id));
const find = (q: Partial<SlotQuery> = {}, when = now, limit?: number) => names(findFreeSlots(index, { by: 'reception', ...q }, when, limit));

describe('findFreeSlots: what is never returned', () => {
  it('no past slot, no slot starting now, no booked or blocked slot; earliest first', () => {
    expect(find({}, now, 100)).toEqual(['a0900', 'b0900', 'receptionOnly', 'urgent', 'a1200', 'a1650', 'a1700', 'urgentNext', 'a0900next']);
  });

  it('an embargoed slot only from its release time', () => {
    expect(find({ clinicianIds: ['drC'] })).toEqual(['urgent', 'urgentNext']);
    expect(find({ clinicianIds: ['drC'] }, atLondonTime(D, '09:00'))).toEqual(['urgentEmbargoed', 'urgent', 'urgentNext']);
  });

  it('booker rights: online, reception and clinician each see only what they may book', () => {
    expect(find({ by: 'online' }, now, 100)).not.toContain('receptionOnly');
    expect(find({ by: 'online' }, now, 100)).not.toContain('clinicianOnly');
    expect(find({ by: 'reception' }, now, 100)).not.toContain('clinicianOnly');
    expect(find({ by: 'clinician' }, now, 100)).toEqual(expect.arrayContaining(['receptionOnly', 'clinicianOnly']));
  });
});

describe('findFreeSlots: filters', () => {
  it('by clinician (one or several, merged in start order)', () => {
    expect(find({ clinicianIds: ['drB'] })).toEqual(['b0900']);
    expect(find({ clinicianIds: ['drC', 'drB'] })).toEqual(['b0900', 'urgent', 'urgentNext']);
    expect(find({ clinicianIds: ['nobody'] })).toEqual([]);
  });

  it('by slot type and by site', () => {
    expect(find({ slotTypeIds: ['gp20'] })).toEqual(['b0900']);
    expect(find({ siteIds: ['branch'] })).toEqual(['b0900']);
    expect(find({ siteIds: ['main'], slotTypeIds: ['gp10'] }, now, 3)).toEqual(['a0900', 'receptionOnly', 'a1200']);
  });

  it('an empty id list means "any"', () => {
    expect(find({ clinicianIds: [], siteIds: [], slotTypeIds: [] }, now, 2)).toEqual(['a0900', 'b0900']);
  });

  it('by length: "next free 10-minute slot"', () => {
    expect(find({ lengthMinutes: 20 })).toEqual(['b0900']);
    expect(find({ lengthMinutes: 10 }, now, 2)).toEqual(['a0900', 'receptionOnly']);
  });

  it('by time of day, on the London wall clock (12:00 is afternoon, 17:00 is evening)', () => {
    expect(find({ timeOfDay: 'morning' }, now, 100)).toEqual(['a0900', 'b0900', 'receptionOnly', 'urgent', 'urgentNext', 'a0900next']);
    expect(find({ timeOfDay: 'afternoon' }, now, 100)).toEqual(['a1200', 'a1650']);
    expect(find({ timeOfDay: 'evening' }, now, 100)).toEqual(['a1700']);
  });

  it('on-the-day urgent: same London day as now, urgent types only', () => {
    const urgent = urgentSlotTypeIds(SLOT_TYPES);
    expect(find({ onTheDayOnly: true, slotTypeIds: urgent })).toEqual(['urgent']);
    expect(find({ onTheDayOnly: true, slotTypeIds: urgent }, atLondonTime(D, '11:30'))).toEqual([]);
    expect(find({ onTheDayOnly: true, slotTypeIds: urgent }, atLondonTime(D2, '07:00'))).toEqual(['urgentNext']);
  });

  it('from: searches from a later instant, but never before now', () => {
    expect(find({ from: atLondonTime(D, '16:00') }, now, 2)).toEqual(['a1650', 'a1700']);
    expect(find({ from: atLondonTime(D, '06:00') }, now, 1)).toEqual(['a0900']);
  });

  it('limit, and nextFree = the first or null', () => {
    expect(find({}, now, 3)).toEqual(['a0900', 'b0900', 'receptionOnly']);
    expect(find({}, now, 0)).toEqual([]);
    expect(find({ clinicianIds: ['drA', 'drB', 'drC'] }, now, 2)).toEqual(['a0900', 'b0900']);
    expect(nameOf.get(nextFree(index, { by: 'online', clinicianIds: ['drC'] }, now)?.id ?? '')).toBe('urgent');
    expect(nextFree(index, { by: 'reception', slotTypeIds: ['phone'] }, now)).toBeNull();
  });

  it('default limit is 10', () => {
    const many = buildSlotIndex(daySlotsTimes(D, '09:00', '12:00', 10).map((t) => slot(t.toISOString())));
    expect(findFreeSlots(many, { by: 'reception' }, now)).toHaveLength(10);
  });
});

describe('findFreeSlots on the clock-change days', () => {
  it('time of day follows London time on 29 March (BST from 01:00Z) and 25 October (GMT from 01:00Z)', () => {
    const slots = [
      slot('2026-03-29T11:30:00Z'), // 12:30 BST: afternoon, though 11:30 in UTC
      slot('2026-03-29T16:30:00Z'), // 17:30 BST: evening
      slot('2026-10-25T11:30:00Z'), // 11:30 GMT: morning
      slot('2026-10-25T16:30:00Z'), // 16:30 GMT: afternoon
    ];
    const ix = buildSlotIndex(slots);
    const q = (timeOfDay: SlotQuery['timeOfDay'], day: string) =>
      findFreeSlots(ix, { by: 'reception', timeOfDay, onTheDayOnly: true }, atLondonTime(day, '07:00')).map((s) => formatLondon(new Date(s.start), 'HH:mm'));
    expect(q('afternoon', '2026-03-29')).toEqual(['12:30']);
    expect(q('evening', '2026-03-29')).toEqual(['17:30']);
    expect(q('morning', '2026-10-25')).toEqual(['11:30']);
    expect(q('afternoon', '2026-10-25')).toEqual(['16:30']);
  });

  it('on-the-day covers the whole 25-hour day in October, and only the 23-hour day in March', () => {
    const oct = buildSlotIndex([slot('2026-10-25T23:50:00Z'), slot('2026-10-26T00:00:00Z')]); // 23:50 GMT Sunday, 00:00 Monday
    expect(findFreeSlots(oct, { by: 'reception', onTheDayOnly: true }, atLondonTime('2026-10-25', '01:30'))).toHaveLength(1);
    const mar = buildSlotIndex([slot('2026-03-29T22:50:00Z'), slot('2026-03-29T23:00:00Z')]); // 23:50 BST Sunday, 00:00 Monday
    expect(findFreeSlots(mar, { by: 'reception', onTheDayOnly: true }, atLondonTime('2026-03-29', '00:30'))).toHaveLength(1);
  });
});

/** Deterministic PRNG (mulberry32) so the book is the same on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 4 weeks × 40 clinicians × 60 slots a day (weekdays) ≈ 48k slots, mostly booked, some blocked/embargoed/restricted. */
function bigBook(seed = 42): Slot[] {
  const r = rng(seed);
  const out: Slot[] = [];
  for (let d = 0; d < 28; d++) {
    const date = new Date(Date.UTC(2026, 9, 12 + d)); // spans the October clock change
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    const day = date.toISOString().slice(0, 10);
    const times = daySlotsTimes(day, '08:00', '18:00', 10);
    for (let c = 0; c < 40; c++) {
      for (const t of times) {
        const x = r();
        out.push(
          slot(t.toISOString(), {
            clinicianId: `c${c}`,
            siteId: c % 3 === 0 ? 'branch' : 'main',
            slotTypeId: x < 0.05 ? 'urgent' : x < 0.1 ? 'phone' : 'gp10',
            state: x < 0.93 ? 'booked' : x < 0.96 ? 'blocked' : 'free',
            embargoUntil: r() < 0.1 ? atLondonTime(day, '08:00').toISOString() : null,
            onlineBookable: r() < 0.5,
            bookableBy: r() < 0.1 ? ['clinician'] : ['reception', 'online', 'clinician'],
          }),
        );
      }
    }
  }
  return out;
}

describe('findFreeSlots agrees with a brute-force search over a large book', () => {
  const slots = bigBook();
  const ix = buildSlotIndex(slots);
  const r = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;

  it('builds the whole book', () => expect(ix.size).toBeGreaterThan(40_000));

  it('200 random queries give exactly the brute-force answer', () => {
    for (let i = 0; i < 200; i++) {
      const nowI = new Date(Date.parse('2026-10-12T06:00:00Z') + Math.floor(r() * 28 * 24) * 3_600_000);
      const q: SlotQuery = {
        by: pick<Booker>(['reception', 'online', 'clinician']),
        ...(r() < 0.5 ? { clinicianIds: [`c${Math.floor(r() * 40)}`, `c${Math.floor(r() * 40)}`] } : {}),
        ...(r() < 0.3 ? { slotTypeIds: [pick(['gp10', 'urgent', 'phone'])] } : {}),
        ...(r() < 0.3 ? { siteIds: [pick(['main', 'branch'])] } : {}),
        ...(r() < 0.3 ? { timeOfDay: pick(['morning', 'afternoon', 'evening'] as const) } : {}),
        ...(r() < 0.2 ? { onTheDayOnly: true } : {}),
        ...(r() < 0.1 ? { lengthMinutes: pick([10, 20]) } : {}),
      };
      const limit = 1 + Math.floor(r() * 15);
      const tod = (s: Slot) => {
        const m = londonMinuteOfDay(new Date(s.start));
        return m < 720 ? 'morning' : m < 1020 ? 'afternoon' : 'evening';
      };
      const expected = slots
        .filter((s) => isBookableNow(s, nowI, q.by))
        .filter((s) => !q.clinicianIds || q.clinicianIds.includes(s.clinicianId))
        .filter((s) => !q.slotTypeIds || q.slotTypeIds.includes(s.slotTypeId))
        .filter((s) => !q.siteIds || q.siteIds.includes(s.siteId))
        .filter((s) => !q.timeOfDay || tod(s) === q.timeOfDay)
        .filter((s) => !q.onTheDayOnly || londonDay(new Date(s.start)) === londonDay(nowI))
        .filter((s) => q.lengthMinutes === undefined || slotLengthMinutes(s) === q.lengthMinutes)
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : 1))
        .slice(0, limit)
        .map((s) => s.id);
      expect(findFreeSlots(ix, q, nowI, limit).map((s) => s.id), JSON.stringify({ q, now: nowI, limit })).toEqual(expected);
    }
  });

  it('next-free stays well inside the 5 ms p95 budget (loose bound here; the real benchmark lives in bench/)', () => {
    const nowB = new Date('2026-10-12T07:00:00Z');
    const queries: SlotQuery[] = [
      { by: 'online' },
      { by: 'reception', clinicianIds: ['c7'] },
      { by: 'reception', slotTypeIds: ['urgent'], onTheDayOnly: true },
      { by: 'online', timeOfDay: 'evening', siteIds: ['branch'] },
      { by: 'reception', slotTypeIds: ['no-such-type'] }, // worst case: scans the whole book
    ];
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      nextFree(ix, queries[i % queries.length]!, nowB);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)]!;
    expect(p95).toBeLessThan(25);
  });
});
