import { describe, expect, it } from 'vitest';
import type { SlotType } from '../../../../shared/domain/appointments/slot';
import { GPAD_NATIONAL_SLOT_CATEGORIES, MAPPABLE_NATIONAL_SLOT_CATEGORIES } from '../../../../shared/domain/rota/national-categories';
import { OpeningHours } from '../../../../shared/domain/rota/opening-hours';
import { Embargo, PracticeSlotType } from '../../../../shared/domain/rota/slot-type';
import { Rota, SessionTemplate } from '../../../../shared/domain/rota/template';
import { HOURS, ROUTINE, template, URGENT } from './fixtures';

const messages = (r: { error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

describe('PracticeSlotType', () => {
  it('accepts the fixtures, and is usable where the book wants a SlotType', () => {
    expect(PracticeSlotType.parse(URGENT)).toEqual(URGENT);
    const asBookType: SlotType = PracticeSlotType.parse(ROUTINE);
    expect(asBookType.lengthMinutes).toBe(10);
  });

  it('explains each mistake in words a practice manager reads', () => {
    const bad = PracticeSlotType.safeParse({ ...ROUTINE, id: 'has space', name: ' ', lengthMinutes: 7.5, colour: 'blue', bookableBy: ['online', 'online'] });
    expect(messages(bad)).toEqual([
      'Use 1 to 40 letters, digits, hyphens or full stops for the id',
      'Give the slot type a name',
      'The length is a whole number of minutes',
      'Give the colour as # and six hex digits, for example #1d70b8',
      'List each booker once',
    ]);
    expect(messages(PracticeSlotType.safeParse({ ...ROUTINE, lengthMinutes: 300 }))).toEqual(['A slot is at most 4 hours (240 minutes) long']);
    expect(messages(PracticeSlotType.safeParse({ ...ROUTINE, bookableBy: ['patient'] }))).toEqual(['Bookers are reception, online or clinician']);
  });

  it('maps to a GPAD national category; Inconsistent Mapping is not a choice', () => {
    expect(GPAD_NATIONAL_SLOT_CATEGORIES).toContain('Clinical Triage');
    expect(GPAD_NATIONAL_SLOT_CATEGORIES).toContain('Patient contact as part of a Social Prescribing Service');
    expect(MAPPABLE_NATIONAL_SLOT_CATEGORIES).not.toContain('Inconsistent Mapping');
    expect(PracticeSlotType.safeParse({ ...ROUTINE, nationalCategory: 'Home Visit' }).success).toBe(true);
    expect(messages(PracticeSlotType.safeParse({ ...ROUTINE, nationalCategory: 'Inconsistent Mapping' }))).toEqual([
      'Inconsistent Mapping is assigned nationally; choose a category for this slot type',
    ]);
    expect(messages(PracticeSlotType.safeParse({ ...ROUTINE, nationalCategory: 'Routine' }))).toEqual(['Choose one of the national slot categories (or Unmapped)']);
  });
});

describe('Embargo', () => {
  it('the four kinds', () => {
    for (const e of [{ kind: 'none' }, { kind: 'before', hours: 48 }, { kind: 'days-before', days: 2, at: '18:00' }, { kind: 'on-the-day', at: '08:00' }]) {
      expect(Embargo.safeParse(e).success, JSON.stringify(e)).toBe(true);
    }
  });

  it('explains what is wrong', () => {
    expect(messages(Embargo.safeParse({ kind: 'on-the-day', at: '8am' }))).toEqual(['Write the time as HH:mm on the 24-hour clock, for example 08:30']);
    expect(messages(Embargo.safeParse({ kind: 'before', hours: 0 }))).toEqual(['Release at least 1 hour before']);
    expect(messages(Embargo.safeParse({ kind: 'later' }))).toEqual([
      'Choose when the slots are released: none, hours before, days before at a time, or on the day at a time',
    ]);
  });
});

describe('SessionTemplate and Rota', () => {
  it('accepts each pattern', () => {
    expect(SessionTemplate.safeParse(template()).success).toBe(true);
    expect(SessionTemplate.safeParse(template({ pattern: { kind: 'alternate', weekdays: [2], anchorWeekStart: '2026-06-01' } })).success).toBe(true);
    expect(SessionTemplate.safeParse(template({ pattern: { kind: 'nth-weekday', weekday: 5, nth: -1 } })).success).toBe(true);
    expect(SessionTemplate.safeParse(template({ end: '24:00' })).success).toBe(true);
  });

  it('refuses muddled templates with clear messages', () => {
    expect(messages(SessionTemplate.safeParse(template({ start: '12:00', end: '09:00' })))).toEqual(['The session must end after it starts']);
    expect(messages(SessionTemplate.safeParse(template({ validFrom: '2026-06-01', validTo: '2026-05-01' })))).toEqual(['The last day must be on or after the first day']);
    expect(messages(SessionTemplate.safeParse(template({ pattern: { kind: 'alternate', weekdays: [2], anchorWeekStart: '2026-06-03' } })))).toEqual([
      'The first week of an alternate-week pattern starts on a Monday',
    ]);
    expect(messages(SessionTemplate.safeParse(template({ pattern: { kind: 'weekly', weekdays: [] } })))).toEqual(['Choose at least one weekday']);
    expect(messages(SessionTemplate.safeParse(template({ pattern: { kind: 'weekly', weekdays: [0] } })))).toEqual(['Weekdays are 1 (Monday) to 7 (Sunday)']);
    expect(messages(SessionTemplate.safeParse({ ...template(), pattern: { kind: 'nth-weekday', weekday: 2, nth: 6 } }))).toEqual([
      'Choose the 1st to 5th, or the last, weekday of the month',
    ]);
    expect(messages(SessionTemplate.safeParse(template({ sequence: [] })))).toEqual(['Add at least one step of slots to the session']);
    expect(messages(SessionTemplate.safeParse(template({ validFrom: '2026-02-30' })))).toEqual(['That date does not exist']);
  });

  it('a rota groups templates with distinct ids over a range', () => {
    const rota = { id: 'summer-2026', name: 'Summer 2026', from: '2026-06-01', to: '2026-08-31', templates: [template(), template({ id: 'other' })] };
    expect(Rota.safeParse(rota).success).toBe(true);
    expect(messages(Rota.safeParse({ ...rota, templates: [template(), template()] }))).toEqual(['Two templates have the same id']);
    expect(messages(Rota.safeParse({ ...rota, to: '2026-05-01' }))).toEqual(['The rota must end on or after the day it starts']);
  });
});

describe('OpeningHours', () => {
  it('one entry per weekday, null when closed; closing after opening', () => {
    expect(OpeningHours.safeParse(HOURS).success).toBe(true);
    expect(messages(OpeningHours.safeParse({ ...HOURS, mon: { open: '18:00', close: '08:00' } }))).toEqual(['Closing time must be after opening time']);
  });
});
