/**
 * GET /Patient?… : parameter validation (in the official sandbox's order and wording) and real
 * matching over the store. Scores are deterministic: 1.0 for an exact match, and fixed factors for
 * each way a match can be partial, chosen so the official scenarios score as the official sandbox
 * does where it can (Sm* -> 0.8343, Jayne Smyth by fuzzy -> 0.8976, DN17* -> 0.965).
 */
import type { Gender, SearchBundle } from './fhir.types';
import { normaliseName, normalisePostcode, type NameFact, type SearchFacts } from './pds.facts';
import { DIAGNOSTICS, pdsError, type PdsError } from './pds.errors';
import { givenSoundex, nameSoundex, type PatientStore } from './pds.store';
import { sliceSize, type Slice } from './sorted-index';

export const FULL_URL_BASE = 'https://api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/';

/** Score factors (multiplied; rounded to 4 places). */
export const SCORE = {
  /** A name matched through a `*` wildcard (official: Sm* -> 0.8343). */
  wildcardName: 0.8343,
  /** A postcode matched through a wildcard (official DN17* scenario -> 0.965). */
  wildcardPostcode: 0.965,
  /** Per name part matched only by sound (Soundex): two parts give 0.8976, the official Jayne Smyth score. */
  homophone: 0.94742,
  /** Family and given names swapped. */
  transposed: 0.9,
  /** Matched on a previous (historic) name. */
  history: 0.95,
  /** A fuzzy-only hint (death date, GP, middle name) that did not match: PDS lowers the score rather than excluding. */
  fuzzyMismatch: 0.9,
} as const;

const KNOWN_PARAMS = new Set([
  '_fuzzy-match', '_exact-match', '_history', '_max-results', 'family', 'given', 'gender', 'birthdate',
  'death-date', 'address-postcode', 'address-postalcode', 'general-practitioner', 'email', 'phone',
]);
const REPEATABLE = new Set(['given', 'birthdate', 'death-date']);
const GENDERS: readonly string[] = ['male', 'female', 'other', 'unknown'];

interface Pattern {
  /** Normalised text: lower-case names, space-free upper-case postcodes. */
  text: string;
  wildcard: boolean;
  /** Text before the first `*` (index prefix lookups). */
  prefix: string;
  regex: RegExp | null;
}

