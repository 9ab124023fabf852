/**
 * NHS numbers for synthetic patients.
 * Why not just count up: sequential numbers look fake in demos and make neighbouring
 * test patients collide with typos; an affine permutation spreads them out but stays unique.
 */

/** Modulus 11 check digit for the first nine digits, or null when the base can never be valid (check = 10). */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (firstNine.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

export function isValidSandboxNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const check = nhsCheckDigit(value.slice(0, 9));
  return check !== null && check === value.charCodeAt(9) - 48;
}

const BLOCK = 1_000_000; // six free digits after a three-digit prefix

/**
 * Hands out unique, valid test-range NHS numbers: 999xxxxxxx first, then 998…, 997… once the
 * 999 block (about 909,000 valid numbers) is used up. All 9xx numbers are outside the ranges
 * issued to real patients in England and Wales.
 */
export class NhsNumberAllocator {
  private prefix = 999;
  private step = 0;
  private readonly multiplier: number;
  private readonly offset: number;

  constructor(seed: number) {
    // The multiplier must be coprime with 10^6 (odd and not a multiple of 5) to be a permutation.
    let m = 1 + 2 * ((Math.abs(seed * 7919) % 250_000) + 100_000);
    if (m % 5 === 0) m += 2;
    this.multiplier = m;
    this.offset = Math.abs(seed * 104_729) % BLOCK;
  }

  next(): string {
    for (;;) {
      if (this.step >= BLOCK) {
        this.prefix -= 1;
        this.step = 0;
        if (this.prefix < 990) throw new RangeError('Ran out of test-range NHS numbers');
      }
      // (step * m + offset) mod 10^6 without losing precision: m < 2^20 and step < 2^20.
      const six = (this.step * this.multiplier + this.offset) % BLOCK;
      this.step += 1;
      // Check digit straight from the numbers (no intermediate strings: this runs a million times).
      let sum = 0;
      let rest = six;
      for (let weight = 2; weight <= 7; weight++) {
        sum += (rest % 10) * weight;
        rest = Math.floor(rest / 10);
      }
      sum += Math.floor(this.prefix / 100) * 10 + (Math.floor(this.prefix / 10) % 10) * 9 + (this.prefix % 10) * 8;
      const check = 11 - (sum % 11);
      if (check === 10) continue;
      return String(this.prefix * 10_000_000 + six * 10 + (check === 11 ? 0 : check));
    }
  }
}
