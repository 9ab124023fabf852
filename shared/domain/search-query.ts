import { isValid, parse, isAfter, format } from 'date-fns';
import { checkNhsNumber } from './nhs-number';

/** What the single search box understood. */
export type SearchQuery =
  | { kind: 'nhs-number'; nhsNumber: string }
  | { kind: 'demographics'; family: string; given: string[]; birthDate: string; postcode?: string }
  | { kind: 'postcode'; postcode: string };

export type ParsedSearch = { ok: true; query: SearchQuery } | { ok: false; message: string };

// UK postcode: outward code (A9, A99, AA9, AA99, A9A, AA9A) + optional inward code (9AA).
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/i;
const NAME = /^[A-Za-z][A-Za-z'\-]*\*?$/;
const DATE_FORMATS = ['dd/MM/yyyy', 'd/M/yyyy', 'yyyy-MM-dd'] as const;

export const SEARCH_HELP =
  'Type an NHS number, a surname then date of birth (dd/mm/yyyy) with an optional first name, or a postcode.';

export function normalisePostcode(text: string): string | null {
  const m = POSTCODE.exec(text.trim());
  return m ? `${m[1]!.toUpperCase()} ${m[2]!.toUpperCase()}` : null;
}

function parseDate(token: string, today: Date): { date?: string; message?: string } | null {
  if (!/^\d{1,4}[/-]\d{1,2}[/-]\d{1,4}$/.test(token)) return null;
  for (const f of DATE_FORMATS) {
    const d = parse(token, f, new Date(2000, 0, 1));
    if (isValid(d) && d.getFullYear() >= 1000) {
      if (isAfter(d, today)) return { message: `${token} is in the future: check the date of birth.` };
      return { date: format(d, 'yyyy-MM-dd') };
    }
  }
  return { message: `${token} is not a date we understand: use dd/mm/yyyy, for example 12/03/1985.` };
}

/**
 * Parse the search box. Surname comes first ("Smith Jane 12/03/1985" or "Smith, Jane 12/03/1985"),
 * the date anywhere; a trailing postcode narrows a name search.
 */
export function parseSearchText(raw: string, today: Date = new Date()): ParsedSearch {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (!text) return { ok: false, message: SEARCH_HELP };

  const digits = text.replace(/[\s-]/g, '');
  if (/^\d+$/.test(digits) && !/[/]/.test(text)) {
    const check = checkNhsNumber(digits);
    return check.valid ? { ok: true, query: { kind: 'nhs-number', nhsNumber: check.value } } : { ok: false, message: check.message };
  }

  const whole = normalisePostcode(text);
  if (whole) return { ok: true, query: { kind: 'postcode', postcode: whole } };

  let tokens = text.replace(/,/g, ' ').split(' ').filter(Boolean);
  let birthDate: string | undefined;
  const rest: string[] = [];
  for (const t of tokens) {
    const d = parseDate(t, today);
    if (d === null) rest.push(t);
    else if (d.message) return { ok: false, message: d.message };
    else if (birthDate) return { ok: false, message: 'Give one date of birth only.' };
    else birthDate = d.date;
  }
  tokens = rest;

  // A postcode at the end: either one token ("LS14AP") or two ("LS1 4AP").
  let postcode: string | undefined;
  const lastTwo = tokens.slice(-2).join(' ');
  if (tokens.length >= 3 && normalisePostcode(lastTwo)) {
    postcode = normalisePostcode(lastTwo)!;
    tokens = tokens.slice(0, -2);
  } else if (tokens.length >= 2 && normalisePostcode(tokens[tokens.length - 1]!)) {
    postcode = normalisePostcode(tokens[tokens.length - 1]!)!;
    tokens = tokens.slice(0, -1);
  }

  if (tokens.length === 0) {
    return { ok: false, message: birthDate ? 'Add a surname to search by date of birth.' : SEARCH_HELP };
  }
  const bad = tokens.find((t) => !NAME.test(t));
  if (bad) return { ok: false, message: `"${bad}" is not a name, date of birth or postcode. ${SEARCH_HELP}` };
  const [family, ...given] = tokens as [string, ...string[]];
  if (family.includes('*') && family.indexOf('*') < 2) {
    return { ok: false, message: 'A surname needs at least two letters before a *.' };
  }
  if (family.replace('*', '').length > 35) return { ok: false, message: 'A surname has at most 35 letters.' };
  if (!birthDate) return { ok: false, message: 'Add a date of birth (dd/mm/yyyy) to search by name.' };

  return {
    ok: true,
    query: { kind: 'demographics', family, given, birthDate, ...(postcode ? { postcode } : {}) },
  };
}
