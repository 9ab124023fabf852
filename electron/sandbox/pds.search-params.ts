/**
 * GET /Patient?… query parameters: validation in the official sandbox's order and wording
 * (karate mocks get-patient-search.js; PDS spec components/parameters), producing a SearchQuery.
 */
import type { Gender } from './fhir.types';
import { normaliseName, normalisePostcode } from './pds.facts';
import { DIAGNOSTICS, pdsError, type PdsError } from './pds.errors';

const KNOWN_PARAMS = new Set([
  '_fuzzy-match', '_exact-match', '_history', '_max-results', 'family', 'given', 'gender', 'birthdate',
  'death-date', 'address-postcode', 'address-postalcode', 'general-practitioner', 'email', 'phone',
]);
const REPEATABLE = new Set(['given', 'birthdate', 'death-date']);
const GENDERS: readonly string[] = ['male', 'female', 'other', 'unknown'];

export interface Pattern {
  /** Normalised text: lower-case names, space-free upper-case postcodes. */
  text: string;
  wildcard: boolean;
  /** Text before the first `*` (index prefix lookups). */
  prefix: string;
  regex: RegExp | null;
}

export interface DateRange {
  from?: string;
  to?: string;
}

export interface SearchQuery {
  family?: Pattern;
  given: Pattern[];
  gender?: Gender;
  birth?: DateRange;
  death?: DateRange;
  postcode?: Pattern;
  gp?: string;
  email?: string;
  phone?: string;
  fuzzy: boolean;
  exactOnly: boolean;
  history: boolean;
  maxResults: number;
}

export type ParsedSearch = { ok: true; query: SearchQuery } | { ok: false; error: PdsError };

function pattern(text: string): Pattern {
  const star = text.indexOf('*');
  if (star < 0) return { text, wildcard: false, prefix: text, regex: null };
  const body = text
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { text, wildcard: true, prefix: text.slice(0, star), regex: new RegExp(`^${body}$`) };
}

export const matches = (p: Pattern, value: string): boolean => (p.regex ? p.regex.test(value) : p.text === value);

