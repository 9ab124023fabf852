/** The slots already in the book, indexed for "what does this clinician already have at this time?". */
import { holdsSlot } from '../appointments/appointment-status';
import type { BookSlot, SlotAppointment } from './leave';

export interface ExistingEntry {
  slot: BookSlot;
  startMs: number;
  endMs: number;
  /** Booked, or holding an appointment that still holds the slot (booked, arrived, in consultation, finished). */
  booked: boolean;
  /** Ids of the appointments holding it. */
  appointmentIds: string[];
}

export interface ExistingBook {
  byId: ReadonlyMap<string, ExistingEntry>;
  /**
   * The book's slots whose id has the generated form `<templateId>.<stamp>` (slot-id.ts), for one template, by stamp;
   * undefined when the book has none from that template. Generation asks this once per session and then per slot by
   * stamp (a remembered string, its hash kept), instead of hashing every new slot's id against the whole book.
   */
  fromTemplate(templateId: string): ReadonlyMap<string, ExistingEntry> | undefined;
  /** Entries of one clinician that overlap [startMs, endMs), in start order, leaving out `exceptId`; null when none. */
  overlapping(clinicianId: string, startMs: number, endMs: number, exceptId?: string): ExistingEntry[] | null;
}

export function indexExistingBook(slots: readonly BookSlot[], appointments: readonly SlotAppointment[]): ExistingBook {
  const holding = new Map<string, string[]>();
  for (const a of appointments) {
    if (!holdsSlot(a.status)) continue;
    const list = holding.get(a.slotId);
    if (list) list.push(a.id);
    else holding.set(a.slotId, [a.id]);
  }
  const byId = new Map<string, ExistingEntry>();
  const byTemplate = new Map<string, Map<string, ExistingEntry>>();
  const byClinician = new Map<string, ExistingEntry[]>();
  for (const slot of slots) {
    const appointmentIds = (holding.get(slot.id) ?? []).sort();
    const e: ExistingEntry = { slot, startMs: Date.parse(slot.start), endMs: Date.parse(slot.end), booked: slot.state === 'booked' || appointmentIds.length > 0, appointmentIds };
    byId.set(slot.id, e);
    // Stamps have no '.', so the last one splits a generated id exactly into template id and stamp.
    const dot = slot.id.lastIndexOf('.');
    if (dot > 0) {
      const templateId = slot.id.slice(0, dot);
      let mine = byTemplate.get(templateId);
      if (!mine) byTemplate.set(templateId, (mine = new Map()));
      mine.set(slot.id.slice(dot + 1), e);
    }
    const list = byClinician.get(slot.clinicianId);
    if (list) list.push(e);
    else byClinician.set(slot.clinicianId, [e]);
  }
  // Longest slot per clinician bounds how far back a binary search must look for an overlap.
  const longest = new Map<string, number>();
  for (const [id, list] of byClinician) {
    list.sort((a, b) => a.startMs - b.startMs || (a.slot.id < b.slot.id ? -1 : 1));
    longest.set(id, list.reduce((m, e) => Math.max(m, e.endMs - e.startMs), 0));
  }

  return {
    byId,
    fromTemplate: (templateId) => byTemplate.get(templateId),
    overlapping(clinicianId, startMs, endMs, exceptId) {
      const list = byClinician.get(clinicianId);
      if (!list) return null;
      const earliest = startMs - (longest.get(clinicianId) ?? 0);
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid]!.startMs <= earliest) lo = mid + 1;
        else hi = mid;
      }
      let out: ExistingEntry[] | null = null; // allocated only on a hit: this runs once per generated slot
      for (let i = lo; i < list.length && list[i]!.startMs < endMs; i++) {
        const e = list[i]!;
        if (e.endMs > startMs && e.slot.id !== exceptId) (out ??= []).push(e);
      }
      return out;
    },
  };
}
