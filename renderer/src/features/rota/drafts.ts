/**
 * The rota forms as typed: text in, exactly as the person left it (a refusal or a lock loses nothing), and the
 * contract's input made from it only when sending. Numbers stay text until then, so "2O" is kept to be corrected.
 */
import type { ClosureInput, LeaveInput, OpeningHoursInput, RotaInput, RotaView, SlotTypeInput, TemplateInput } from '../../../../shared/contract/rota';
import type { z } from 'zod';
import { addDays, weekStart } from '../../../../shared/domain/calendar/days';
import { WEEKDAY_KEYS, type OpeningHours } from '../../../../shared/domain/rota/opening-hours';
import type { PracticeSlotType } from '../../../../shared/domain/rota/slot-type';
import type { SequenceItem, SessionTemplate } from '../../../../shared/domain/rota/template';

export type Booker = 'reception' | 'online' | 'clinician';
export type EmbargoKind = PracticeSlotType['embargo']['kind'];

export interface SlotTypeDraft {
  id: string | null;
  name: string;
  lengthMinutes: string;
  colour: string;
  bookableBy: Booker[];
  embargoKind: EmbargoKind;
  embargoHours: string;
  embargoDays: string;
  embargoAt: string;
  autoDna: boolean;
  urgent: boolean;
  nationalCategory: string;
}

export interface StepDraft {
  key: number;
  slotTypeId: string;
  count: string;
  /** Empty: the slot type's own length. */
  lengthMinutes: string;
}

export type PatternKind = SessionTemplate['pattern']['kind'];

export interface TemplateDraft {
  rotaId: string;
  id: string | null;
  name: string;
  clinicianId: string;
  siteId: string;
  patternKind: PatternKind;
  weekdays: number[];
  /** Alternate weeks: the Monday of a week it runs. */
  anchorWeekStart: string;
  /** Nth weekday: which weekday, and which of the month ("-1" = the last). */
  nthWeekday: string;
  nth: string;
  start: string;
  end: string;
  steps: StepDraft[];
  validFrom: string;
  validTo: string;
}

export interface RotaDraft {
  id: string | null;
  name: string;
  from: string;
  to: string;
}

export interface LeaveDraft {
  clinicianId: string;
  from: string;
  to: string;
  reason: string;
}

export interface DayHoursDraft {
  open: boolean;
  from: string;
  to: string;
}
export interface HoursDraft {
  /** '' = the practice's own hours; else a site's. */
  siteId: string;
  /** A site that follows the practice's hours. */
  sameAsPractice: boolean;
  days: DayHoursDraft[];
}

export interface ClosureDraft {
  day: string;
  reason: string;
}

export interface RangeDraft {
  from: string;
  to: string;
}

/** Text to number for the contract: '' stays missing (the schema says what is needed), anything else is Number(). */
const num = (s: string): number => (s.trim() === '' ? (undefined as unknown as number) : Number(s.trim()));
const text = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

export function newSlotType(): SlotTypeDraft {
  return {
    id: null, name: '', lengthMinutes: '10', colour: '#1d70b8', bookableBy: ['reception', 'clinician'], embargoKind: 'none',
    embargoHours: '48', embargoDays: '1', embargoAt: '08:00', autoDna: true, urgent: false, nationalCategory: 'General Consultation Routine',
  };
}

export function slotTypeDraft(t: PracticeSlotType): SlotTypeDraft {
  const e = t.embargo;
  return {
    ...newSlotType(),
    id: t.id, name: t.name, lengthMinutes: String(t.lengthMinutes), colour: t.colour, bookableBy: [...t.bookableBy], embargoKind: e.kind,
    embargoHours: e.kind === 'before' ? String(e.hours) : '48',
    embargoDays: e.kind === 'days-before' ? String(e.days) : '1',
    embargoAt: e.kind === 'days-before' || e.kind === 'on-the-day' ? e.at : '08:00',
    autoDna: t.autoDna, urgent: t.urgent, nationalCategory: t.nationalCategory,
  };
}

export function slotTypeInput(d: SlotTypeDraft): z.input<typeof SlotTypeInput> {
  const at = d.embargoAt.trim();
  const embargo =
    d.embargoKind === 'before' ? { kind: 'before' as const, hours: num(d.embargoHours) }
    : d.embargoKind === 'days-before' ? { kind: 'days-before' as const, days: num(d.embargoDays), at }
    : d.embargoKind === 'on-the-day' ? { kind: 'on-the-day' as const, at }
    : { kind: 'none' as const };
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name, lengthMinutes: num(d.lengthMinutes), colour: d.colour.trim(), bookableBy: [...d.bookableBy], embargo,
    autoDna: d.autoDna, urgent: d.urgent, nationalCategory: d.nationalCategory as PracticeSlotType['nationalCategory'],
  };
}