interface DateRange {
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

const matches = (p: Pattern, value: string): boolean => (p.regex ? p.regex.test(value) : p.text === value);

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

const inRange = (value: string | undefined, r: DateRange): boolean =>
  value !== undefined && (r.from === undefined || value >= r.from) && (r.to === undefined || value <= r.to);

/** Best name score for a non-fuzzy search, or 0 when no usable name matches. */
function exactNameScore(q: SearchQuery, names: NameFact[]): number {
  let best = 0;
  for (const n of names) {
    if (!n.current && !q.history) continue;
    if (q.family && !matches(q.family, n.family)) continue;
    const [first, ...rest] = q.given;
    if (first && !(n.given[0] !== undefined && matches(first, n.given[0]))) continue;
    const later = n.given.slice(1);
    if (!rest.every((g) => later.includes(g.text))) continue;
    let score = n.current ? 1 : SCORE.history;
    if (q.family?.wildcard) score *= SCORE.wildcardName;
    if (first?.wildcard) score *= SCORE.wildcardName;
    best = Math.max(best, score);
  }
  return best;
}

const soundsLike = (a: string, b: string, code: (s: string) => string): number =>
  a === b ? 1 : code(a) === code(b) ? SCORE.homophone : 0;

/** Best name score for a fuzzy search: Soundex homophones, transposed names, history always included. */
function fuzzyNameScore(q: SearchQuery, names: NameFact[]): number {
  const family = q.family?.text;
  const [first, ...rest] = q.given.map((g) => g.text);
  let best = 0;
  for (const n of names) {
    const recordGiven = n.given[0];
    const direct =
      (family === undefined ? 1 : soundsLike(family, n.family, nameSoundex)) *
      (first === undefined ? 1 : recordGiven === undefined ? 0 : soundsLike(first, recordGiven, givenSoundex));
    const swapped =
      SCORE.transposed *
      (family === undefined ? 1 : recordGiven === undefined ? 0 : soundsLike(family, recordGiven, givenSoundex)) *
      (first === undefined ? 1 : soundsLike(first, n.family, nameSoundex));
    let score = Math.max(direct, swapped);
    if (score === 0) continue;
    const later = n.given.slice(1);
    for (const g of rest) if (!later.some((l) => givenSoundex(l) === givenSoundex(g))) score *= SCORE.fuzzyMismatch;
    if (!n.current) score *= SCORE.history;
    best = Math.max(best, score);
  }
  return best;
}

/** Score one patient against the query; 0 means "not a match". */
export function scorePatient(q: SearchQuery, f: SearchFacts): number {
  if ((q.postcode || q.gp) && f.restricted) return 0; // PDS never returns restricted patients to these searches
  if (q.gender && f.gender !== q.gender) return 0;
  if (q.birth && !inRange(f.birthDate, q.birth)) return 0;
  if (q.email && !f.emails.includes(q.email)) return 0;
  if (q.phone && !f.phones.includes(q.phone)) return 0;

  let score = q.fuzzy ? fuzzyNameScore(q, f.names) : exactNameScore(q, f.names);
  if (score === 0) return 0;

  if (q.postcode) {
    const pc = q.postcode;
    if (!f.postcodes.some((p) => matches(pc, p))) return 0;
    if (pc.wildcard) score *= SCORE.wildcardPostcode;
  }
  if (q.death) {
    if (!inRange(f.deathDate, q.death)) {
      if (!q.fuzzy) return 0;
      score *= SCORE.fuzzyMismatch;
    }
  }
  if (q.gp && f.gp !== q.gp) {
    if (!q.fuzzy) return 0;
    score *= SCORE.fuzzyMismatch;
  }
  return Math.round(score * 10_000) / 10_000;
}

/** The cheapest index lookup(s) that must contain every match: whichever yields the fewest positions. */
function candidateSlices(store: PatientStore, q: SearchQuery): Slice[] {
  const options: Slice[][] = [];
  if (q.birth) options.push([store.birthDateRange(q.birth.from, q.birth.to)]);
  const family = q.family;
  const first = q.given[0];
  if (family && !q.fuzzy) {
    options.push([family.wildcard ? store.familyPrefix(family.prefix) : store.familyExact(family.text)]);
  } else if (family) {
    options.push([store.familySoundex(nameSoundex(family.text)), store.givenSoundex(givenSoundex(family.text))]);
  } else if (first && q.fuzzy) {
    options.push([store.givenSoundex(givenSoundex(first.text)), store.familySoundex(nameSoundex(first.text))]);
  }
  let best: Slice[] = [];
  let bestSize = Infinity;
  for (const option of options) {
    const size = option.reduce((sum, s) => sum + sliceSize(s), 0);
    if (size < bestSize) {
      best = option;
      bestSize = size;
    }
  }
  return best;
}

export interface Match {
  position: number;
  nhsNumber: string;
  score: number;
}

/** All matches, best first (ties by NHS number so answers are stable). */
export function findMatches(store: PatientStore, q: SearchQuery): Match[] {
  const seen = new Set<number>();
  const out: Match[] = [];
  const consider = (position: number): void => {
    if (seen.has(position)) return;
    seen.add(position);
    const score = scorePatient(q, store.facts(position));
    if (score > 0 && (!q.exactOnly || score === 1)) out.push({ position, nhsNumber: store.nhsNumberAt(position), score });
  };
  for (const slice of candidateSlices(store, q)) {
    for (let i = slice.start; i < slice.end; i++) {
      const position = slice.positions[i]!;
      if (!store.isChanged(position)) consider(position);
    }
  }
  for (const position of store.changedPositions()) consider(position);
  return out.sort((a, b) => b.score - a.score || (a.nhsNumber < b.nhsNumber ? -1 : 1));
}

export type SearchOutcome = { kind: 'bundle'; bundle: SearchBundle } | { kind: 'too-many'; error: PdsError };

const fhirTimestamp = (now: Date): string => now.toISOString().replace(/\.\d{3}Z$/, '+00:00');

export function runSearch(store: PatientStore, q: SearchQuery, now = new Date()): SearchOutcome {
  const found = findMatches(store, q);
  if (found.length > q.maxResults) return { kind: 'too-many', error: pdsError('TOO_MANY_MATCHES') };
  return {
    kind: 'bundle',
    bundle: {
      resourceType: 'Bundle',
      type: 'searchset',
      timestamp: fhirTimestamp(now),
      total: found.length,
      entry: found.map((m) => ({
        fullUrl: `${FULL_URL_BASE}${m.nhsNumber}`,
        search: { score: m.score },
        resource: store.readForSearch(m.position),
      })),
    },
  };
}
