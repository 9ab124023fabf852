import { describe, expect, it } from 'vitest';
import { generateSlots } from '../../../../shared/domain/rota/generate';
import type { SessionTemplate } from '../../../../shared/domain/rota/template';
import { ALL_DAY, HOURS, HOURS_EVERY_DAY, input, londonHHmm, ROUTINE, SLOT_TYPES, template, URGENT } from './fixtures';

const days = (slots: { day: string }[]) => [...new Set(slots.map((s) => s.day))];
const kinds = (r: ReturnType<typeof generateSlots>) => r.clashes.map((c) => c.kind);

describe('generateSlots: one session', () => {
  const r = generateSlots(input());

  it('lays out the sequence back to back from the session start', () => {
    expect(r.slots.map((s) => `${londonHHmm(s.start)} ${s.slotTypeId}`)).toEqual([
      '09:00 urgent',
      '09:10 urgent',
      ...['09:20', '09:30', '09:40', '09:50', '10:00', '10:10', '10:20', '10:30', '10:40', '10:50'].map((t) => `${t} routine`),
      '11:00 admin',
    ]);
    expect(r.slots.at(-1)?.end).toBe('2026-06-01T10:30:00.000Z'); // 11:30 BST
    expect(r.clashes).toEqual([]);
  });

  it('fills in the book fields from the slot type', () => {
    const [urgent] = r.slots;
    expect(urgent).toMatchObject({
      id: 'drA-mon-am.20260601T0800Z',
      scheduleId: 'drA:main',
      clinicianId: 'drA',
      siteId: 'main',
      start: '2026-06-01T08:00:00.000Z',
      end: '2026-06-01T08:10:00.000Z',
      state: 'free',
      embargoUntil: '2026-06-01T07:00:00.000Z',
      onlineBookable: false,
      bookableBy: ['reception', 'clinician'],
      templateId: 'drA-mon-am',
      day: '2026-06-01',
      isNew: true,
    });
    expect(r.slots.find((s) => s.slotTypeId === 'routine')).toMatchObject({ onlineBookable: true, embargoUntil: null });
    expect(r.slots.find((s) => s.slotTypeId === 'admin')).toMatchObject({ bookableBy: [], onlineBookable: false });
  });

  it('summarises slots per type per clinician per day', () => {
    expect(r.summary.rows).toEqual([
      { day: '2026-06-01', clinicianId: 'drA', slotTypeId: 'admin', slots: 1, blocked: 0 },
      { day: '2026-06-01', clinicianId: 'drA', slotTypeId: 'routine', slots: 10, blocked: 0 },
      { day: '2026-06-01', clinicianId: 'drA', slotTypeId: 'urgent', slots: 2, blocked: 0 },
    ]);
    expect(r.summary).toMatchObject({ totalSlots: 13, newSlots: 13, blockedSlots: 0 });
  });

  it('a step can override the slot length', () => {
    const t = template({ sequence: [{ slotTypeId: 'routine', count: 2, lengthMinutes: 15 }] });
    expect(generateSlots(input({ templates: [t] })).slots.map((s) => londonHHmm(s.end))).toEqual(['09:15', '09:30']);
  });

  it('respects validFrom and validTo', () => {
    const t = template({ validFrom: '2026-06-08', validTo: '2026-06-15' });
    expect(days(generateSlots(input({ templates: [t], from: '2026-06-01', to: '2026-06-30' })).slots)).toEqual(['2026-06-08', '2026-06-15']);
  });
});

