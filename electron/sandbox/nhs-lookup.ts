/**
 * NHS number -> record position for a million records without a million-entry Map
 * (which costs ~4x the time and memory to build). Each entry is packed into one float64 as
 * firstNineDigits * 2^21 + position, sorted natively, and found by binary search.
 * The tenth digit is a check digit, so the first nine identify a valid number.
 */

const POSITION_BITS = 2 ** 21; // positions must stay below ~2 million

export class NhsLookup {
  private readonly packed: Float64Array;

  constructor(nhsNumbers: readonly string[]) {
    if (nhsNumbers.length >= POSITION_BITS) throw new RangeError('Too many records for NhsLookup');
    this.packed = new Float64Array(nhsNumbers.length);
    for (let i = 0; i < nhsNumbers.length; i++) {
      this.packed[i] = Math.floor(Number(nhsNumbers[i]) / 10) * POSITION_BITS + i;
    }
    this.packed.sort();
    for (let i = 1; i < this.packed.length; i++) {
      if (Math.floor(this.packed[i]! / POSITION_BITS) === Math.floor(this.packed[i - 1]! / POSITION_BITS)) {
        throw new Error(`Duplicate NHS number at positions ${this.packed[i - 1]! % POSITION_BITS} and ${this.packed[i]! % POSITION_BITS}`);
      }
    }
  }

  /** Position of a (valid, 10-digit) NHS number, or undefined. */
  find(nhsNumber: string, numberAt: (position: number) => string): number | undefined {
    const key = Math.floor(Number(nhsNumber) / 10);
    let lo = 0;
    let hi = this.packed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Math.floor(this.packed[mid]! / POSITION_BITS) < key) lo = mid + 1;
      else hi = mid;
    }
    const entry = this.packed[lo];
    if (entry === undefined || Math.floor(entry / POSITION_BITS) !== key) return undefined;
    const position = entry % POSITION_BITS;
    // Same first nine digits but a different check digit is a different (invalid) number.
    return numberAt(position) === nhsNumber ? position : undefined;
  }
}
