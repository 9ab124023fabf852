import { describe, expect, it } from 'vitest';
import {
  bookerMayBook,
  isBookableNow,
  slotDisplayState,
  slotLengthMinutes,
  slotStateLabel,
  urgentSlotTypeIds,
  whyNotBookable,
} from '../../../shared/domain/appointments/slot';
import { SLOT_TYPES, slot } from './fixtures';

// Slot at 10:00 BST on 1 July 2026; "now" is 08:30 BST.
const now = new Date('2026-07-01T07:30:00Z');
const start = '2026-07-01T09:00:00Z';

describe('isBookableNow / whyNotBookable', () => {
  it('a free future slot is bookable by each booker it lists', () => {
    const s = slot(start);
    for (const by of ['reception', 'online', 'clinician'] as const) expect(isBookableNow(s, now, by)).toBe(true);
  });

  it('booked and blocked slots are not bookable', () => {
    expect(whyNotBookable(slot(start, { state: 'booked' }), now, 'reception')).toBe('This slot is already booked.');
    expect(whyNotBookable(slot(start, { state: 'blocked' }), now, 'reception')).toBe('This slot is blocked and cannot be booked.');
  });

  it('a slot that has started (or is in the past) is not bookable', () => {
    expect(isBookableNow(slot(start), new Date(start), 'reception')).toBe(false);
    expect(whyNotBookable(slot('2026-07-01T07:00:00Z'), now, 'reception')).toBe('This slot has already started.');
    expect(isBookableNow(slot(start), new Date(Date.parse(start) - 1), 'reception')).toBe(true);
  });

  it('an embargoed slot becomes bookable at its release time, for every booker', () => {
    const s = slot(start, { embargoUntil: '2026-07-01T07:45:00Z' }); // 08:45 BST
    expect(whyNotBookable(s, now, 'reception')).toBe('This slot is held back until 08:45.');
    expect(isBookableNow(s, new Date('2026-07-01T07:44:59Z'), 'clinician')).toBe(false);
    expect(isBookableNow(s, new Date('2026-07-01T07:45:00Z'), 'reception')).toBe(true);
  });

  it('an embargo released on another day names the day', () => {
    const s = slot('2026-07-02T09:00:00Z', { embargoUntil: '2026-07-02T07:00:00Z' });
    expect(whyNotBookable(s, now, 'online')).toBe('This slot is held back until 08:00 on Thursday 2 July.');
  });

  it('booker rights: online needs both onlineBookable and "online" in bookableBy', () => {
    expect(bookerMayBook(slot(start, { onlineBookable: false }), 'online')).toBe(false);
    expect(bookerMayBook(slot(start, { bookableBy: ['reception'] }), 'online')).toBe(false);
    expect(bookerMayBook(slot(start, { bookableBy: ['reception'] }), 'clinician')).toBe(false);
    expect(whyNotBookable(slot(start, { bookableBy: ['clinician'] }), now, 'reception')).toBe('This slot cannot be booked by reception.');
    expect(whyNotBookable(slot(start, { onlineBookable: false }), now, 'online')).toBe('This slot cannot be booked online.');
  });
});

describe('slot display state and label', () => {
  it.each([
    [slot(start), 'online-bookable', 'Free (online)'],
    [slot(start, { onlineBookable: false }), 'free', 'Free'],
    [slot(start, { state: 'booked' }), 'booked', 'Booked'],
    [slot(start, { state: 'blocked' }), 'blocked', 'Unavailable'],
    [slot(start, { embargoUntil: '2026-07-01T07:00:00Z' }), 'online-bookable', 'Free (online)'], // released at 08:00 BST
    [slot(start, { embargoUntil: '2026-07-01T08:00:00Z' }), 'embargoed', 'Embargoed until 09:00'],
  ] as const)('%#: %s', (s, state, label) => {
    expect(slotDisplayState(s, now)).toBe(state);
    expect(slotStateLabel(s, now)).toBe(label);
  });

  it('length and urgent types', () => {
    expect(slotLengthMinutes(slot(start, { minutes: 20 }))).toBe(20);
    expect(urgentSlotTypeIds(SLOT_TYPES)).toEqual(['urgent']);
  });
});