describe('weekday patterns', () => {
  const run = (pattern: SessionTemplate['pattern'], from: string, to: string) =>
    days(generateSlots(input({ templates: [template({ pattern, validFrom: '2025-01-01' })], from, to })).slots);

  it('alternate weeks run from the anchor week, both forwards and backwards', () => {
    expect(run({ kind: 'alternate', weekdays: [1, 3], anchorWeekStart: '2026-06-08' }, '2026-05-25', '2026-07-05')).toEqual([
      '2026-05-27', // week of 25 May (anchor − 2 weeks): Monday is the spring bank holiday
      '2026-06-08',
      '2026-06-10',
      '2026-06-22',
      '2026-06-24',
    ]);
  });

  it('nth weekday of the month: the 2nd Tuesday', () => {
    expect(run({ kind: 'nth-weekday', weekday: 2, nth: 2 }, '2026-01-01', '2026-06-30')).toEqual(['2026-01-13', '2026-02-10', '2026-03-10', '2026-04-14', '2026-05-12', '2026-06-09']);
  });

  it('the last Friday of the month, including 5-Friday months', () => {
    expect(run({ kind: 'nth-weekday', weekday: 5, nth: -1 }, '2026-01-01', '2026-06-30')).toEqual(['2026-01-30', '2026-02-27', '2026-03-27', '2026-04-24', '2026-05-29', '2026-06-26']);
  });

  it('the 5th Thursday only in months that have one', () => {
    expect(run({ kind: 'nth-weekday', weekday: 4, nth: 5 }, '2026-01-01', '2026-12-31')).toEqual(['2026-01-29', '2026-04-30', '2026-07-30', '2026-10-29', '2026-12-31']);
  });
});

describe('clock-change days', () => {
  const sunday = (over: Partial<SessionTemplate>) =>
    template({ id: 'drA-sun', pattern: { kind: 'weekly', weekdays: [7] }, sequence: [{ slotTypeId: 'routine', count: 30 }], ...over });

  it('a Sunday morning clinic is at 09:00 on the clock either side of each change', () => {
    const r = generateSlots(input({ templates: [sunday({ start: '09:00', end: '10:00' })], from: '2026-03-22', to: '2026-11-01', openingHours: HOURS_EVERY_DAY }));
    const first = (day: string) => r.slots.find((s) => s.day === day)?.start;
    expect(first('2026-03-22')).toBe('2026-03-22T09:00:00.000Z'); // GMT
    expect(first('2026-03-29')).toBe('2026-03-29T08:00:00.000Z'); // BST from 01:00 GMT that morning
    expect(first('2026-10-25')).toBe('2026-10-25T09:00:00.000Z'); // GMT again
    expect(r.slots.filter((s) => s.day === '2026-03-29')).toHaveLength(6);
  });

  it('a session across the March change lasts an hour less (00:30–03:00 is 90 minutes)', () => {
    const r = generateSlots(input({ templates: [sunday({ start: '00:30', end: '03:00' })], from: '2026-03-29', to: '2026-03-29', openingHours: HOURS_EVERY_DAY }));
    expect(r.slots.map((s) => londonHHmm(s.start))).toEqual(['00:30', '00:40', '00:50', '02:00', '02:10', '02:20', '02:30', '02:40', '02:50']);
    expect(r.slots.map((s) => s.start)[3]).toBe('2026-03-29T01:00:00.000Z');
    expect(kinds(r)).toEqual(['template-ends-mid-slot']); // 30 slots asked for, 9 fit
  });

  it('a session across the October change lasts an hour more, and 01:00–01:50 happen twice as distinct slots', () => {
    const r = generateSlots(input({ templates: [sunday({ start: '00:30', end: '03:00' })], from: '2026-10-25', to: '2026-10-25', openingHours: HOURS_EVERY_DAY }));
    expect(r.slots).toHaveLength(21); // 210 minutes
    expect(r.slots[0]?.start).toBe('2026-10-24T23:30:00.000Z');
    expect(r.slots.filter((s) => londonHHmm(s.start) === '01:00').map((s) => s.start)).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z']);
    expect(new Set(r.slots.map((s) => s.id)).size).toBe(21);
    expect(r.slots.every((s) => s.day === '2026-10-25')).toBe(true);
  });

  it('the Monday after each change is an ordinary day in the new offset', () => {
    const r = generateSlots(input({ from: '2026-03-23', to: '2026-03-30' }));
    expect(r.slots.filter((s) => s.day === '2026-03-23')[0]?.start).toBe('2026-03-23T09:00:00.000Z');
    expect(r.slots.filter((s) => s.day === '2026-03-30')[0]?.start).toBe('2026-03-30T08:00:00.000Z');
  });
});

