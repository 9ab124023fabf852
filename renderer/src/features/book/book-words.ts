import type { AppointmentView, Clinician, DayBook, SlotView } from '../../../../shared/contract/appointments';
import { STATUS_LABEL } from '../../../../shared/domain/appointments/appointment-status';
import { atLondonTime, formatLondon, londonDay } from '../../../../shared/domain/appointments/london-time';

/** One clinician's column of the day: their slots in time order. */
export interface Column {
  clinician: Clinician;
  slots: SlotView[];
}

const byStart = (a: SlotView, b: SlotView) => Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The clinicians in the order the core gives them, each with their slots sorted by start. */
export function columnsOf(day: DayBook): Column[] {
  const bySlots = new Map<string, SlotView[]>();
  for (const s of day.slots) {
    const list = bySlots.get(s.clinicianId);
    if (list) list.push(s);
    else bySlots.set(s.clinicianId, [s]);
  }
  return day.clinicians.map((clinician) => ({ clinician, slots: (bySlots.get(clinician.id) ?? []).sort(byStart) }));
}

const CANCELLED = new Set(['cancelled-patient', 'cancelled-practice']);

/** The appointments shown in a slot: every one not cancelled (a cancelled one has given the slot back). */
/** Per loaded day, the live appointments by slot: every cell asks, so build it once, not once per cell. */
const bySlotCache = new WeakMap<DayBook, Map<string, AppointmentView[]>>();

export function appointmentsIn(day: DayBook, slotId: string): AppointmentView[] {
  let bySlot = bySlotCache.get(day);
  if (!bySlot) {
    bySlot = new Map();
    for (const a of day.appointments) if (!CANCELLED.has(a.status)) bySlot.set(a.slotId, [...(bySlot.get(a.slotId) ?? []), a]);
    bySlotCache.set(day, bySlot);
  }
  return bySlot.get(slotId) ?? [];
}

/** London HH:mm per instant, remembered: time-zone formatting is the costly part of drawing a day. */
const timeCache = new Map<string, string>();
export const timeOf = (iso: string): string => {
  let t = timeCache.get(iso);
  if (t === undefined) {
    if (timeCache.size > 20_000) timeCache.clear();
    timeCache.set(iso, (t = formatLondon(new Date(iso), 'HH:mm')));
  }
  return t;
};
export const lengthOf = (slot: Pick<SlotView, 'start' | 'end'>): number => Math.round((Date.parse(slot.end) - Date.parse(slot.start)) / 60_000);

/** "Routine GP 10 min" (the slot's own length, which may differ from its type's usual one). */
const typeCache = new WeakMap<DayBook, Map<string, DayBook['slotTypes'][number]>>();

export function slotTypeText(day: DayBook | null, slot: SlotView): string {
  let types = day ? typeCache.get(day) : undefined;
  if (day && !types) typeCache.set(day, (types = new Map(day.slotTypes.map((t) => [t.id, t]))));
  const type = types?.get(slot.slotTypeId);
  return `${type?.name ?? 'Slot'} ${lengthOf(slot)} min`;
}

export const clinicianOf = (day: DayBook | null, id: string): Clinician | undefined => day?.clinicians.find((c) => c.id === id);

/** What the slot holds, as words (colour only repeats them): one line per thing to say. */
export function slotStateLines(day: DayBook, slot: SlotView): string[] {
  const appts = appointmentsIn(day, slot.id);
  if (appts.length > 0) {
    const label = (a: AppointmentView) => (a.bookedOnline && a.status === 'booked' ? 'Booked online' : STATUS_LABEL[a.status]);
    const lines = appts.map((a) => `${label(a)}: ${a.patientName}${a.reason ? ` (${a.reason})` : ''}`);
    const over = appts.find((a) => a.overbookReason);
    if (over?.overbookReason) lines.push(`Double-booked: ${over.overbookReason}`);
    else if (appts.length > 1) lines.push('Double-booked');
    if (appts.some((a) => a.waitingToSend)) lines.push('Waiting to send');
    return lines;
  }
  switch (slot.display) {
    case 'free':
      return ['Free'];
    case 'online-bookable':
      return ['Online'];
    case 'embargoed': {
      const until = slot.embargoUntil ? new Date(slot.embargoUntil) : null;
      if (!until) return ['Embargoed'];
      const sameDay = londonDay(until) === day.day;
      return [`Embargoed until ${formatLondon(until, sameDay ? 'HH:mm' : "HH:mm 'on' EEE d MMM")}`];
    }
    case 'booked':
      return ['Booked'];
    case 'blocked':
      return ['Blocked'];
  }
}

/** Can this slot take an ordinary booking from the desk? */
export const isFree = (slot: SlotView): boolean => slot.display === 'free' || slot.display === 'online-bookable';

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Everything a grid cell says about its slot, worked out once per loaded day. */
export interface CellWords {
  time: string;
  type: string;
  /** `slotStateLines`: shown in the cell. */
  lines: string[];
  /** The same lines as part of the cell's accessible name ("booked: SMITH, Jane"). */
  state: string;
  /** 'booked' when it holds an appointment, else the slot's own display state (the colour class). */
  tone: 'booked' | SlotView['display'];
  overbooked: boolean;
}

/**
 * Per loaded day, each slot's words: a cell is drawn again on every cursor move and scroll, and its name and its
 * lines both need the state lines (embargo times are formatted in London time), so they are made once.
 */
const wordsCache = new WeakMap<DayBook, Map<string, CellWords>>();

export function cellWords(day: DayBook, slot: SlotView): CellWords {
  let bySlot = wordsCache.get(day);
  if (!bySlot) wordsCache.set(day, (bySlot = new Map()));
  let words = bySlot.get(slot.id);
  if (!words) {
    const lines = slotStateLines(day, slot);
    const held = appointmentsIn(day, slot.id).length;
    words = {
      time: timeOf(slot.start),
      type: slotTypeText(day, slot),
      lines,
      state: lines.map(lowerFirst).join(', '),
      tone: held > 0 ? 'booked' : slot.display,
      overbooked: held > 1 || lines.some((l) => l.startsWith('Double-booked')),
    };
    bySlot.set(slot.id, words);
  }
  return words;
}

/** "09:10, Dr Patel, Routine GP 10 min, free": the accessible name of a slot cell. */
export function cellName(day: DayBook, slot: SlotView, clinician: Clinician, isNow = false): string {
  const w = cellWords(day, slot);
  return `${w.time}, ${clinician.name}, ${w.type}, ${w.state}${isNow ? ', now' : ''}`;
}

/** "Thu 12 Mar 09:10, Dr Patel, Routine GP 10 min": a slot away from the grid (find results, panels). */
export function slotSummary(day: DayBook | null, slot: SlotView): string {
  const who = clinicianOf(day, slot.clinicianId)?.name ?? 'Clinician';
  return `${formatLondon(new Date(slot.start), 'EEE d MMM HH:mm')}, ${who}, ${slotTypeText(day, slot)}`;
}

/** "Thursday 12 March 2026" for a London day. */
export const dayLabel = (day: string): string => formatLondon(atLondonTime(day, '12:00'), 'EEEE d MMMM yyyy');

/** The London day `n` days after `day` (negative for before); noon keeps clock changes out of it. */
export function addDays(day: string, n: number): string {
  return londonDay(new Date(atLondonTime(day, '12:00').getTime() + n * 86_400_000));
}

export const todayInLondon = (): string => londonDay(new Date());

/** Is `now` within the slot? (the "now" marker on today's book) */
export const isNowIn = (slot: SlotView, now: number): boolean => Date.parse(slot.start) <= now && now < Date.parse(slot.end);
