/**
 * Working days for turnaround times (a repeat prescription is due within 2 working days by default).
 *
 * A working day is a London day from Monday to Friday that is neither a bank holiday nor one of the
 * practice's local closures; callers pass both as one set of 'yyyy-MM-dd' days (see `closedDays`).
 * Working time runs only during working days, midnight to midnight London time. UK clocks change on a
 * Sunday, so every working day is 24 hours long and "the same time n working days later" is both the same
 * wall-clock time and exactly n × 24 working hours later.
 */
import { atLondonTime, londonDay, londonDayBounds, londonMinuteOfDay, type LondonDay } from '../appointments/london-time';
import { addDays, isoWeekday } from './days';

const MINUTE = 60_000;
/** Refuse to search further than this for a working day: a calendar closed for five years is a data error. */
const MAX_SEARCH_DAYS = 5 * 366;

export function isWorkingDay(day: LondonDay, closures: ReadonlySet<string>): boolean {
  return isoWeekday(day) <= 5 && !closures.has(day);
}

/** The first working day strictly after `day`. */
export function nextWorkingDay(day: LondonDay, closures: ReadonlySet<string>): LondonDay {
  let d = day;
  for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, closures)) return d;
  }
  throw new RangeError(`No working day within five years after ${day}: check the closures`);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The deadline `n` working days after `instant` (n ≥ 0, whole).
 *
 * - On a working day: the same London wall-clock time on the n-th following working day
 *   (Friday 16:00 + 2 → Tuesday 16:00; across the March change that is 16:00 BST, 71 elapsed hours later).
 * - On a non-working day (weekend, bank holiday, closure) the clock starts at 00:00 of the next working day:
 *   Saturday 10:00 + 2 → Wednesday 00:00, i.e. the whole of Monday and Tuesday.
 * Decision: a deadline therefore always falls on a working day; "by Monday 00:00" after a Friday is reported as
 * such rather than as "Saturday 00:00", which is the same amount of working time.
 */
export function addWorkingDays(instant: Date, n: number, closures: ReadonlySet<string>): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number ≥ 0, not ${n}`);
  let day = londonDay(instant);
  let minute = londonMinuteOfDay(instant);
  let subMinuteMs = ((instant.getTime() % MINUTE) + MINUTE) % MINUTE; // London offsets are whole hours
  if (!isWorkingDay(day, closures)) {
    day = nextWorkingDay(day, closures);
    minute = 0;
    subMinuteMs = 0;
  }
  for (let i = 0; i < n; i++) day = nextWorkingDay(day, closures);
  return new Date(atLondonTime(day, `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`).getTime() + subMinuteMs);
}

/** Working milliseconds in [from, to): the parts of the interval that lie on working days. 0 when to ≤ from. */
export function workingMsBetween(from: Date, to: Date, closures: ReadonlySet<string>): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let total = 0;
  const last = londonDay(new Date(b - 1));
  for (let day = londonDay(from); ; day = addDays(day, 1)) {
    if (isWorkingDay(day, closures)) {
      const { start, end } = londonDayBounds(day);
      total += Math.max(0, Math.min(b, end.getTime()) - Math.max(a, start.getTime()));
    }
    if (day === last) return total;
  }
}

export interface WorkingTimeLeft {
  /** True once `now` is past the deadline. */
  overdue: boolean;
  /** Whole working minutes left before the deadline, or, when overdue, by which it has been missed. */
  minutes: number;
}

/** Working time between now and the deadline; weekends, bank holidays and closures do not count. */
export function workingTimeLeft(now: Date, deadline: Date, closures: ReadonlySet<string>): WorkingTimeLeft {
  const overdue = now.getTime() > deadline.getTime();
  const ms = overdue ? workingMsBetween(deadline, now, closures) : workingMsBetween(now, deadline, closures);
  return { overdue, minutes: Math.floor(ms / MINUTE) };
}

/** "1 working day 4 hours left", "35 minutes left", "overdue by 2 working hours" (a working day is 24 h). */
export function describeWorkingTimeLeft(left: WorkingTimeLeft): string {
  const days = Math.floor(left.minutes / 1440);
  const hours = Math.floor((left.minutes % 1440) / 60);
  const minutes = left.minutes % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} working day${days === 1 ? '' : 's'}`);
  if (hours > 0) parts.push(`${hours} ${days > 0 ? '' : 'working '}hour${hours === 1 ? '' : 's'}`);
  if (days === 0 && (minutes > 0 || parts.length === 0)) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  const text = parts.join(' ');
  return left.overdue ? `overdue by ${text}` : `${text} left`;
}
