/** The preview's counts: slots per type per clinician per day, and totals. */
import type { LondonDay } from '../appointments/london-time';
import type { Slot } from '../appointments/slot';
import { CLASH_KINDS, type Clash, type ClashKind } from './clash';

export interface SummaryRow {
  day: LondonDay;
  clinicianId: string;
  slotTypeId: string;
  /** Slots the rota puts in the book for that day (blocked ones included). */
  slots: number;
  /** Of which blocked (leave). */
  blocked: number;
}

export interface GenerationSummary {
  rows: SummaryRow[];
  totalSlots: number;
  /** Slots not yet in the book. */
  newSlots: number;
  blockedSlots: number;
  clashes: Record<ClashKind, number>;
}

export function summarise(slots: readonly (Pick<Slot, 'clinicianId' | 'slotTypeId' | 'state'> & { day: LondonDay; isNew: boolean })[], clashes: readonly Clash[]): GenerationSummary {
  // day → clinician → type: three lookups per slot and no key strings (this runs for every slot of a year).
  const rows = new Map<string, Map<string, Map<string, SummaryRow>>>();
  let newSlots = 0;
  let blockedSlots = 0;
  for (const s of slots) {
    let byClinician = rows.get(s.day);
    if (!byClinician) rows.set(s.day, (byClinician = new Map()));
    let byType = byClinician.get(s.clinicianId);
    if (!byType) byClinician.set(s.clinicianId, (byType = new Map()));
    let row = byType.get(s.slotTypeId);
    if (!row) byType.set(s.slotTypeId, (row = { day: s.day, clinicianId: s.clinicianId, slotTypeId: s.slotTypeId, slots: 0, blocked: 0 }));
    row.slots++;
    if (s.state === 'blocked') {
      row.blocked++;
      blockedSlots++;
    }
    if (s.isNew) newSlots++;
  }
  const byKind = Object.fromEntries(CLASH_KINDS.map((k) => [k, 0])) as Record<ClashKind, number>;
  for (const c of clashes) byKind[c.kind]++;
  const sorted = [...rows.values()].flatMap((c) => [...c.values()].flatMap((t) => [...t.values()])).sort(
    (a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) || (a.clinicianId < b.clinicianId ? -1 : a.clinicianId > b.clinicianId ? 1 : 0) || (a.slotTypeId < b.slotTypeId ? -1 : a.slotTypeId > b.slotTypeId ? 1 : 0),
  );
  return { rows: sorted, totalSlots: slots.length, newSlots, blockedSlots, clashes: byKind };
}
