/**
 * Seeded pseudo-random numbers for the synthetic population.
 * Why our own PRNG: faker's per-call API is too slow for a million patients, and we need
 * the same seed to give byte-identical data on every machine.
 */

/** mulberry32: tiny, fast, good enough for test data (not for anything secret). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that nearby seeds (1, 2, 3…) do not start with similar streams.
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max] inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick() from an empty list');
    return item;
  }
}

/**
 * Draws from a fixed list with Zipf–Mandelbrot weights 1/(rank + q)^s, so the first entries
 * (Smith, Jones…) are common and the tail is rare, like real surname frequencies.
 */
export class ZipfPicker<T> {
  private readonly cumulative: Float64Array;

  constructor(
    private readonly items: readonly T[],
    exponent = 1,
    offset = 0,
  ) {
    if (items.length === 0) throw new RangeError('ZipfPicker needs at least one item');
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    for (let i = 0; i < items.length; i++) {
      total += 1 / Math.pow(i + 1 + offset, exponent);
      this.cumulative[i] = total;
    }
    for (let i = 0; i < items.length; i++) this.cumulative[i]! /= total;
  }

  pick(rng: Rng): T {
    const u = rng.next();
    // Binary search for the first cumulative weight above u.
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }

  /** Share of draws that land on item `index` (used by tests and docs). */
  share(index: number): number {
    const upper = this.cumulative[index] ?? 0;
    const lower = index === 0 ? 0 : (this.cumulative[index - 1] ?? 0);
    return upper - lower;
  }
}
