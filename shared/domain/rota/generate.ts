/**
 * Slot generation: rota templates + a date range + the calendar → the slots to put in the book, every clash
 * for a person to resolve, and a summary for the preview.
 *
 * Pure and deterministic: the same input gives the same output, slot ids included (see slot-id.ts), so a preview
 * and the generation that follows it agree, and generating a range again changes nothing.
 *
 * Rules, in the order they are applied to each session (one template on one day):
 * 1. a template naming a slot type that does not exist is skipped altogether;
 * 2. no session on a bank holiday or a local closure;
 * 3. a clinician's sessions on one day must not overlap: the one starting first (then the lower template id) is
 *    kept, the other is refused whole;
 * 4. slots are laid out back to back in elapsed time from the session start (London wall clock); a slot that would
 *    end after the session end is not generated, nor are the ones after it;
 * 5. a slot outside the opening hours that day (the site's, else the practice's) is not generated;
 * 6. a slot overlapping a different slot already in the book for that clinician is not generated; the existing
 *    slot, booked or not, is left exactly as it is;
 * 7. a slot already in the book under the same id is the same slot: it keeps its state (booked stays booked, a
 *    manual block stays blocked);
 * 8. a free slot in the clinician's leave is generated blocked.
 * Existing slots in the range that leave covers give the rebook list and the free slots to block (leave.ts).
 */
import { type LondonDay, londonDay } from '../appointments/london-time';
import type { Slot } from '../appointments/slot';
import { eachDay } from '../calendar/days';
import { type Clash, clash, compareClashes } from './clash';
import { londonClock } from './embargo';
import { indexExistingBook } from './existing-book';
import { type GeneratedSlot, layOutSession } from './lay-out';
import { type BookSlot, indexLeave, type Leave, planLeave, type RebookEntry, type SlotAppointment } from './leave';
import { clashWording } from './messages';
import type { OpeningHours } from './opening-hours';
import { dayFacts } from './pattern';
import { byId, findSessions, refuseOverlaps, type RotaCalendar } from './sessions';
import { perInstant, utcStamp } from './slot-id';
import type { PracticeSlotType } from './slot-type';
import { type GenerationSummary, summarise } from './summary';
import type { SessionTemplate } from './template';

export type { GeneratedSlot } from './lay-out';

export interface GenerateInput {
  /** Already parsed with the SessionTemplate / PracticeSlotType / Leave / OpeningHours schemas. */
  templates: readonly SessionTemplate[];
  slotTypes: readonly PracticeSlotType[];
  /** London days, both included. */
  from: LondonDay;
  to: LondonDay;
  calendar: RotaCalendar;
  openingHours: OpeningHours;
  /** Hours of a site that differ from the practice's (a branch surgery closing at 13:00). */
  siteOpeningHours?: Readonly<Record<string, OpeningHours>>;
  leave: readonly Leave[];
  existing: { slots: readonly BookSlot[]; appointments: readonly SlotAppointment[] };
  /** clinicianId → "Dr Alex Morgan", for messages; the id is used when missing. */
  clinicianNames?: Readonly<Record<string, string>>;
}

export interface GenerationResult {
  /** In start order, then id. */
  slots: GeneratedSlot[];
  /** By day, clinician, time and kind. */
  clashes: Clash[];
  /** Booked appointments in the range that leave displaces: reception moves them. */
  rebook: RebookEntry[];
  /** Free slots already in the book, in the range, that leave blocks. */
  blockExisting: string[];
  summary: GenerationSummary;
}

const byStartThenId = (a: Slot, b: Slot) => (a.start < b.start ? -1 : a.start > b.start ? 1 : byId(a, b));

export function generateSlots(input: GenerateInput): GenerationResult {
  const clock = londonClock();
  const iso = perInstant((ms) => new Date(ms).toISOString());
  const say = clashWording(input.clinicianNames);
  const clashes: Clash[] = [];
  const days = eachDay(input.from, input.to).map(dayFacts);
  const types = new Map(input.slotTypes.map((t) => [t.id, t]));

  const found = findSessions(input.templates, { days, knownSlotTypes: new Set(types.keys()), calendar: input.calendar, clock, iso, say, clashes });
  const sessions = refuseOverlaps(found, { iso, say, clashes });

  const book = indexExistingBook(input.existing.slots, input.existing.appointments);
  const ctx = {
    types,
    openingHours: input.openingHours,
    siteOpeningHours: input.siteOpeningHours,
    book,
    leave: indexLeave(input.leave),
    clock,
    iso,
    stamp: perInstant(utcStamp),
    say,
    slots: [] as GeneratedSlot[],
    clashes,
  };
  // Sessions come in time order, so each day's slots are contiguous: sort them a day at a time (far cheaper than
  // one sort of a year's slots).
  let dayFrom = 0;
  for (let i = 0; i < sessions.length; i++) {
    layOutSession(sessions[i]!, ctx);
    if (sessions[i + 1]?.day.day !== sessions[i]!.day.day) {
      const day = ctx.slots.splice(dayFrom).sort(byStartThenId);
      for (const s of day) ctx.slots.push(s);
      dayFrom = ctx.slots.length;
    }
  }

  // Leave over what is already in the book in this range.
  const rangeStart = days.length > 0 ? clock(days[0]!.day, '00:00') : 0;
  const rangeEnd = days.length > 0 ? clock(days[days.length - 1]!.day, '24:00') : 0;
  const inRange = input.existing.slots.filter((s) => {
    const ms = Date.parse(s.start);
    return ms >= rangeStart && ms < rangeEnd;
  });
  const plan = planLeave({ leave: input.leave, slots: inRange, appointments: input.existing.appointments });
  for (const r of plan.rebook) {
    const entry = book.byId.get(r.slotId)!;
    const day = londonDay(new Date(entry.startMs));
    clashes.push(
      clash({
        kind: 'leave-over-booking',
        clinicianId: r.clinicianId,
        day,
        start: iso(entry.startMs),
        end: iso(entry.endMs),
        existingSlotIds: [r.slotId],
        appointmentIds: [r.appointmentId],
        leaveId: r.leaveId,
        message: say.leaveOverBooking(r.clinicianId, day, entry.startMs),
      }),
    );
  }
  for (const slotId of plan.bookedWithoutAppointment) {
    const entry = book.byId.get(slotId)!;
    const day = londonDay(new Date(entry.startMs));
    clashes.push(
      clash({
        kind: 'leave-over-booking',
        clinicianId: entry.slot.clinicianId,
        day,
        start: iso(entry.startMs),
        end: iso(entry.endMs),
        existingSlotIds: [slotId],
        message: say.leaveOverUnknownBooking(entry.slot.clinicianId, day, entry.startMs),
      }),
    );
  }

  clashes.sort(compareClashes);
  return { slots: ctx.slots, clashes, rebook: plan.rebook, blockExisting: plan.block, summary: summarise(ctx.slots, clashes) };
}
