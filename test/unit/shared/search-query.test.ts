import { describe, expect, it } from 'vitest';
import { parseSearchText } from '../../../shared/domain/search-query';

const today = new Date(2026, 10, 25);
const parse = (t: string) => parseSearchText(t, today);

describe('search box parsing', () => {
  it('reads an NHS number with or without spaces', () => {
    expect(parse('900 000 0009')).toEqual({ ok: true, query: { kind: 'nhs-number', nhsNumber: '9000000009' } });
    expect(parse(' 9000000009 ')).toEqual({ ok: true, query: { kind: 'nhs-number', nhsNumber: '9000000009' } });
  });

  it('explains an NHS number with a wrong check digit', () => {
    const r = parse('900 000 0000');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/check digit/);
  });

  it('reads surname + date of birth in dd/mm/yyyy and yyyy-mm-dd', () => {
    const q = { kind: 'demographics', family: 'Smith', given: [], birthDate: '1985-03-12' };
    expect(parse('Smith 12/03/1985')).toEqual({ ok: true, query: q });
    expect(parse('Smith 1985-03-12')).toEqual({ ok: true, query: q });
    expect(parse('smith 2/3/1985')).toMatchObject({ ok: true, query: { family: 'smith', birthDate: '1985-03-02' } });
  });

  it('takes an optional first name after the surname, with or without a comma', () => {
    expect(parse('Smith Jane 22/10/2010')).toMatchObject({ ok: true, query: { family: 'Smith', given: ['Jane'] } });
    expect(parse('Smith, Jane 22/10/2010')).toMatchObject({ ok: true, query: { family: 'Smith', given: ['Jane'] } });
  });

  it('accepts a surname wildcard only after two letters', () => {
    expect(parse('Sm* 22/10/2010')).toMatchObject({ ok: true, query: { family: 'Sm*' } });
    expect(parse('S* 22/10/2010')).toMatchObject({ ok: false });
  });

  it('reads a postcode alone, and a postcode narrowing a name search', () => {
    expect(parse('ls1 6ae')).toEqual({ ok: true, query: { kind: 'postcode', postcode: 'LS1 6AE' } });
    expect(parse('LS16AE')).toEqual({ ok: true, query: { kind: 'postcode', postcode: 'LS1 6AE' } });
    expect(parse('Smith 22/10/2010 LS1 6AE')).toMatchObject({ ok: true, query: { family: 'Smith', postcode: 'LS1 6AE' } });
  });

  it('refuses impossible and future dates with a plain reason', () => {
    expect(parse('Smith 31/02/1990')).toMatchObject({ ok: false, message: expect.stringMatching(/not a date/) });
    expect(parse('Smith 01/01/2030')).toMatchObject({ ok: false, message: expect.stringMatching(/future/) });
  });

  it('asks for what is missing', () => {
    expect(parse('Smith')).toMatchObject({ ok: false, message: expect.stringMatching(/date of birth/) });
    expect(parse('12/03/1985')).toMatchObject({ ok: false, message: expect.stringMatching(/surname/) });
    expect(parse('')).toMatchObject({ ok: false, message: expect.stringMatching(/NHS number/) });
  });
});
