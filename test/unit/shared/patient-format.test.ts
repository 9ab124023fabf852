import { describe, expect, it } from 'vitest';
import {
  formatAddress,
  formatAge,
  formatBirthDateWithAge,
  formatDateOfBirth,
  formatGender,
  formatPatientName,
  NOT_RECORDED,
} from '../../../shared/domain/patient-format';

// The clock is injected: every "today" below is fixed, never the machine's.
const today = new Date(2026, 2, 12); // 12-Mar-2026

describe('formatPatientName', () => {
  it('writes FAMILY in capitals, then given names, then the title in brackets', () => {
    expect(formatPatientName({ family: 'Smith', given: ['Jane'], prefix: ['Miss'] })).toBe('SMITH, Jane (Miss)');
    expect(formatPatientName({ family: "O'Brien-Jones", given: ['Mary', 'Ann'], prefix: ['Dr'] })).toBe("O'BRIEN-JONES, Mary Ann (Dr)");
  });

  it('leaves out the parts that are missing', () => {
    expect(formatPatientName({ family: 'Smith', given: [], prefix: [] })).toBe('SMITH');
    expect(formatPatientName({ family: null, given: ['Jane'], prefix: ['Ms'] })).toBe('Jane (Ms)');
    expect(formatPatientName({ family: 'Smith', given: [' '], prefix: [''] })).toBe('SMITH');
  });

  it('says "Name not recorded" when there is no name at all', () => {
    expect(formatPatientName({ family: null, given: [], prefix: ['Mr'] })).toBe('Name not recorded');
    expect(formatPatientName({ family: '  ', given: [], prefix: [] })).toBe('Name not recorded');
  });
});

describe('formatDateOfBirth', () => {
  it('uses dd-MMM-yyyy', () => {
    expect(formatDateOfBirth('2010-10-22')).toBe('22-Oct-2010');
    expect(formatDateOfBirth('1936-09-04')).toBe('04-Sep-1936');
  });
  it('says "Not recorded" for no date and shows a bad one as given', () => {
    expect(formatDateOfBirth(null)).toBe(NOT_RECORDED);
    expect(formatDateOfBirth('2010-13-45')).toBe('2010-13-45');
  });
});

describe('formatAge', () => {
  it('gives whole years from 2 years old', () => {
    expect(formatAge('2010-10-22', today)).toBe('15y');
    expect(formatAge('2010-03-12', today)).toBe('16y'); // birthday today
    expect(formatAge('2010-03-13', today)).toBe('15y'); // birthday tomorrow
    expect(formatAge('2024-03-12', today)).toBe('2y');
  });

  it('gives months under 2 years and days under 1 month', () => {
    expect(formatAge('2024-03-13', today)).toBe('23m');
    expect(formatAge('2025-03-12', today)).toBe('12m');
    expect(formatAge('2026-02-12', today)).toBe('1m');
    expect(formatAge('2026-02-13', today)).toBe('27d');
    expect(formatAge('2026-03-12', today)).toBe('0d');
  });

  it('uses the age at death for a deceased patient', () => {
    expect(formatAge('1936-02-24', today, '2019-02-07')).toBe('82y');
    expect(formatAge('2019-01-01', today, '2019-01-20')).toBe('19d');
  });

  it('gives nothing it cannot work out', () => {
    expect(formatAge(null, today)).toBe('');
    expect(formatAge('2030-01-01', today)).toBe('');
    expect(formatAge('garbage', today)).toBe('');
  });
});

describe('formatBirthDateWithAge', () => {
  it('puts the age in brackets after the date', () => {
    expect(formatBirthDateWithAge('2010-10-22', today)).toBe('22-Oct-2010 (15y)');
    expect(formatBirthDateWithAge('2026-01-01', today)).toBe('01-Jan-2026 (2m)');
    expect(formatBirthDateWithAge(null, today)).toBe(NOT_RECORDED);
  });
});

describe('formatAddress', () => {
  it('joins the lines and postcode', () => {
    expect(formatAddress({ lines: ['1 Trevelyan Square', 'Boar Lane', 'Leeds'], postcode: 'LS1 6AE' })).toBe(
      '1 Trevelyan Square, Boar Lane, Leeds, LS1 6AE',
    );
    expect(formatAddress({ lines: ['1 High St', ''], postcode: null })).toBe('1 High St');
  });
  it('says "Not recorded" when there is nothing to show', () => {
    expect(formatAddress(null)).toBe(NOT_RECORDED);
    expect(formatAddress({ lines: [], postcode: null })).toBe(NOT_RECORDED);
  });
});

describe('formatGender', () => {
  it('uses words, and "Not recorded" when absent', () => {
    expect(formatGender('female')).toBe('Female');
    expect(formatGender('male')).toBe('Male');
    expect(formatGender('other')).toBe('Other');
    expect(formatGender('unknown')).toBe('Unknown');
    expect(formatGender(null)).toBe(NOT_RECORDED);
  });
});
