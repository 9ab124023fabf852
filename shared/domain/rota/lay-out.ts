/**
 * Laying out one session's slots: back to back in elapsed time from the session start, each checked against the
 * session end, the opening hours, the slots already in the book and the clinician's leave, and given its release
 * time. Every slot not generated, and every slot blocked, is accounted for in a clash.
 */
import type { LondonDay } from '../appointments/london-time';
import type { Slot, SlotState } from '../appointments/slot';
import { type Clash, clash } from './clash';
import { embargoUntilMs, type LondonClock } from './embargo';
import type { ExistingBook, ExistingEntry } from './existing-book';
import { type IndexedLeave, leaveOverlapping } from './leave';
import type { ClashWording } from './messages';
import { hoursOn, type OpeningHours, WEEKDAY_NAMES } from './opening-hours';
import { ref, type Session } from './sessions';
import { generatedSlotId, scheduleIdFor } from './slot-id';
import type { PracticeSlotType } from './slot-type';

const MINUTE = 60_000;

export interface GeneratedSlot extends Slot {
  templateId: string;
  day: LondonDay;
  /** False when a slot with this id is already in the book (regeneration). */
  isNew: boolean;
}

export interface LayOutContext {
  types: ReadonlyMap<string, PracticeSlotType>;
  openingHours: OpeningHours;
  siteOpeningHours: Readonly<Record<string, OpeningHours>> | undefined;
  book: ExistingBook;
  leave: ReadonlyMap<string, readonly IndexedLeave[]>;
  clock: LondonClock;
  iso: (ms: number) => string;
  stamp: (ms: number) => string;
  say: ClashWording;
  slots: GeneratedSlot[];
  clashes: Clash[];
}

type Overlaps = Map<string, { entry: ExistingEntry; newIds: string[] }>;

export function layOutSession(s: Session, ctx: LayOutContext): void {
  const t = s.template;
  const base = { clinicianId: t.clinicianId, day: s.day.day, templateId: t.id, start: ctx.iso(s.startMs), end: ctx.iso(s.endMs) };
  const hours = hoursOn(ctx.siteOpeningHours?.[t.siteId] ?? ctx.openingHours, s.day.weekday);
  if (!hours) {
    ctx.clashes.push(clash({ ...base, kind: 'outside-opening-hours', message: ctx.say.closedWeekday(ref(s), WEEKDAY_NAMES[s.day.weekday - 1]!) }));
    return;
  }
  const openMs = ctx.clock(s.day.day, hours.open);
  const closeMs = ctx.clock(s.day.day, hours.close);
  const scheduleId = scheduleIdFor(t.clinicianId, t.siteId);
  const outside: string[] = [];
  const overBooked: Overlaps = new Map();
  const overFree: Overlaps = new Map();
  const onLeave: string[] = [];
  let leaveId: string | null = null;
  const lateRelease: string[] = [];
  let cut: { startMs: number; endMs: number; dropped: number } | null = null;

  const before = ctx.book.fromTemplate(t.id); // slots this template put in the book already, by stamp
  const total = t.sequence.reduce((n, i) => n + i.count, 0);
  let laid = 0;
  let at = s.startMs;
  sequence: for (const item of t.sequence) {
    const type = ctx.types.get(item.slotTypeId)!; // templates with unknown types never become sessions
    const lengthMs = (item.lengthMinutes ?? type.lengthMinutes) * MINUTE;
    for (let i = 0; i < item.count; i++, laid++) {
      const startMs = at;
      const endMs = at + lengthMs;
      if (endMs > s.endMs) {
        cut = { startMs, endMs, dropped: total - laid };
        break sequence;
      }
      at = endMs;
      const id = generatedSlotId(t.id, startMs, ctx.stamp);
      if (startMs < openMs || endMs > closeMs) {
        outside.push(id);
        continue;
      }
      const others = ctx.book.overlapping(t.clinicianId, startMs, endMs, id);
      if (others) {
        for (const e of others) {
          const into = e.booked ? overBooked : overFree;
          const seen = into.get(e.slot.id);
          if (seen) seen.newIds.push(id);
          else into.set(e.slot.id, { entry: e, newIds: [id] });
        }
        continue;
      }
      // The same id already in the book is the same slot: it keeps its state; only a free one is blocked by leave.
      const same = before?.get(ctx.stamp(startMs));
      let state: SlotState = same ? (same.booked ? 'booked' : same.slot.state) : 'free';
      const away = leaveOverlapping(ctx.leave, t.clinicianId, startMs, endMs);
      if (away && state === 'free') {
        state = 'blocked';
        onLeave.push(id);
        leaveId ??= away.id;
      }
      const embargo = embargoUntilMs(type.embargo, s.day.day, startMs, ctx.clock);
      if (embargo !== null && embargo >= startMs) lateRelease.push(id);
      ctx.slots.push({
        id,
        scheduleId,
        clinicianId: t.clinicianId,
        siteId: t.siteId,
        slotTypeId: type.id,
        start: ctx.iso(startMs),
        end: ctx.iso(endMs),
        state,
        embargoUntil: embargo === null ? null : ctx.iso(embargo),
        onlineBookable: type.bookableBy.includes('online'),
        bookableBy: [...type.bookableBy],
        templateId: t.id,
        day: s.day.day,
        isNew: same === undefined,
      });
    }
  }

  const r = ref(s);
  const { say } = ctx;
  if (outside.length > 0) ctx.clashes.push(clash({ ...base, kind: 'outside-opening-hours', slotIds: outside, message: say.outsideHours(r, outside.length, hours) }));
  for (const { entry, newIds } of overBooked.values()) {
    ctx.clashes.push(
      clash({
        ...base,
        kind: 'existing-booking',
        start: ctx.iso(entry.startMs),
        end: ctx.iso(entry.endMs),
        slotIds: newIds,
        existingSlotIds: [entry.slot.id],
        appointmentIds: entry.appointmentIds,
        message: say.existingBooking(r, entry.startMs, entry.endMs, newIds.length),
      }),
    );
  }
  if (overFree.size > 0) {
    const entries = [...overFree.values()];
    const newIds = [...new Set(entries.flatMap((e) => e.newIds))];
    ctx.clashes.push(
      clash({ ...base, kind: 'existing-slot', slotIds: newIds, existingSlotIds: entries.map((e) => e.entry.slot.id), message: say.existingSlot(r, newIds.length, entries.length) }),
    );
  }
  if (onLeave.length > 0) ctx.clashes.push(clash({ ...base, kind: 'leave', slotIds: onLeave, leaveId, message: say.leave(r, onLeave.length) }));
  if (cut) ctx.clashes.push(clash({ ...base, kind: 'template-ends-mid-slot', message: say.endsMidSlot(r, cut.startMs, cut.endMs, cut.dropped) }));
  if (lateRelease.length > 0) ctx.clashes.push(clash({ ...base, kind: 'released-after-start', slotIds: lateRelease, message: say.releasedAfterStart(r, lateRelease.length) }));
}
