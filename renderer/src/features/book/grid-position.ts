import type { SlotView } from '../../../../shared/contract/appointments';

/** A cell of a slot grid: column (clinician or weekday) and row (slot within it). */
export interface Pos {
  col: number;
  row: number;
}

/** Where a slot sits in a grid of columns of slots, or null when it is not shown. */
export function locate(cols: readonly { slots: readonly SlotView[] }[], slotId: string | null): Pos | null {
  if (slotId === null) return null;
  for (let col = 0; col < cols.length; col++) {
    const row = cols[col]!.slots.findIndex((s) => s.id === slotId);
    if (row >= 0) return { col, row };
  }
  return null;
}

/** The row whose `measure` is nearest `target` (ties: the earlier): moving sideways keeps the time. */
export function nearestRow(slots: readonly SlotView[], target: number, measure: (s: SlotView) => number): number {
  let best = 0;
  let bestGap = Infinity;
  slots.forEach((s, i) => {
    const gap = Math.abs(measure(s) - target);
    if (gap < bestGap) {
      best = i;
      bestGap = gap;
    }
  });
  return best;
}
