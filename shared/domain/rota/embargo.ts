/**
 * When a generated slot is released for booking (its `embargoUntil`).
 *
 * "Hours before" counts elapsed hours (48 h before a Monday-after-the-clocks-change 09:00 slot is Saturday
 * 08:00 by the clock in March). "At a time" releases use London wall-clock time on the day they name, so
 * "on the day at 08:00" is 08:00 on the clock in winter and in summer, including on a clock-change day.
 */
import { atLondonTime, type LondonDay } from '../appointments/london-time';
import { addDays } from '../calendar/days';
import type { Embargo } from './slot-type';

const HOUR = 3_600_000;

/** `(day, 'HH:mm') → instant`, cached for one generation run (the same release time repeats for every slot of a session). */
export type LondonClock = (day: LondonDay, time: string) => number;

export function londonClock(): LondonClock {
  const memo = new Map<string, number>();
  return (day, time) => {
    const key = `${day} ${time}`;
    let ms = memo.get(key);
    if (ms === undefined) {
      ms = atLondonTime(day, time).getTime();
      memo.set(key, ms);
    }
    return ms;
  };
}

/**
 * Release instant in ms for a slot starting at `startMs` on London day `day`, or null when there is no embargo.
 * Decision: a release at or after the slot's start is returned as is (not moved): the slot then cannot be booked
 * at all, and the generator reports it so the practice manager fixes the slot type or the session.
 */
export function embargoUntilMs(embargo: Embargo, day: LondonDay, startMs: number, clock: LondonClock = londonClock()): number | null {
  switch (embargo.kind) {
    case 'none':
      return null;
    case 'before':
      return startMs - embargo.hours * HOUR;
    case 'days-before':
      return clock(addDays(day, -embargo.days), embargo.at);
    case 'on-the-day':
      return clock(day, embargo.at);
  }
}
