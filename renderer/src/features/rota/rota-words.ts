/** How the rota screens say things: slot types, patterns, dates and times in words a practice manager reads. */
import type { RotaOverview } from '../../../../shared/contract/rota';
import { atLondonTime, formatLondon } from '../../../../shared/domain/appointments/london-time';
import { WEEKDAY_NAMES } from '../../../../shared/domain/rota/opening-hours';
import type { Embargo, PracticeSlotType } from '../../../../shared/domain/rota/slot-type';
import type { SessionTemplate } from '../../../../shared/domain/rota/template';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const BOOKER_LABEL = { reception: 'Reception', online: 'Online (patients)', clinician: 'Clinicians' } as const;

export const EMBARGO_LABEL: Record<Embargo['kind'], string> = {
  none: 'Bookable at once',
  before: 'A number of hours before the slot',
  'days-before': 'A number of days before, at a time',
  'on-the-day': 'On the day, at a time',
};

/** "Released 48 hours before the slot", "Released at 08:00 on the day", "Bookable as soon as it is in the book". */
export function embargoWords(e: Embargo): string {
  switch (e.kind) {
    case 'none':
      return 'Bookable as soon as it is in the book';
    case 'before':
      return `Released ${plural(e.hours, 'hour')} before the slot`;
    case 'days-before':
      return `Released at ${e.at}, ${plural(e.days, 'day')} before the slot`;
    case 'on-the-day':
      return `Released at ${e.at} on the day`;
  }
}

/** "Reception, Clinicians" or "Nobody (not bookable)". */
export function bookersWords(t: Pick<PracticeSlotType, 'bookableBy'>): string {
  return t.bookableBy.length === 0 ? 'Nobody (not bookable)' : t.bookableBy.map((b) => BOOKER_LABEL[b]).join(', ');
}

const ORDINAL: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', [-1]: 'last' };
export const NTH_OPTIONS = [1, 2, 3, 4, 5, -1] as const;
export const nthLabel = (n: number): string => ORDINAL[n] ?? String(n);

const days = (weekdays: readonly number[]) => weekdays.map((w) => `${WEEKDAY_NAMES[w - 1]}s`).join(', ');

/** "Every week on Mondays, Wednesdays", "Alternate weeks on Tuesdays (from the week of 7 Dec 2026)", "The last Friday of each month". */
export function patternWords(p: SessionTemplate['pattern']): string {
  switch (p.kind) {
    case 'weekly':
      return `Every week on ${days(p.weekdays)}`;
    case 'alternate':
      return `Alternate weeks on ${days(p.weekdays)} (from the week of ${shortDay(p.anchorWeekStart)})`;
    case 'nth-weekday':
      return `The ${nthLabel(p.nth)} ${WEEKDAY_NAMES[p.weekday - 1]} of each month`;
  }
}

/** "2 × Urgent, 10 × Routine GP (15 min)". */
export function sequenceWords(t: Pick<SessionTemplate, 'sequence'>, types: readonly PracticeSlotType[]): string {
  return t.sequence
    .map((s) => {
      const type = types.find((x) => x.id === s.slotTypeId);
      const len = s.lengthMinutes !== undefined && s.lengthMinutes !== type?.lengthMinutes ? ` (${s.lengthMinutes} min)` : '';
      return `${s.count} × ${type?.name ?? s.slotTypeId}${len}`;
    })
    .join(', ');
}

/** "Mon 7 Dec 2026" for a London day. */
export const shortDay = (day: string): string => formatLondon(atLondonTime(day, '12:00'), 'EEE d MMM yyyy');

/** "09:10" in London time for an ISO instant. */
export const londonTime = (iso: string): string => formatLondon(new Date(iso), 'HH:mm');

/** "Thu 10 Dec 2026 09:10" for an ISO instant. */
export const londonDateTime = (iso: string): string => formatLondon(new Date(iso), 'EEE d MMM yyyy HH:mm');

/** A leave bound, either a whole day or an instant. */
export const leaveBound = (s: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? shortDay(s) : londonDateTime(s));

export const clinicianName = (o: Pick<RotaOverview, 'clinicians'> | null, id: string): string => o?.clinicians.find((c) => c.id === id)?.name ?? id;
export const siteName = (o: Pick<RotaOverview, 'sites'> | null, id: string): string => o?.sites.find((s) => s.id === id)?.name ?? id;
export const slotTypeName = (o: Pick<RotaOverview, 'slotTypes'> | null, id: string): string => o?.slotTypes.find((t) => t.id === id)?.name ?? id;

export { plural, WEEKDAY_NAMES };
