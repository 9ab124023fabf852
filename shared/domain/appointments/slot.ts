/**
 * Slots of the appointment book and who may book them when.
 *
 * Stored state is only free / booked / blocked; "embargoed" and "online-bookable" are derived at a given instant,
 * so the same local copy answers correctly before and after an embargo's release time without being rewritten.
 */
import { formatLondon, londonDay } from './london-time';

export type Booker = 'reception' | 'online' | 'clinician';
export type SlotState = 'free' | 'booked' | 'blocked';

export interface Slot {
  id: string;
  scheduleId: string;
  clinicianId: string;
  siteId: string;
  slotTypeId: string;
  /** ISO 8601 instant (with Z or an offset). */
  start: string;
  end: string;
  state: SlotState;
  /** Not bookable by anyone before this instant (e.g. on-the-day slots released at 08:00); null = no embargo. */
  embargoUntil: string | null;
  onlineBookable: boolean;
  bookableBy: Booker[];
}

export interface SlotType {
  id: string;
  name: string;
  lengthMinutes: number;
  /** On-the-day urgent slots ("duty doctor", "urgent on the day"). */
  urgent: boolean;
  /** Unattended appointments of this type are marked DNA automatically after the session ends. */
  autoDna: boolean;
}

/** What the day view shows for a slot at a given instant. */
export type SlotDisplayState = 'free' | 'online-bookable' | 'embargoed' | 'booked' | 'blocked';

/**
 * Decision: an online booker needs both `onlineBookable` and 'online' in `bookableBy` (two flags that can come
 * from different places in the rota; either one saying no keeps the slot off the online channel).
 */
export function bookerMayBook(slot: Slot, by: Booker): boolean {
  if (!slot.bookableBy.includes(by)) return false;
  return by !== 'online' || slot.onlineBookable;
}

/** "08:00" when the release is today (London), else "08:00 on Tuesday 31 March". */
function releaseTime(iso: string, now: Date): string {
  const release = new Date(iso);
  return londonDay(release) === londonDay(now) ? formatLondon(release, 'HH:mm') : formatLondon(release, "HH:mm 'on' EEEE d MMMM");
}

export function isEmbargoed(slot: Slot, now: Date): boolean {
  return slot.embargoUntil !== null && now.getTime() < Date.parse(slot.embargoUntil);
}

/**
 * Why `by` cannot book this slot now, in plain English, or null when it can.
 * Decision: a slot whose start time has been reached is in the past (no booking into a slot that has started).
 */
export function whyNotBookable(slot: Slot, now: Date, by: Booker): string | null {
  if (slot.state === 'booked') return 'This slot is already booked.';
  if (slot.state === 'blocked') return 'This slot is blocked and cannot be booked.';
  if (Date.parse(slot.start) <= now.getTime()) return 'This slot has already started.';
  if (isEmbargoed(slot, now) && slot.embargoUntil) return `This slot is held back until ${releaseTime(slot.embargoUntil, now)}.`;
  if (!bookerMayBook(slot, by)) {
    return by === 'online' ? 'This slot cannot be booked online.' : by === 'reception' ? 'This slot cannot be booked by reception.' : 'This slot cannot be booked by clinicians.';
  }
  return null;
}

export function isBookableNow(slot: Slot, now: Date, by: Booker): boolean {
  return whyNotBookable(slot, now, by) === null;
}

export function slotDisplayState(slot: Slot, now: Date): SlotDisplayState {
  if (slot.state !== 'free') return slot.state;
  if (isEmbargoed(slot, now)) return 'embargoed';
  return bookerMayBook(slot, 'online') ? 'online-bookable' : 'free';
}

/** Label for the day view: "Free", "Free (online)", "Embargoed until 08:00", "Booked", "Unavailable". */
export function slotStateLabel(slot: Slot, now: Date): string {
  const state = slotDisplayState(slot, now);
  switch (state) {
    case 'free':
      return 'Free';
    case 'online-bookable':
      return 'Free (online)';
    case 'embargoed':
      return `Embargoed until ${releaseTime(slot.embargoUntil ?? slot.start, now)}`;
    case 'booked':
      return 'Booked';
    case 'blocked':
      return 'Unavailable';
  }
}

export function slotLengthMinutes(slot: Slot): number {
  return Math.round((Date.parse(slot.end) - Date.parse(slot.start)) / 60_000);
}

/** Ids of the on-the-day urgent slot types, for an "on-the-day urgent" search. */
export function urgentSlotTypeIds(types: readonly SlotType[]): string[] {
  return types.filter((t) => t.urgent).map((t) => t.id);
}
