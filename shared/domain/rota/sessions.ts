/**
 * From templates to sessions (one template on one day): which days each template runs, minus bank holidays and
 * local closures, and with a clinician's overlapping sessions refused.
 */
import { dayNumber } from '../calendar/days';
import { type Clash, clash } from './clash';
import type { LondonClock } from './embargo';
import type { ClashWording } from './messages';
import { type DayFacts, patternMatches } from './pattern';
import type { SessionTemplate } from './template';

export interface RotaCalendar {
  bankHolidays: ReadonlySet<string>;
  /** The practice's local closures (settings). */
  closures: ReadonlySet<string>;
  /** Optional day → "Easter Monday", for messages. */
  bankHolidayTitles?: ReadonlyMap<string, string>;
}

export interface Session {
  template: SessionTemplate;
  day: DayFacts;
  startMs: number;
  endMs: number;
}

export interface SessionContext {
  days: readonly DayFacts[];
  knownSlotTypes: ReadonlySet<string>;
  calendar: RotaCalendar;
  clock: LondonClock;
  iso: (ms: number) => string;
  say: ClashWording;
  clashes: Clash[];
}

export const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byStart = (a: Session, b: Session) => a.startMs - b.startMs || byId(a.template, b.template);
export const ref = (s: Session) => ({ template: s.template, day: s.day.day });

/** Sessions of usable templates on the days they run and the practice is open; refusals go to ctx.clashes. */
export function findSessions(templates: readonly SessionTemplate[], ctx: SessionContext): Session[] {
  const sessions: Session[] = [];
  const seen = new Set<string>();
  for (const template of [...templates].sort(byId)) {
    // Slot ids are derived from template ids: two templates with one id would give two slots one id.
    if (seen.has(template.id)) throw new RangeError(`Two session templates have the id "${template.id}"`);
    seen.add(template.id);
    const missing = [...new Set(template.sequence.map((i) => i.slotTypeId).filter((id) => !ctx.knownSlotTypes.has(id)))];
    if (missing.length > 0) {
      ctx.clashes.push(clash({ kind: 'unknown-slot-type', clinicianId: template.clinicianId, templateId: template.id, message: ctx.say.unknownSlotType(template, missing) }));
      continue;
    }
    const firstN = dayNumber(template.validFrom);
    const lastN = template.validTo === null ? Infinity : dayNumber(template.validTo);
    for (const day of ctx.days) {
      if (day.n < firstN || day.n > lastN || !patternMatches(template.pattern, day)) continue;
      const s: Session = { template, day, startMs: ctx.clock(day.day, template.start), endMs: ctx.clock(day.day, template.end) };
      const base = { clinicianId: template.clinicianId, day: day.day, templateId: template.id, start: ctx.iso(s.startMs), end: ctx.iso(s.endMs) };
      if (ctx.calendar.bankHolidays.has(day.day)) {
        ctx.clashes.push(clash({ ...base, kind: 'bank-holiday', message: ctx.say.bankHoliday(ref(s), ctx.calendar.bankHolidayTitles?.get(day.day)) }));
      } else if (ctx.calendar.closures.has(day.day)) {
        ctx.clashes.push(clash({ ...base, kind: 'local-closure', message: ctx.say.localClosure(ref(s)) }));
      } else {
        sessions.push(s);
      }
    }
  }
  return sessions;
}

/**
 * One clinician, one session at a time (whatever the site): of two overlapping sessions the one starting first, then
 * the lower template id, is kept and the other refused whole. Returns the kept sessions in time order.
 */
export function refuseOverlaps(sessions: readonly Session[], ctx: Pick<SessionContext, 'iso' | 'say' | 'clashes'>): Session[] {
  const byClinicianDay = new Map<string, Session[]>();
  for (const s of sessions) {
    const key = `${s.template.clinicianId}\u0000${s.day.day}`;
    const list = byClinicianDay.get(key);
    if (list) list.push(s);
    else byClinicianDay.set(key, [s]);
  }
  const kept: Session[] = [];
  for (const list of byClinicianDay.values()) {
    const keptToday: Session[] = [];
    for (const s of list.sort(byStart)) {
      const other = keptToday.find((k) => k.startMs < s.endMs && s.startMs < k.endMs);
      if (!other) {
        keptToday.push(s);
        continue;
      }
      ctx.clashes.push(
        clash({
          kind: 'overlapping-session',
          clinicianId: s.template.clinicianId,
          day: s.day.day,
          templateId: s.template.id,
          otherTemplateId: other.template.id,
          start: ctx.iso(s.startMs),
          end: ctx.iso(s.endMs),
          message: ctx.say.overlappingSession(ref(s), other.template),
        }),
      );
    }
    kept.push(...keptToday);
  }
  return kept.sort(byStart);
}
