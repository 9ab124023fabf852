import { describe, expect, it } from 'vitest';
import { checkNhsNumber, formatNhsNumber } from '../../../shared/domain/nhs-number';
import { handoutPath, jsonFilesUnder, readJson } from '../../helpers/handout';

describe('NHS number rule (Modulus 11)', () => {
  it.each(['9000000009', '9000000017', '9000000025', '9434765919', '943 476 5919', '943-476-5919'])('accepts %s', (n) => {
    expect(checkNhsNumber(n)).toMatchObject({ valid: true, value: n.replace(/[\s-]/g, '') });
  });

  it('rejects a wrong check digit with a message naming the number', () => {
    const r = checkNhsNumber('9000000000');
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.reason).toBe('check-digit');
      expect(r.message).toContain('900 000 0000');
      expect(r.message).toMatch(/not a valid NHS number/);
    }
  });

  it('rejects numbers whose check digit would be 10', () => {
    // 000000006x: 6 × 2 = 12, 12 mod 11 = 1 → check 10, so no last digit can make it valid.
    for (let d = 0; d <= 9; d++) expect(checkNhsNumber(`000000006${d}`).valid).toBe(false);
  });

  it('says how many digits were typed when the length is wrong', () => {
    const r = checkNhsNumber('900000000');
    expect(r).toMatchObject({ valid: false, reason: 'length' });
    if (!r.valid) expect(r.message).toContain('9');
  });

  it('formats as 3-3-4', () => {
    expect(formatNhsNumber('9000000009')).toBe('900 000 0009');
  });

  it('official examples: every Patient id is valid except the ones PDS documents as failing (9000000015)', () => {
    const ids = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.resourceType === 'Patient' && typeof o.id === 'string') ids.add(o.id);
        Object.values(o).forEach(collect);
      }
    };
    for (const f of jsonFilesUnder(handoutPath('nhs/pds/examples'))) collect(readJson(f));
    expect(ids.size).toBeGreaterThan(10);
    const failing = [...ids].filter((id) => !checkNhsNumber(id).valid).sort();
    expect(failing).toEqual(['9000000015']);
  });
});