export function newRota(tomorrow: string): RotaDraft {
  return { id: null, name: '', from: tomorrow, to: addDays(tomorrow, 90) };
}

/** An existing rota as a form: renaming it or changing its days saves over it (same id). */
export const rotaDraft = (r: Pick<RotaView, 'id' | 'name' | 'from' | 'to'>): RotaDraft => ({ id: r.id, name: r.name, from: r.from, to: r.to });

export function rotaInput(d: RotaDraft): z.input<typeof RotaInput> {
  return { ...(d.id ? { id: d.id } : {}), name: d.name, from: d.from.trim(), to: d.to.trim() };
}

export function newTemplate(rota: Pick<RotaView, 'id' | 'from' | 'to'>, step: StepDraft): TemplateDraft {
  return {
    rotaId: rota.id, id: null, name: '', clinicianId: '', siteId: '', patternKind: 'weekly', weekdays: [1], anchorWeekStart: weekStart(rota.from),
    nthWeekday: '1', nth: '1', start: '08:30', end: '12:00', steps: [step], validFrom: rota.from, validTo: rota.to,
  };
}

/** An existing template as a form (same id, so saving changes it); `step` numbers each slot step for the form. */
export function templateDraft(rotaId: string, t: SessionTemplate, step: (s: SequenceItem) => StepDraft): TemplateDraft {
  const p = t.pattern;
  return {
    rotaId, id: t.id, name: t.name ?? '', clinicianId: t.clinicianId, siteId: t.siteId, patternKind: p.kind,
    weekdays: p.kind === 'nth-weekday' ? [p.weekday] : [...p.weekdays],
    anchorWeekStart: p.kind === 'alternate' ? p.anchorWeekStart : weekStart(t.validFrom),
    nthWeekday: p.kind === 'nth-weekday' ? String(p.weekday) : '1', nth: p.kind === 'nth-weekday' ? String(p.nth) : '1',
    start: t.start, end: t.end, steps: t.sequence.map(step), validFrom: t.validFrom, validTo: t.validTo ?? '',
  };
}

export function templateInput(d: TemplateDraft): z.input<typeof TemplateInput> {
  const weekdays = [...d.weekdays].sort((a, b) => a - b);
  const pattern =
    d.patternKind === 'alternate' ? { kind: 'alternate' as const, weekdays, anchorWeekStart: d.anchorWeekStart.trim() }
    : d.patternKind === 'nth-weekday' ? { kind: 'nth-weekday' as const, weekday: num(d.nthWeekday), nth: num(d.nth) as 1 }
    : { kind: 'weekly' as const, weekdays };
  return {
    ...(d.id ? { id: d.id } : {}),
    ...(text(d.name) ? { name: d.name.trim() } : {}),
    clinicianId: d.clinicianId, siteId: d.siteId, pattern, start: d.start.trim(), end: d.end.trim(),
    sequence: d.steps.map((s) => ({ slotTypeId: s.slotTypeId, count: num(s.count), ...(text(s.lengthMinutes) ? { lengthMinutes: num(s.lengthMinutes) } : {}) })),
    validFrom: d.validFrom.trim(), validTo: text(d.validTo) ?? null,
  };
}

export const newLeave = (tomorrow: string): LeaveDraft => ({ clinicianId: '', from: tomorrow, to: tomorrow, reason: '' });

export function leaveInput(d: LeaveDraft): z.input<typeof LeaveInput> {
  return { clinicianId: d.clinicianId, from: d.from.trim(), to: d.to.trim(), ...(text(d.reason) ? { reason: d.reason.trim() } : {}) };
}

export function hoursDraft(siteId: string, hours: OpeningHours | null): HoursDraft {
  return {
    siteId,
    sameAsPractice: siteId !== '' && hours === null,
    days: WEEKDAY_KEYS.map((k) => {
      const h = hours?.[k] ?? null;
      return { open: h !== null, from: h?.open ?? '08:00', to: h?.close ?? '18:30' };
    }),
  };
}

export function hoursInput(d: HoursDraft): z.input<typeof OpeningHoursInput> {
  const siteId = d.siteId === '' ? null : d.siteId;
  if (siteId !== null && d.sameAsPractice) return { siteId, hours: null };
  const hours = Object.fromEntries(WEEKDAY_KEYS.map((k, i) => {
    const day = d.days[i]!;
    return [k, day.open ? { open: day.from.trim(), close: day.to.trim() } : null];
  })) as OpeningHours;
  return { siteId, hours };
}

export const newClosure = (tomorrow: string): ClosureDraft => ({ day: tomorrow, reason: '' });

export function closureInput(d: ClosureDraft): z.input<typeof ClosureInput> {
  return { day: d.day.trim(), ...(text(d.reason) ? { reason: d.reason.trim() } : {}) };
}
