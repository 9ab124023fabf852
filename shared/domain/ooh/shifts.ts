/**
 * The out-of-hours centre's shift rota (issue 8): which clinician is on at which site, when. Pure rules shared by
 * the core (which refuses a bad shift) and the form (which says what is wrong next to the field before sending).
 *
 * Shifts are instants (UTC); people read and type them as London wall-clock times. An out-of-hours shift usually
 * crosses midnight (18:30 → 08:00), so a shift is shown under the night it belongs to: the London day it starts,
 * or the day before when it starts in the small hours.
 */
import { addDays } from '../calendar/days';
import { atLondonTime, formatLondon, londonDay, londonMinuteOfDay, type LondonDay, type WallTime } from '../appointments/london-time';
import { durationWords } from './waits';

export const MAX_SHIFT_HOURS = 16;
/** A list of shifts covers at most this many London days. */
export const MAX_SHIFT_RANGE_DAYS = 31;
/** A shift starting before 06:00 London is the tail of the night before (a 02:00–08:00 cover shift). */
const NIGHT_TURNS_AT_MINUTE = 6 * 60;
const MINUTE = 60_000;

/** The night (London day) a shift starting at `start` belongs to. */
export function nightOf(start: Date): LondonDay {
  const day = londonDay(start);
  return londonMinuteOfDay(start) < NIGHT_TURNS_AT_MINUTE ? addDays(day, -1) : day;
}

/**
 * The instants of a shift typed as a start day, a start time and an end time: an end time earlier than the start
 * is the next morning. Clock changes are the London helpers' (18:30 → 08:00 across the October change is 14½ hours).
 */
export function shiftInstants(day: LondonDay, start: WallTime, end: WallTime): { start: Date; end: Date; nextMorning: boolean } {
  const nextMorning = end < start;
  return { start: atLondonTime(day, start), end: atLondonTime(nextMorning ? addDays(day, 1) : day, end), nextMorning };
}

/** "Tue 24 Nov 18:30 – Wed 25 Nov 08:00", or "Sat 28 Nov 08:00 – 18:30" within one day. */
export function shiftRangeWords(start: Date, end: Date): string {
  const sameDay = londonDay(start) === londonDay(end);
  return `${formatLondon(start, 'EEE d MMM HH:mm')} – ${formatLondon(end, sameDay ? 'HH:mm' : 'EEE d MMM HH:mm')}`;
}

/** A clinician is the same person whatever the spacing or capitals typed. */
export const clinicianKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');

export interface ShiftLike {
  id: string;
  site: string;
  clinician: string;
  /** UTC ISO instants. */
  start: string;
  end: string;
}

export type ShiftField = 'site' | 'clinician' | 'end';
export interface ShiftProblem {
  field: ShiftField;
  message: string;
}

/**
 * What is wrong with a shift, in words, each tied to the field it is about: the end not after the start, longer
 * than 16 hours, a site the centre does not have, or the clinician already on another shift that overlaps it
 * (one ending as the other starts is fine). `others` may hold the shift itself (same id): it is skipped.
 */
export function shiftProblems(
  shift: { id?: string | undefined; site: string; clinician: string; start: Date; end: Date },
  ctx: { sites: readonly string[]; others: readonly ShiftLike[] },
): ShiftProblem[] {
  const problems: ShiftProblem[] = [];
  const minutes = (shift.end.getTime() - shift.start.getTime()) / MINUTE;
  if (!(minutes > 0)) problems.push({ field: 'end', message: 'The shift must end after it starts.' });
  else if (minutes > MAX_SHIFT_HOURS * 60) {
    problems.push({ field: 'end', message: `A shift is at most ${MAX_SHIFT_HOURS} hours; this one is ${durationWords(minutes)}.` });
  }
  if (!ctx.sites.includes(shift.site)) {
    problems.push({ field: 'site', message: `“${shift.site}” is not one of the centre’s sites (${ctx.sites.join('; ')}).` });
  }
  if (minutes > 0) {
    const who = clinicianKey(shift.clinician);
    const clash = ctx.others.find(
      (o) => o.id !== shift.id && clinicianKey(o.clinician) === who && Date.parse(o.start) < shift.end.getTime() && Date.parse(o.end) > shift.start.getTime(),
    );
    if (clash) {
      problems.push({
        field: 'clinician',
        message: `${clash.clinician} is already on shift ${shiftRangeWords(new Date(clash.start), new Date(clash.end))} at ${clash.site}.`,
      });
    }
  }
  return problems;
}
