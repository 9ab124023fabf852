/** Whether a session template's weekday pattern falls on a given day. */
import type { LondonDay } from '../appointments/london-time';
import { dayNumber, daysInMonth, type IsoWeekday, weekdayOfNumber } from '../calendar/days';
import type { SessionPattern } from './template';

/** What the patterns ask of a day, worked out once per day rather than once per template. */
export interface DayFacts {
  day: LondonDay;
  /** Days since 1970-01-01. */
  n: number;
  weekday: IsoWeekday;
  dayOfMonth: number;
  daysInMonth: number;
}

export function dayFacts(day: LondonDay): DayFacts {
  const n = dayNumber(day);
  return { day, n, weekday: weekdayOfNumber(n), dayOfMonth: Number(day.slice(8, 10)), daysInMonth: daysInMonth(day) };
}

export function patternMatches(pattern: SessionPattern, d: DayFacts): boolean {
  switch (pattern.kind) {
    case 'weekly':
      return pattern.weekdays.includes(d.weekday);
    case 'alternate': {
      if (!pattern.weekdays.includes(d.weekday)) return false;
      const monday = d.n - (d.weekday - 1);
      const weeks = (monday - dayNumber(pattern.anchorWeekStart)) / 7;
      return weeks % 2 === 0; // also true for weeks before the anchor: the pattern runs both ways
    }
    case 'nth-weekday':
      if (d.weekday !== pattern.weekday) return false;
      return pattern.nth === -1 ? d.dayOfMonth + 7 > d.daysInMonth : Math.ceil(d.dayOfMonth / 7) === pattern.nth;
  }
}
