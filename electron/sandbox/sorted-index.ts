/**
 * An immutable string-key -> positions index that answers exact, prefix and range lookups with two
 * binary searches over the distinct keys. Why not Map<string, number[]>: one Int32Array is far
 * smaller than thousands of arrays, and prefixes ("Sm*") and ranges (birth dates) come for free.
 */

export interface Slice {
  readonly positions: Int32Array;
  readonly start: number;
  readonly end: number;
}

export const sliceSize = (s: Slice): number => s.end - s.start;

export class SortedKeyIndex {
  /** Distinct keys, sorted. */
  private readonly keys: string[];
  /** positions[starts[r]..starts[r+1]) hold the records under keys[r]. */
  private readonly starts: Int32Array;
  private readonly positions: Int32Array;

  /** Each entry pairs a key with a record position; a record may appear under several keys. */
  constructor(entryKeys: readonly string[], entryPositions: readonly number[]) {
    // Counting sort by key rank: hash keys to ids, sort only the distinct keys, then place entries.
    // Far cheaper than a comparator sort over every entry when keys repeat (surnames, birth dates).
    const idOf = new Map<string, number>();
    const distinct: string[] = [];
    const entryIds = new Int32Array(entryKeys.length);
    for (let i = 0; i < entryKeys.length; i++) {
      const key = entryKeys[i]!;
      let id = idOf.get(key);
      if (id === undefined) {
        id = distinct.length;
        idOf.set(key, id);
        distinct.push(key);
      }
      entryIds[i] = id;
    }
    const byKey = new Int32Array(distinct.length);
    for (let i = 0; i < byKey.length; i++) byKey[i] = i;
    byKey.sort((a, b) => (distinct[a]! < distinct[b]! ? -1 : 1)); // keys are distinct: never equal
    const rankOf = new Int32Array(distinct.length);
    for (let r = 0; r < byKey.length; r++) rankOf[byKey[r]!] = r;

    const starts = new Int32Array(distinct.length + 1);
    for (let i = 0; i < entryIds.length; i++) starts[rankOf[entryIds[i]!]! + 1]! += 1;
    for (let r = 0; r < distinct.length; r++) starts[r + 1]! += starts[r]!;
    this.starts = starts;
    this.keys = Array.from(byKey, (id) => distinct[id]!);
    this.positions = new Int32Array(entryKeys.length);
    const next = starts.slice(0, distinct.length);
    for (let i = 0; i < entryIds.length; i++) {
      const r = rankOf[entryIds[i]!]!;
      this.positions[next[r]!++] = entryPositions[i]!;
    }
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

  exact(key: string): Slice {
    return this.slice(this.bound(key, false), this.bound(key, true));
  }

  /** Keys starting with `prefix`: '\uffff' sorts after any character our keys use. */
  prefix(prefix: string): Slice {
    return this.slice(this.bound(prefix, false), this.bound(`${prefix}\uffff`, false));
  }

  /** Inclusive range; either bound may be open. */
  range(from: string | undefined, to: string | undefined): Slice {
    const start = from === undefined ? 0 : this.bound(from, false);
    const end = to === undefined ? this.keys.length : this.bound(to, true);
    return this.slice(start, end);
  }
}
