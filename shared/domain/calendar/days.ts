/**
 * Arithmetic on calendar days written 'yyyy-MM-dd' (London days in this app), with no time zone involved.
 *
 * Why not Date: a day is a label, not an instant. Working on a day number (days since 1970-01-01) keeps
 * "the next day", "the Monday of this week" and "the 2nd Tuesday of the month" free of clock changes and of
 * the host's time zone, and cheap enough to run for every day of a year's rota.
 */
import type { LondonDay } from '../appointments/london-time';

/** ISO weekday: 1 = Monday … 7 = Sunday (a British week starts on Monday). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day in the form yyyy-MM-dd ('2026-02-30' is not). */
export function isDay(text: string): boolean {
  const m = DAY_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d;
}

/** Days since 1970-01-01 (negative before). Throws RangeError for anything but a real yyyy-MM-dd day. */
export function dayNumber(day: LondonDay): number {
  if (!isDay(day)) throw new RangeError(`Not a day in the form yyyy-MM-dd: "${day}"`);
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
}

export function dayFromNumber(n: number): LondonDay {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: LondonDay, n: number): LondonDay {
  return dayFromNumber(dayNumber(day) + n);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: LondonDay): IsoWeekday {
  return weekdayOfNumber(dayNumber(day));
}

/** 1970-01-01 was a Thursday (4). */
export function weekdayOfNumber(n: number): IsoWeekday {
  return ((((((n + 3) % 7) + 7) % 7) + 1) as IsoWeekday);
}

/** The Monday of the (Monday-first) week containing `day`. */
export function weekStart(day: LondonDay): LondonDay {
  return addDays(day, 1 - isoWeekday(day));
}

/** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
export function eachDay(from: LondonDay, to: LondonDay): LondonDay[] {
  const out: LondonDay[] = [];
  for (let n = dayNumber(from), last = dayNumber(to); n <= last; n++) out.push(dayFromNumber(n));
  return out;
}

/** Number of days in the month of `day` (28–31). */
export function daysInMonth(day: LondonDay): number {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).getUTCDate();
}
