import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankHolidayFeed, bankHolidayDays } from '../../../../shared/domain/calendar/bank-holidays';
import { addDays, isDay, isoWeekday } from '../../../../shared/domain/calendar/days';

/** The shipped calendar, checked against the rules that make it (not against a copy of itself). */
const FILE = resolve(__dirname, '../../../../resources/bank-holidays-england-and-wales.json');
const feed = BankHolidayFeed.parse(JSON.parse(readFileSync(FILE, 'utf8')));
const YEARS = [2024, 2025, 2026, 2027, 2028];
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const inYear = (y: number) => feed.events.filter((e) => e.date.startsWith(`${y}-`));

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
function easterSunday(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(y, month, day);
}

/** Mondays of a month, in order. */
function mondays(y: number, m: number): string[] {
  const out: string[] = [];
  for (let d = 1; d <= 31; d++) {
    const day = ymd(y, m, d);
    if (isDay(day) && isoWeekday(day) === 1) out.push(day);
  }
  return out;
}

/** A weekend holiday moves to the next weekday not already a holiday; weekday ones stay (Christmas 2022: 26 Mon, 27 Tue). */
function withSubstitutes(days: string[]): string[] {
  const taken = new Set(days.filter((d) => isoWeekday(d) <= 5));
  for (const d of days.filter((x) => isoWeekday(x) > 5)) {
    let s = addDays(d, 1);
    while (isoWeekday(s) > 5 || taken.has(s)) s = addDays(s, 1);
    taken.add(s);
  }
  return [...taken].sort();
}

describe('resources/bank-holidays-england-and-wales.json', () => {
  it('is the england-and-wales division with a source', () => {
    expect(feed.division).toBe('england-and-wales');
    expect(feed.source).toContain('gov.uk/bank-holidays.json');
  });

  it('has only real dates, in order, each once, and each on a weekday', () => {
    const dates = feed.events.map((e) => e.date);
    expect(dates.every(isDay)).toBe(true);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.filter((d) => isoWeekday(d) > 5)).toEqual([]);
  });

  it('covers 2024 to 2028 with 8 holidays a year', () => {
    expect([...new Set(feed.events.map((e) => Number(e.date.slice(0, 4))))]).toEqual(YEARS);
    for (const y of YEARS) expect(inYear(y), String(y)).toHaveLength(8);
  });

  it.each(YEARS)('%i: Good Friday and Easter Monday match the computus', (y) => {
    const easter = easterSunday(y);
    const days = inYear(y);
    expect(days.find((e) => e.title === 'Good Friday')?.date).toBe(addDays(easter, -2));
    expect(days.find((e) => e.title === 'Easter Monday')?.date).toBe(addDays(easter, 1));
  });

  it('the computus itself gives known Easter Sundays', () => {
    expect([2024, 2025, 2026, 2027, 2028].map(easterSunday)).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16']);
  });

  it.each(YEARS)('%i: early May, spring and summer bank holidays are the first/last Mondays', (y) => {
    const byTitle = new Map(inYear(y).map((e) => [e.title, e.date]));
    expect(byTitle.get('Early May bank holiday')).toBe(mondays(y, 5)[0]);
    expect(byTitle.get('Spring bank holiday')).toBe(mondays(y, 5).at(-1));
    expect(byTitle.get('Summer bank holiday')).toBe(mondays(y, 8).at(-1));
  });

  it.each(YEARS)('%i: New Year, Christmas and Boxing Day, with substitute weekdays for weekend ones', (y) => {
    const days = new Set(inYear(y).map((e) => e.date));
    const newYear = withSubstitutes([ymd(y, 1, 1)]);
    const christmas = withSubstitutes([ymd(y, 12, 25), ymd(y, 12, 26)]);
    for (const d of [...newYear, ...christmas]) expect(days.has(d), d).toBe(true);
    const substitutes = inYear(y).filter((e) => e.notes === 'Substitute day');
    for (const s of substitutes) expect(isoWeekday(s.date), s.date).toBeLessThanOrEqual(5);
    const expectedSubs = [...newYear, ...christmas].filter((d) => !['01-01', '12-25', '12-26'].includes(d.slice(5)));
    expect(substitutes.map((s) => s.date).sort()).toEqual(expectedSubs.sort());
  });

  it('has the known dates people check first', () => {
    const days = bankHolidayDays(feed);
    for (const d of ['2025-05-05', '2026-12-28', '2027-12-27', '2027-12-28', '2028-01-03', '2026-04-03', '2026-04-06', '2026-08-31']) {
      expect(days.has(d), d).toBe(true);
    }
    expect(days.has('2026-12-26')).toBe(false); // a Saturday: its substitute is the 28th
  });
});
