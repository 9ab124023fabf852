/**
 * Europe/London wall-clock arithmetic for the appointment book.
 *
 * Why a module of its own: the desk runs on machines whose own time zone we do not control, the book is
 * always read in UK local time, and twice a year the clocks change (last Sunday of March 01:00 GMT → 02:00 BST,
 * last Sunday of October 02:00 BST → 01:00 GMT). Everything here works on absolute instants (`Date`) plus
 * explicit London days ('yyyy-MM-dd'), never on the host's local time.
 */
import { tz, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns';

export const LONDON = 'Europe/London';

/** A London calendar day, 'yyyy-MM-dd'. */
export type LondonDay = string;
/** A London wall-clock time, 'HH:mm' (00:00–23:59; '24:00' accepted where documented as "end of day"). */
export type WallTime = string;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;

// London changes offset only on the hour in UTC (01:00Z), so caching the offset per UTC hour is exact and keeps
// slot indexing (tens of thousands of slots) away from one Intl call per slot.
const offsetByUtcHour = new Map<number, number>();

/** Minutes London is ahead of UTC at this instant: 0 (GMT) or 60 (BST). */
export function londonOffsetMinutes(date: Date | number): number {
  const ms = typeof date === 'number' ? date : date.getTime();
  const hour = Math.floor(ms / HOUR);
  let off = offsetByUtcHour.get(hour);
  if (off === undefined) {
    off = tzOffset(LONDON, new Date(hour * HOUR));
    if (offsetByUtcHour.size > 200_000) offsetByUtcHour.clear(); // bounded memo, ~23 years of hours
    offsetByUtcHour.set(hour, off);
  }
  return off;
}

/** London wall-clock minutes since local midnight (0–1439) for an instant. */
export function londonMinuteOfDay(date: Date | number): number {
  const ms = typeof date === 'number' ? date : date.getTime();
  const local = ms + londonOffsetMinutes(ms) * MINUTE;
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / MINUTE);
}

function parseDay(day: LondonDay): [number, number, number] {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`Not a day in the form yyyy-MM-dd: "${day}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`No such day: "${day}"`);
  }
  return [y, mo, d];
}

function parseTime(time: WallTime, allowEndOfDay: boolean): [number, number] {
  const m = TIME_RE.exec(time);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  if (!m || (h === 24 && (min !== 0 || !allowEndOfDay))) throw new RangeError(`Not a time in the form HH:mm: "${time}"`);
  return [h, min];
}

/**
 * The London calendar day of an instant, 'yyyy-MM-dd'. From the per-hour offset memo rather than an Intl call each
 * time: working-day arithmetic asks this for every day of every request in the prescription queue.
 */
export function londonDay(date: Date): LondonDay {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid time value');
  const local = new Date(ms + londonOffsetMinutes(ms) * MINUTE);
  const y = local.getUTCFullYear();
  if (y < 1000 || y > 9999) return format(date, 'yyyy-MM-dd', { in: tz(LONDON) });
  return local.toISOString().slice(0, 10);
}

/**
 * The instant a London wall-clock time happens on a London day.
 *
 * Clock-change behaviour (the same as Temporal's "compatible" disambiguation, and what a person would expect):
 * - a time that does not exist (01:00–01:59 on the last Sunday of March) is moved forward by the hour that was
 *   skipped: 01:30 → 02:30 BST (= 01:30Z);
 * - a time that happens twice (01:00–01:59 on the last Sunday of October) means the first one, still in BST:
 *   01:30 → 01:30 BST (= 00:30Z), not 01:30 GMT.
 * '24:00' is accepted and means the start of the next London day.
 */
export function atLondonTime(day: LondonDay, time: WallTime): Date {
  const [y, mo, d] = parseDay(day);
  const [h, min] = parseTime(time, true);
  const asIfUtc = Date.UTC(y, mo - 1, d, h, min);
  // The offsets either side of this wall time; on any ordinary day they are equal.
  const before = londonOffsetMinutes(asIfUtc - 6 * HOUR);
  const after = londonOffsetMinutes(asIfUtc + 6 * HOUR);
  const candidates = [asIfUtc - before * MINUTE, asIfUtc - after * MINUTE].filter(
    (t) => asIfUtc - londonOffsetMinutes(t) * MINUTE === t,
  );
  if (candidates.length > 0) return new Date(Math.min(...candidates)); // earliest if the time happens twice
  return new Date(asIfUtc - before * MINUTE); // skipped time: read with the offset in force before the change
}

/** Start (inclusive) and end (exclusive) of a London day: 24 h normally, 23 h in late March, 25 h in late October. */
export function londonDayBounds(day: LondonDay): { start: Date; end: Date } {
  const [y, mo, d] = parseDay(day);
  const next = new Date(Date.UTC(y, mo - 1, d + 1));
  const nextDay = `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}-${String(next.getUTCDate()).padStart(2, '0')}`;
  return { start: atLondonTime(day, '00:00'), end: atLondonTime(nextDay, '00:00') };
}

/** Format an instant in London time with a date-fns pattern, e.g. 'HH:mm' or 'EEE d MMM'. */
export function formatLondon(date: Date, pattern: string): string {
  return format(date, pattern, { in: tz(LONDON) });
}

/** GP Connect wants UK local time with its offset, e.g. '2026-07-01T09:00:00+01:00' (never 'Z'). */
export function toFhirLocal(date: Date): string {
  return format(date, "yyyy-MM-dd'T'HH:mm:ssxxx", { in: tz(LONDON) });
}

/** Whole minutes waited; elapsed time, so a clock change during the wait does not add or lose an hour. Never negative. */
export function waitMinutes(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / MINUTE));
}

/**
 * Start instants of back-to-back slots of `lengthMinutes` from `from` until `to` (London wall clock on `day`);
 * only whole slots that end by `to` are listed. `to` may be '24:00'.
 *
 * Slots are laid out in elapsed time, not wall-clock steps: a clinician works real minutes, so across a clock
 * change there is neither a gap nor a duplicate instant (the wall-clock labels jump 00:50 → 02:00 in March and
 * show 01:00–01:50 twice in October, as distinct instants).
 */
export function daySlotsTimes(day: LondonDay, from: WallTime, to: WallTime, lengthMinutes: number): Date[] {
  if (!Number.isInteger(lengthMinutes) || lengthMinutes <= 0) throw new RangeError(`Slot length must be a positive whole number of minutes, not ${lengthMinutes}`);
  const start = atLondonTime(day, from).getTime();
  const end = atLondonTime(day, to).getTime();
  const out: Date[] = [];
  for (let t = start; t + lengthMinutes * MINUTE <= end; t += lengthMinutes * MINUTE) out.push(new Date(t));
  return out;
}
