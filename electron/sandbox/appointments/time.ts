/**
 * UK local time for the appointments sandbox. Every time on the wire is Europe/London wall time
 * with its offset (`2026-11-25T09:00:00+00:00`, `2026-03-30T09:00:00+01:00`), via @date-fns/tz so
 * clock changes are right. Internally everything is epoch milliseconds.
 */
import { tzOffset } from '@date-fns/tz';

export const LONDON = 'Europe/London';
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

// London changes offset only on whole UTC hours, so one lookup per hour is exact (and Intl is slow).
const offsetByHour = new Map<number, number>();

/** Europe/London offset from UTC in minutes at an instant (0 or 60). */
export function londonOffset(ms: number): number {
  const hour = Math.floor(ms / 3_600_000);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = tzOffset(LONDON, new Date(hour * 3_600_000));
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** yyyy-mm-dd -> days since the epoch (a calendar day number, no time zone). */
export function dayNumber(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date: ${iso}`);
  return Math.floor(ms / DAY_MS);
}

export const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: number): number => (day + 4) % 7;

/**
 * The instant of a London wall-clock time on a calendar day. Uses the offset in force at that
 * wall time (the offset at `wall - offset` for the guessed offset), which is right for every time the
 * surgery is open (clock changes happen at 01:00 UTC on Sundays).
 */
export function londonInstant(day: number, minuteOfDay: number): number {
  const wall = day * DAY_MS + minuteOfDay * MINUTE_MS;
  const first = londonOffset(wall);
  const second = londonOffset(wall - first * MINUTE_MS);
  return wall - second * MINUTE_MS;
}

/** An instant as London local time with offset, seconds precision: 2026-03-30T09:00:00+01:00. */
export function formatLondon(ms: number): string {
  const offset = londonOffset(ms);
  const d = new Date(ms + offset * MINUTE_MS);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The London calendar day (days since epoch) an instant falls on. */
export const londonDay = (ms: number): number => Math.floor((ms + londonOffset(ms) * MINUTE_MS) / DAY_MS);

/** Today's date in London, yyyy-mm-dd. */
export const londonToday = (ms: number): string => isoDay(londonDay(ms));

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export type ParsedMoment = { kind: 'date'; day: number } | { kind: 'dateTime'; ms: number };

/** A FHIR date (yyyy-mm-dd) or dateTime with a zone; null when neither. */
export function parseMoment(value: string): ParsedMoment | null {
  if (DATE.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return null;
    return { kind: 'date', day: Math.floor(ms / DAY_MS) };
  }
  if (DATE_TIME.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : { kind: 'dateTime', ms };
  }
  return null;
}

/** Start of a London calendar day as an instant. */
export const londonStartOfDay = (day: number): number => londonInstant(day, 0);

export { DAY_MS, MINUTE_MS };
