/**
 * Capacity: slots offered against slots booked, per ISO week per clinician and per GPAD national category.
 * Offered = free + booked (a blocked slot, admin or leave, is time nobody can book, so it is not offered).
 */
import type { AppointmentStatus } from '../appointments/appointment-status';
import { holdsSlot } from '../appointments/appointment-status';
import { addDays, dayNumber, weekStart } from '../calendar/days';
import type { BookSlot } from './leave';
import type { NationalSlotCategory } from './national-categories';

export interface CapacitySlot extends BookSlot {
  slotTypeId: string;
  /** The London day the slot starts on (the book stores it; working it out per slot would dominate a year's count). */
  day: string;
}

export interface CapacityCounts {
  offered: number;
  booked: number;
  free: number;
  blocked: number;
}

export interface CapacityResult {
  weeks: { weekStart: string; isoWeek: string }[];
  byClinician: (CapacityCounts & { weekStart: string; clinicianId: string })[];
  byCategory: { weekStart: string; category: NationalSlotCategory; offered: number; booked: number }[];
  totals: CapacityCounts;
}

/** '2026-W49': the ISO week-numbering year is the one its Thursday falls in. */
export function isoWeekLabel(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const zero = (): CapacityCounts => ({ offered: 0, booked: 0, free: 0, blocked: 0 });

/**
 * Slots between `from` and `to` (London days, both included) counted per week. A slot counts as booked when the
 * book says so or an appointment still holds it (a booking made at this desk and not yet confirmed nationally).
 */
export function capacity(input: {
  from: string;
  to: string;
  slots: readonly CapacitySlot[];
  appointments: readonly { slotId: string; status: AppointmentStatus }[];
  categoryOf: (slotTypeId: string) => NationalSlotCategory;
}): CapacityResult {
  const held = new Set(input.appointments.filter((a) => holdsSlot(a.status)).map((a) => a.slotId));
  const byClinician = new Map<string, CapacityCounts & { weekStart: string; clinicianId: string }>();
  const byCategory = new Map<string, { weekStart: string; category: NationalSlotCategory; offered: number; booked: number }>();
  const totals = zero();
  const weekOf = new Map<string, string>(); // day → its Monday, worked out once per day
  for (const s of input.slots) {
    const day = s.day;
    if (day < input.from || day > input.to) continue; // yyyy-mm-dd compares as text
    let week = weekOf.get(day);
    if (week === undefined) weekOf.set(day, (week = weekStart(day)));
    const booked = s.state === 'booked' || held.has(s.id);
    const blocked = !booked && s.state === 'blocked';
    const ck = `${week}\u0000${s.clinicianId}`;
    let c = byClinician.get(ck);
    if (!c) byClinician.set(ck, (c = { weekStart: week, clinicianId: s.clinicianId, ...zero() }));
    for (const t of [c, totals]) {
      if (blocked) t.blocked++;
      else {
        t.offered++;
        if (booked) t.booked++;
        else t.free++;
      }
    }
    if (blocked) continue;
    const category = input.categoryOf(s.slotTypeId);
    const gk = `${week}\u0000${category}`;
    let g = byCategory.get(gk);
    if (!g) byCategory.set(gk, (g = { weekStart: week, category, offered: 0, booked: 0 }));
    g.offered++;
    if (booked) g.booked++;
  }
  const weeks: CapacityResult['weeks'] = [];
  const last = dayNumber(input.to);
  for (let m = weekStart(input.from); dayNumber(m) <= last; m = addDays(m, 7)) weeks.push({ weekStart: m, isoWeek: isoWeekLabel(m) });
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    weeks,
    byClinician: [...byClinician.values()].sort((a, b) => cmp(a.weekStart, b.weekStart) || cmp(a.clinicianId, b.clinicianId)),
    byCategory: [...byCategory.values()].sort((a, b) => cmp(a.weekStart, b.weekStart) || cmp(a.category, b.category)),
    totals,
  };
}