describe('embargo release times', () => {
  const typed = (embargo: (typeof URGENT)['embargo']) => [{ ...URGENT, embargo }, ROUTINE];
  const release = (embargo: (typeof URGENT)['embargo'], day: string, start = '09:00', weekday = 1) => {
    const t = template({ pattern: { kind: 'weekly', weekdays: [weekday] }, start, end: '12:00', sequence: [{ slotTypeId: 'urgent', count: 1 }] });
    const r = generateSlots(input({ templates: [t], slotTypes: typed(embargo), from: day, to: day, openingHours: HOURS_EVERY_DAY }));
    return r.slots[0]?.embargoUntil;
  };

  it('on the day at 08:00 is 08:00 on the clock, in GMT, BST and on both change days', () => {
    const onTheDay = { kind: 'on-the-day', at: '08:00' } as const;
    expect(release(onTheDay, '2026-03-23')).toBe('2026-03-23T08:00:00.000Z');
    expect(release(onTheDay, '2026-03-29', '09:00', 7)).toBe('2026-03-29T07:00:00.000Z');
    expect(release(onTheDay, '2026-03-30')).toBe('2026-03-30T07:00:00.000Z');
    expect(release(onTheDay, '2026-10-25', '09:00', 7)).toBe('2026-10-25T08:00:00.000Z');
    expect(release(onTheDay, '2026-10-26')).toBe('2026-10-26T08:00:00.000Z');
  });

  it('days before at a time uses the clock on the release day (Sunday 18:00 before each Monday)', () => {
    const dayBefore = { kind: 'days-before', days: 1, at: '18:00' } as const;
    expect(release(dayBefore, '2026-03-30')).toBe('2026-03-29T17:00:00.000Z'); // 18:00 BST
    expect(release(dayBefore, '2026-10-26')).toBe('2026-10-25T18:00:00.000Z'); // 18:00 GMT
    expect(release({ kind: 'days-before', days: 14, at: '07:30' }, '2026-04-13')).toBe('2026-03-30T06:30:00.000Z');
  });

  it('hours before counts elapsed hours', () => {
    expect(release({ kind: 'before', hours: 48 }, '2026-03-30')).toBe('2026-03-28T08:00:00.000Z'); // Saturday 08:00 GMT
    expect(release({ kind: 'none' }, '2026-03-30')).toBeNull();
  });

  it('a release after the slot starts is kept and reported', () => {
    const t = template({ start: '07:30', end: '08:30', sequence: [{ slotTypeId: 'urgent', count: 6 }] });
    const r = generateSlots(input({ templates: [t], openingHours: { ...HOURS, mon: { open: '07:00', close: '18:30' } } }));
    const late = r.clashes.find((c) => c.kind === 'released-after-start');
    // 07:30–08:00, and 08:00 itself: a slot that has started cannot be booked (slot.ts), so a release at the start is too late.
    expect(late?.slotIds).toEqual(r.slots.slice(0, 4).map((s) => s.id));
    expect(r.slots[4]?.embargoUntil).toBe('2026-06-01T07:00:00.000Z');
    expect(late?.message).toMatch(/^4 slots of Dr Alex Morgan's 07:30–08:30 session on Monday 1 June 2026 are released only once they have started, so nobody can book them/);
  });
});

describe('bank holidays and local closures', () => {
  it('no session on a bank holiday, with the reason and the holiday named', () => {
    const r = generateSlots(
      input({ from: '2026-03-30', to: '2026-04-13', calendar: { bankHolidays: new Set(['2026-04-06']), closures: new Set(), bankHolidayTitles: new Map([['2026-04-06', 'Easter Monday']]) } }),
    );
    expect(days(r.slots)).toEqual(['2026-03-30', '2026-04-13']);
    expect(r.clashes).toHaveLength(1);
    expect(r.clashes[0]).toMatchObject({ kind: 'bank-holiday', day: '2026-04-06', templateId: 'drA-mon-am', clinicianId: 'drA' });
    expect(r.clashes[0]?.message).toBe("No slots for Dr Alex Morgan's 09:00–12:00 session on Monday 6 April 2026: it is a bank holiday (Easter Monday).");
  });

  it('no session on a local closure', () => {
    const r = generateSlots(input({ from: '2026-06-01', to: '2026-06-14', calendar: { bankHolidays: new Set(), closures: new Set(['2026-06-08']) } }));
    expect(days(r.slots)).toEqual(['2026-06-01']);
    expect(r.clashes.map((c) => [c.kind, c.day])).toEqual([['local-closure', '2026-06-08']]);
    expect(r.clashes[0]?.message).toMatch(/the practice is closed that day/);
  });
});

describe('a template ending mid-slot', () => {
  it('the slot that would end after the session end is not generated, nor those after it', () => {
    const t = template({ start: '09:00', end: '10:00', sequence: [{ slotTypeId: 'routine', count: 5 }, { slotTypeId: 'admin', count: 1 }, { slotTypeId: 'routine', count: 2 }] });
    const r = generateSlots(input({ templates: [t] }));
    expect(r.slots.map((s) => londonHHmm(s.start))).toEqual(['09:00', '09:10', '09:20', '09:30', '09:40']);
    expect(r.clashes).toHaveLength(1);
    expect(r.clashes[0]).toMatchObject({ kind: 'template-ends-mid-slot', day: '2026-06-01', templateId: 'drA-mon-am' });
    expect(r.clashes[0]?.message).toBe(
      "The slots of Dr Alex Morgan's 09:00–10:00 session on Monday 1 June 2026 do not fit: the slot at 09:50 would end at 10:20, after the session ends at 10:00, so it and the 2 slots after it were not generated. Shorten the sequence or end the session later.",
    );
  });

  it('a sequence that ends exactly at the session end is fine', () => {
    const t = template({ start: '09:00', end: '09:30', sequence: [{ slotTypeId: 'routine', count: 3 }] });
    expect(generateSlots(input({ templates: [t] })).clashes).toEqual([]);
  });
});

describe('overlapping sessions of one clinician', () => {
  const a = template({ id: 'a-am', start: '09:00', end: '12:00' });
  const b = template({ id: 'b-late', start: '11:00', end: '13:00', sequence: [{ slotTypeId: 'routine', count: 6 }] });

  it('are refused: the later session is not generated, the clash names both', () => {
    const r = generateSlots(input({ templates: [b, a] }));
    expect(new Set(r.slots.map((s) => s.templateId))).toEqual(new Set(['a-am']));
    expect(r.clashes).toHaveLength(1);
    expect(r.clashes[0]).toMatchObject({ kind: 'overlapping-session', templateId: 'b-late', otherTemplateId: 'a-am', day: '2026-06-01' });
    expect(r.clashes[0]?.message).toBe(
      "Dr Alex Morgan's 11:00–13:00 session on Monday 1 June 2026 overlaps their 09:00–12:00 session: it was not generated. Change the times or the days of one of the two templates.",
    );
  });

  it('at another site too (one person, one place)', () => {
    const r = generateSlots(input({ templates: [a, { ...b, siteId: 'branch' }] }));
    expect(kinds(r)).toEqual(['overlapping-session']);
  });

  it('two sessions starting together: the lower template id is kept', () => {
    const r = generateSlots(input({ templates: [{ ...b, id: 'z', start: '09:00' }, { ...a, id: 'y' }] }));
    expect(new Set(r.slots.map((s) => s.templateId))).toEqual(new Set(['y']));
  });

  it('a session only touching another, or another clinician at the same time, is fine', () => {
    const after = template({ id: 'pm', start: '12:00', end: '13:00', sequence: [{ slotTypeId: 'routine', count: 6 }] });
    const other = { ...b, clinicianId: 'drB' };
    const r = generateSlots(input({ templates: [a, after, other] }));
    expect(r.clashes).toEqual([]);
    expect(new Set(r.slots.map((s) => s.templateId))).toEqual(new Set(['a-am', 'pm', 'b-late']));
  });

  it('a refused session does not refuse the one after it', () => {
    const c = template({ id: 'c-pm', start: '12:30', end: '14:00', sequence: [{ slotTypeId: 'routine', count: 3 }] });
    const r = generateSlots(input({ templates: [a, b, c] }));
    expect(new Set(r.slots.map((s) => s.templateId))).toEqual(new Set(['a-am', 'c-pm']));
  });
});

describe('opening hours', () => {
  it('slots outside the hours are not generated and are reported', () => {
    const t = template({ start: '07:30', end: '09:00', sequence: [{ slotTypeId: 'routine', count: 9 }] });
    const r = generateSlots(input({ templates: [t] }));
    expect(r.slots.map((s) => londonHHmm(s.start))).toEqual(['08:00', '08:10', '08:20', '08:30', '08:40', '08:50']);
    expect(r.clashes[0]).toMatchObject({ kind: 'outside-opening-hours', slotIds: ['drA-mon-am.20260601T0630Z', 'drA-mon-am.20260601T0640Z', 'drA-mon-am.20260601T0650Z'] });
    expect(r.clashes[0]?.message).toBe("3 slots of Dr Alex Morgan's 07:30–09:00 session on Monday 1 June 2026 were not generated: outside the opening hours (08:00–18:30).");
  });

  it('a session on a closed weekday is not generated', () => {
    const t = template({ pattern: { kind: 'weekly', weekdays: [7] } });
    const r = generateSlots(input({ templates: [t] }));
    expect(r.slots).toEqual([]);
    expect(r.clashes[0]?.message).toBe("No slots for Dr Alex Morgan's 09:00–12:00 session on Sunday 7 June 2026: the practice is closed on Sundays.");
  });

  it("a site's own hours win over the practice's", () => {
    const t = template({ siteId: 'branch' });
    const branch = { ...HOURS, mon: { open: '09:00', close: '10:00' } };
    const r = generateSlots(input({ templates: [t], siteOpeningHours: { branch } }));
    expect(r.slots).toHaveLength(6);
    expect(kinds(r)).toEqual(['outside-opening-hours']);
    expect(generateSlots(input({ templates: [t], siteOpeningHours: { branch: { ...HOURS, mon: ALL_DAY } } })).clashes).toEqual([]);
  });
});

describe('slots already in the book', () => {
  const booked = { id: 'manual-1', clinicianId: 'drA', start: '2026-06-01T08:10:00.000Z', end: '2026-06-01T08:25:00.000Z', state: 'booked' as const };

  it('a booked slot at the same time is kept and listed; the new slots over it are not generated', () => {
    const r = generateSlots(input({ existing: { slots: [booked], appointments: [{ id: 'appt-1', slotId: 'manual-1', status: 'booked' }] } }));
    expect(r.slots.map((s) => londonHHmm(s.start))).not.toContain('09:10');
    expect(r.slots.map((s) => londonHHmm(s.start))).not.toContain('09:20');
    expect(r.slots).toHaveLength(11);
    expect(r.clashes).toHaveLength(1);
    expect(r.clashes[0]).toMatchObject({
      kind: 'existing-booking',
      existingSlotIds: ['manual-1'],
      appointmentIds: ['appt-1'],
      slotIds: ['drA-mon-am.20260601T0810Z', 'drA-mon-am.20260601T0820Z'],
    });
    expect(r.clashes[0]?.message).toBe(
      'Dr Alex Morgan already has a booked slot at 09:10–09:25 on Monday 1 June 2026: 2 new slots of the 09:00–12:00 session were not added there. The booking is kept as it is.',
    );
  });

  it("another clinician's booking at the same time is no clash", () => {
    expect(generateSlots(input({ existing: { slots: [{ ...booked, clinicianId: 'drB' }], appointments: [] } })).clashes).toEqual([]);
  });

  it('an unbooked slot from elsewhere at the same time is not doubled up either', () => {
    const r = generateSlots(input({ existing: { slots: [{ ...booked, state: 'free' }], appointments: [{ id: 'x', slotId: 'manual-1', status: 'cancelled-patient' }] } }));
    expect(r.slots).toHaveLength(11);
    expect(r.clashes.map((c) => [c.kind, c.existingSlotIds])).toEqual([['existing-slot', ['manual-1']]]);
  });

  it('regenerating is idempotent: the same ids, nothing new, booked slots stay booked, no clashes', () => {
    const first = generateSlots(input({ from: '2026-06-01', to: '2026-06-30' }));
    const bookedOne = first.slots[3]!;
    const blockedOne = first.slots[5]!;
    const existing = {
      slots: first.slots.map((s) => (s.id === blockedOne.id ? { ...s, state: 'blocked' as const } : s)),
      appointments: [{ id: 'appt-9', slotId: bookedOne.id, status: 'booked' as const }],
    };
    const again = generateSlots(input({ from: '2026-06-01', to: '2026-06-30', existing }));
    expect(again.clashes).toEqual([]);
    expect(again.slots.map((s) => s.id)).toEqual(first.slots.map((s) => s.id));
    expect(again.slots.every((s) => !s.isNew)).toBe(true);
    expect(again.summary.newSlots).toBe(0);
    expect(again.slots.find((s) => s.id === bookedOne.id)?.state).toBe('booked');
    expect(again.slots.find((s) => s.id === blockedOne.id)?.state).toBe('blocked');
  });
});

describe('determinism', () => {
  it('the same input gives the same output, whatever the order of templates and slot types', () => {
    const templates = [template(), template({ id: 'drB-tue', clinicianId: 'drB', pattern: { kind: 'weekly', weekdays: [2, 4] } }), template({ id: 'drA-fri', pattern: { kind: 'nth-weekday', weekday: 5, nth: -1 } })];
    const a = generateSlots(input({ templates, from: '2026-01-01', to: '2026-12-31' }));
    const b = generateSlots(input({ templates: [...templates].reverse(), slotTypes: [...SLOT_TYPES].reverse(), from: '2026-01-01', to: '2026-12-31' }));
    expect(b).toEqual(a);
    expect(new Set(a.slots.map((s) => s.id)).size).toBe(a.slots.length);
  });

  it('ids are the template id and the UTC start, so a shorter range gives the same ids for its days', () => {
    const year = generateSlots(input({ from: '2026-01-01', to: '2026-12-31' }));
    const june = generateSlots(input({ from: '2026-06-01', to: '2026-06-30' }));
    const yearIds = new Set(year.slots.map((s) => s.id));
    expect(june.slots.every((s) => yearIds.has(s.id))).toBe(true);
    expect(year.slots.every((s) => /^[A-Za-z0-9.-]{1,64}$/.test(s.id))).toBe(true); // FHIR id alphabet and length
  });

  it('a template naming a missing slot type is skipped, once, with the reason', () => {
    const r = generateSlots(input({ templates: [template({ sequence: [{ slotTypeId: 'gone', count: 1 }] })], from: '2026-06-01', to: '2026-06-30' }));
    expect(r.slots).toEqual([]);
    expect(r.clashes).toHaveLength(1);
    expect(r.clashes[0]).toMatchObject({ kind: 'unknown-slot-type', day: null });
    expect(r.clashes[0]?.message).toMatch(/uses a slot type that does not exist \(gone\)/);
  });
});
