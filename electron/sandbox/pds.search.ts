/**
 * GET /Patient?… : real matching over the store (parameters are parsed in pds.search-params.ts).
 * Scores are deterministic: 1.0 for an exact match, and fixed factors for each way a match can be
 * partial, chosen so the official scenarios score as the official sandbox does where it can
 * (Sm* -> 0.8343, Jayne Smyth by fuzzy -> 0.8976, DN17* -> 0.965).
 */
import type { SearchBundle } from './fhir.types';
import type { NameFact, SearchFacts } from './pds.facts';
import { pdsError, type PdsError } from './pds.errors';
import { matches, type DateRange, type SearchQuery } from './pds.search-params';
import { givenSoundex, nameSoundex, type PatientStore } from './pds.store';
import { sliceSize, type Slice } from './sorted-index';

export { parseSearch, type ParsedSearch, type SearchQuery } from './pds.search-params';

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
  const from = q.birth?.from;
  const to = q.birth?.to;
  if (q.birth) options.push([store.birthDateRange(from, to)]);
  const family = q.family;
  const first = q.given[0];
  if (family && !q.fuzzy) {
    options.push(family.wildcard ? store.familyPrefixBorn(family.prefix, from, to) : [store.familyBorn(family.text, from, to)]);
  } else if (family) {
    // Homophones of the family name, or (transposed) of the first given name.
    options.push([store.familySoundexBorn(nameSoundex(family.text), from, to), store.givenSoundexBorn(givenSoundex(family.text), from, to)]);
  } else if (first && q.fuzzy) {
    options.push([store.givenSoundexBorn(givenSoundex(first.text), from, to), store.familySoundexBorn(nameSoundex(first.text), from, to)]);
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

/**
 * All matches, best first (ties by NHS number so answers are stable). Stops early once more than
 * `limit` are found: the answer is then TOO_MANY_MATCHES whatever the rest would score.
 */
export function findMatches(store: PatientStore, q: SearchQuery, limit = Infinity): Match[] {
  const seen = new Set<number>();
  const out: Match[] = [];
  const consider = (position: number): boolean => {
    if (seen.has(position)) return true;
    seen.add(position);
    const score = scorePatient(q, store.facts(position));
    if (score > 0 && (!q.exactOnly || score === 1)) out.push({ position, nhsNumber: store.nhsNumberAt(position), score });
    return out.length <= limit;
  };
  scan: {
    for (const slice of candidateSlices(store, q)) {
      for (let i = slice.start; i < slice.end; i++) {
        const position = slice.positions[i]!;
        if (!store.isChanged(position) && !consider(position)) break scan;
      }
    }
    for (const position of store.changedPositions()) if (!consider(position)) break scan;
  }
  return out.sort((a, b) => b.score - a.score || (a.nhsNumber < b.nhsNumber ? -1 : 1));
}

export type SearchOutcome = { kind: 'bundle'; bundle: SearchBundle } | { kind: 'too-many'; error: PdsError };

const fhirTimestamp = (now: Date): string => now.toISOString().replace(/\.\d{3}Z$/, '+00:00');

export function runSearch(store: PatientStore, q: SearchQuery, now = new Date()): SearchOutcome {
  const found = findMatches(store, q, q.maxResults);
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
