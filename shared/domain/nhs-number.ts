/**
 * NHS number: 10 digits, Modulus 11 check digit (PDS `nhs_number_utils.py`).
 * Weights 10..2 over digits 1-9; check = 11 - (sum mod 11); 11 -> 0; 10 -> never valid.
 */
export type NhsNumberCheck =
  | { valid: true; value: string }
  | { valid: false; reason: 'length' | 'characters' | 'check-digit'; message: string };

export function normaliseNhsNumber(text: string): string {
  return text.replace(/[\s-]/g, '');
}

export function checkNhsNumber(text: string): NhsNumberCheck {
  const value = normaliseNhsNumber(text);
  if (!/^\d+$/.test(value)) {
    return { valid: false, reason: 'characters', message: 'An NHS number has digits only.' };
  }
  if (value.length !== 10) {
    return {
      valid: false,
      reason: 'length',
      message: `An NHS number has 10 digits; this has ${value.length}.`,
    };
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  if (check === 10 || expected !== Number(value[9])) {
    return {
      valid: false,
      reason: 'check-digit',
      message: `${formatNhsNumber(value)} is not a valid NHS number: the check digit does not match. Check it was typed correctly.`,
    };
  }
  return { valid: true, value };
}

export const isValidNhsNumber = (text: string): boolean => checkNhsNumber(text).valid;

/** 3-3-4 grouping, as printed on NHS letters and cards. */
export function formatNhsNumber(text: string): string {
  const v = normaliseNhsNumber(text);
  return v.length === 10 ? `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}` : v;
}
