/**
 * An immutable string-key -> positions index answering exact, prefix and range lookups with binary
 * searches over the distinct keys. Why not Map<string, number[]>: one Int32Array is far smaller than
 * thousands of arrays, and prefixes ("Sm*") and ranges (birth dates) come for free.
 * Optionally each entry has a secondary key (the birth date) and entries under one key are ordered
 * by it, so "Smith born 1970-1972" is two more binary searches instead of a scan of every Smith.
 */

export interface Slice {
  readonly positions: Int32Array;
  readonly start: number;
  readonly end: number;
}

export const sliceSize = (s: Slice): number => s.end - s.start;

/** Stable counting sort of `order` by each entry's key rank (O(n + distinct·log distinct)). */
function sortByKey(order: Int32Array, keys: readonly string[]): { sorted: Int32Array; distinct: string[]; starts: Int32Array } {
  const idOf = new Map<string, number>();
  const distinct: string[] = [];
  const ids = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    let id = idOf.get(key);
    if (id === undefined) {
      id = distinct.length;
      idOf.set(key, id);
      distinct.push(key);
    }
    ids[i] = id;
  }
  const byKey = new Int32Array(distinct.length);
  for (let i = 0; i < byKey.length; i++) byKey[i] = i;
  byKey.sort((a, b) => (distinct[a]! < distinct[b]! ? -1 : 1)); // distinct keys: never equal
  const rankOf = new Int32Array(distinct.length);
  for (let r = 0; r < byKey.length; r++) rankOf[byKey[r]!] = r;

  const starts = new Int32Array(distinct.length + 1);
  for (let i = 0; i < ids.length; i++) starts[rankOf[ids[i]!]! + 1]! += 1;
  for (let r = 0; r < distinct.length; r++) starts[r + 1]! += starts[r]!;
  const next = starts.slice(0, distinct.length);
  const sorted = new Int32Array(order.length);
  for (const entry of order) sorted[next[rankOf[ids[entry]!]!]!++] = entry;
  return { sorted, distinct: Array.from(byKey, (id) => distinct[id]!), starts };
}

export class SortedKeyIndex {
  /** Distinct keys, sorted. */
  private readonly keys: string[];
  /** positions[starts[r]..starts[r+1]) hold the records under keys[r]. */
  private readonly starts: Int32Array;
  private readonly positions: Int32Array;
  /** Secondary key of each entry, aligned with `positions` (ascending within a key). */
  private readonly secondary: string[] | null;

  /** Each entry pairs a key with a record position (and optional secondary key); a record may appear under several keys. */
  constructor(entryKeys: readonly string[], entryPositions: readonly number[], entrySecondary?: readonly string[]) {
    let order: Int32Array = new Int32Array(entryKeys.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    // LSD radix: sort by the secondary key first; the stable sort by key then keeps that order within each key.
    if (entrySecondary) order = sortByKey(order, entrySecondary).sorted;
    const { sorted, distinct, starts } = sortByKey(order, entryKeys);
    this.keys = distinct;
    this.starts = starts;
    this.positions = new Int32Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) this.positions[i] = entryPositions[sorted[i]!]!;
    this.secondary = entrySecondary ? Array.from(sorted, (e) => entrySecondary[e]!) : null;
  }

  /** First rank whose key is >= key (or > key when `after`). */
  private bound(key: string, after: boolean): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid]!;
      if (k < key || (after && k === key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Entries for key ranks [fromRank, toRank). */
  private slice(fromRank: number, toRank: number): Slice {
    const start = this.starts[fromRank]!;
    return { positions: this.positions, start, end: Math.max(start, this.starts[Math.max(fromRank, toRank)]!) };
  }

  /** Narrow one key's entries to those whose secondary key is within [from, to]. */
  private within(rank: number, from: string | undefined, to: string | undefined): Slice {
    const all = this.slice(rank, rank + 1);
    const secondary = this.secondary;
    if (!secondary) return all;
    const search = (value: string, after: boolean): number => {
      let lo = all.start;
      let hi = all.end;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const s = secondary[mid]!;
        if (s < value || (after && s === value)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const start = from === undefined ? all.start : search(from, false);
    const end = to === undefined ? all.end : search(to, true);
    return { positions: this.positions, start, end: Math.max(start, end) };
  }

  /** Inclusive key range; either bound may be open. */
  range(from: string | undefined, to: string | undefined): Slice {
    const start = from === undefined ? 0 : this.bound(from, false);
    const end = to === undefined ? this.keys.length : this.bound(to, true);
    return this.slice(start, end);
  }

  /** One key, narrowed by secondary range. */
  exactWithin(key: string, from: string | undefined, to: string | undefined): Slice {
    const rank = this.bound(key, false);
    return this.keys[rank] === key ? this.within(rank, from, to) : this.slice(rank, rank);
  }

  /** Every key with this prefix, each narrowed by secondary range (one slice per key). */
  prefixWithin(prefix: string, from: string | undefined, to: string | undefined): Slice[] {
    const out: Slice[] = [];
    const end = this.bound(`${prefix}\uffff`, false);
    for (let rank = this.bound(prefix, false); rank < end; rank++) out.push(this.within(rank, from, to));
    return out;
  }
}