function isCalendarDate(iso: string): boolean {
  const t = Date.parse(`${iso}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso;
}

function parseDates(values: string[], field: string): DateRange | PdsError {
  const range: DateRange = {};
  const ops: string[] = [];
  for (const value of values) {
    const m = /^(eq|ge|le)?(\d{4}-\d{2}-\d{2})$/.exec(value);
    if (!m || !isCalendarDate(m[2]!)) return pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(value, field));
    const op = m[1] ?? 'eq';
    ops.push(op);
    if (op === 'eq' || op === 'ge') range.from = m[2]!;
    if (op === 'eq' || op === 'le') range.to = m[2]!;
  }
  if (values.length > 2 || (values.length === 2 && !(ops.includes('ge') && ops.includes('le')))) {
    return pdsError('INVALID_SEARCH_DATA', `Invalid search data provided - '${field}' takes one date, or a 'ge' and an 'le' date for a range`);
  }
  return range;
}

function parseBoolean(params: URLSearchParams, name: string): boolean | PdsError {
  const v = params.get(name);
  if (v === null) return false;
  if (v.toLowerCase() === 'true') return true;
  if (v.toLowerCase() === 'false') return false;
  return pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(v, name));
}

function parseName(value: string, field: string, fuzzy: boolean): Pattern | PdsError {
  const text = normaliseName(value);
  if (text.length === 0 || text.length > 35) return pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(value, field));
  if (text.includes('*')) {
    if (fuzzy) return pdsError('INVALID_SEARCH_DATA', `Invalid search data provided - wildcards cannot be used in '${field}' with a fuzzy search`);
    if (text.indexOf('*') < 2) {
      return pdsError('INVALID_SEARCH_DATA', `Invalid search data provided - a wildcard in '${field}' must follow at least two characters`);
    }
  }
  return pattern(text);
}

const isError = (v: unknown): v is PdsError => typeof v === 'object' && v !== null && 'body' in v && 'status' in v;

export function parseSearch(params: URLSearchParams): ParsedSearch {
  const fail = (error: PdsError): ParsedSearch => ({ ok: false, error });
  const names = [...new Set(params.keys())];
  if (names.length === 0) return fail(pdsError('UNSUPPORTED_SERVICE'));

  const unknown = names.filter((n) => !KNOWN_PARAMS.has(n));
  if (unknown.length > 0) return fail(pdsError('ADDITIONAL_PROPERTIES', DIAGNOSTICS.additionalProperties(unknown)));

  // Dates first, as the official sandbox does.
  const birth = params.has('birthdate') ? parseDates(params.getAll('birthdate'), 'birthdate') : undefined;
  if (isError(birth)) return fail(birth);
  const death = params.has('death-date') ? parseDates(params.getAll('death-date'), 'death-date') : undefined;
  if (isError(death)) return fail(death);

  for (const n of names) {
    if (!REPEATABLE.has(n) && params.getAll(n).length > 1) {
      return fail(pdsError('INVALID_SEARCH_DATA', `Invalid search data provided - '${n}' may only be given once`));
    }
  }
  const fuzzy = parseBoolean(params, '_fuzzy-match');
  if (isError(fuzzy)) return fail(fuzzy);
  const exactOnly = parseBoolean(params, '_exact-match');
  if (isError(exactOnly)) return fail(exactOnly);
  const history = parseBoolean(params, '_history');
  if (isError(history)) return fail(history);

  let maxResults = 50;
  const max = params.get('_max-results');
  if (max !== null) {
    if (!/^\d+$/.test(max) || Number(max) < 1 || Number(max) > 50) {
      return fail(pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(max, '_max-results')));
    }
    maxResults = Number(max);
  }

  const query: SearchQuery = { given: [], fuzzy, exactOnly, history, maxResults };
  if (birth) query.birth = birth;
  if (death) query.death = death;

  const gender = params.get('gender');
  if (gender !== null) {
    if (!GENDERS.includes(gender)) return fail(pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(gender, 'gender')));
    query.gender = gender as Gender;
  }
  const family = params.get('family');
  if (family !== null) {
    const p = parseName(family, 'family', fuzzy);
    if (isError(p)) return fail(p);
    query.family = p;
  }
  for (const [i, given] of params.getAll('given').entries()) {
    const p = parseName(given, 'given', fuzzy);
    if (isError(p)) return fail(p);
    query.given.push(i === 0 ? p : { ...p, wildcard: false, regex: null }); // only the first given name takes wildcards
  }

  if (params.has('address-postcode') && params.has('address-postalcode')) {
    return fail(pdsError('INVALID_SEARCH_DATA', "Invalid search data provided - use only one of 'address-postalcode' and 'address-postcode'"));
  }
  const postcodeField = params.has('address-postalcode') ? 'address-postalcode' : 'address-postcode';
  const postcode = params.get(postcodeField);
  if (postcode !== null) {
    const text = normalisePostcode(postcode);
    if (text.length === 0 || text.length > 8 || !/^[A-Z0-9*]+$/.test(text)) {
      return fail(pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(postcode, postcodeField)));
    }
    if (text.includes('*') && (fuzzy || text.indexOf('*') < 2)) {
      return fail(pdsError('INVALID_SEARCH_DATA', `Invalid search data provided - wildcard not allowed here in '${postcodeField}'`));
    }
    query.postcode = pattern(text);
  }
  const gp = params.get('general-practitioner');
  if (gp !== null) query.gp = gp.trim().toUpperCase();
  const email = params.get('email');
  if (email !== null) query.email = email.trim().toLowerCase();
  const phone = params.get('phone');
  if (phone !== null) query.phone = phone.replace(/\s+/g, '');

  // Minimum parameters (PDS search "Non-fuzzy search" / "Fuzzy search").
  if (!query.birth) return fail(pdsError('MISSING_VALUE', DIAGNOSTICS.missingBirthDate));
  if (fuzzy) {
    const hasGiven = query.given.length > 0;
    const ok =
      (hasGiven && query.family) ||
      (query.family && query.gender && query.postcode) ||
      (hasGiven && query.gender && query.postcode);
    if (!ok) return fail(pdsError('INVALID_SEARCH_DATA', DIAGNOSTICS.minimumSearch));
  } else if (!query.family) {
    return fail(pdsError('INVALID_SEARCH_DATA', DIAGNOSTICS.minimumSearch));
  }
  return { ok: true, query };
}
