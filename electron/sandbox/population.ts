/**
 * Deterministic synthetic population for the PDS sandbox.
 * Same { size, seed, today } -> same patients, so tests and demos can name real records.
 * Draws use our own PRNG over faker's en_GB word lists (per-patient faker calls are too slow for 10^6).
 */
import demo from '../../resources/demo-practice.json';
import { EMAIL_DOMAINS, LOCAL_TOWNS, STREETS, TOWNS, randomLandline, randomMobile, randomPostcode, type Town } from './places';
import { FEMALE_NAMES, MALE_NAMES, SURNAMES } from './names';
import { NhsNumberAllocator } from './nhs-numbers';
import { Rng, ZipfPicker } from './prng';
import type { Gender } from './fhir.types';
import type { SandboxPatient } from './patient.types';

export { toFhirPatient, toSearchPatient, reduceForSearch, redactRestricted } from './fhir.mapping';
export type { SandboxPatient } from './patient.types';

export const MIN_POPULATION = 1_000;
export const MAX_POPULATION = 1_000_000;
export const DEFAULT_POPULATION = 10_000;
export const DEFAULT_SEED = 1;

export const DEMO_PRACTICE_ODS: string = demo.practice.odsCode;

export interface Organisation {
  odsCode: string;
  name?: string;
}

export interface PopulationOptions {
  size?: number;
  seed?: number;
  /** GP practices to register patients with; defaults to resources/demo-practice.json. */
  organisations?: readonly Organisation[];
  /** ODS code that gets about 40% of patients; defaults to the demo practice (Y90001). */
  demoPracticeOds?: string;
  /** "Now" for ages and dates (yyyy-mm-dd); defaults to today. Fix it for byte-identical output across days. */
  today?: string;
}

/**
 * Birth dates used by the official sandbox scenarios (scenarios.ts). The random population never
 * uses them, so "Smith, female, 2010-10-22" finds exactly Jane Smith however big the population is.
 */
export const RESERVED_BIRTH_DATE_RANGES: readonly (readonly [string, string])[] = [
  ['2010-10-18', '2010-10-26'],
  ['2005-06-12', '2005-06-20'],
  ['1970-01-24', '1970-01-24'],
  ['1926-01-07', '1926-01-07'],
];

const DAY_MS = 86_400_000;
const EARLIEST_BIRTH = Date.UTC(1920, 0, 1) / DAY_MS;

const dayOf = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

// Day number -> "yyyy-mm-dd", memoised: formatting dates was the slowest step, and sharing one
// string per day saves tens of megabytes at a million patients.
const isoCache: string[] = [];
function isoOf(day: number): string {
  const slot = day - EARLIEST_BIRTH;
  const cached = isoCache[slot];
  if (cached !== undefined) return cached;
  const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
  if (slot >= 0) isoCache[slot] = iso;
  return iso;
}

const reservedDays: readonly (readonly [number, number])[] = RESERVED_BIRTH_DATE_RANGES.map(([a, b]) => [dayOf(a), dayOf(b)]);
function isReservedDay(day: number): boolean {
  for (const [a, b] of reservedDays) if (day >= a && day <= b) return true;
  return false;
}

// Fictional dispensing-contractor ODS codes for nominated pharmacies (F-codes are pharmacies; these are made up).
const PHARMACIES = ['FY101', 'FY102', 'FY103', 'FY104', 'FY105', 'FY106', 'FY107', 'FY108'];

const LANGUAGES = [
  { code: 'pl', display: 'Polish' },
  { code: 'ur', display: 'Urdu' },
  { code: 'pa', display: 'Panjabi; Punjabi' },
  { code: 'bn', display: 'Bengali' },
  { code: 'ro', display: 'Romanian' },
  { code: 'ar', display: 'Arabic' },
  { code: 'fr', display: 'French' },
] as const;

const surnames = new ZipfPicker(SURNAMES, 1, 10);
const femaleNames = new ZipfPicker(FEMALE_NAMES, 0.9, 5);
const maleNames = new ZipfPicker(MALE_NAMES, 0.9, 5);
// Leeds dominates the demo practice's catchment; neighbours take the rest.
const localTowns = new ZipfPicker(LOCAL_TOWNS, 2, 0);

function pickGender(rng: Rng): Gender {
  const r = rng.next();
  if (r < 0.5) return 'female';
  if (r < 0.995) return 'male';
  return r < 0.998 ? 'other' : 'unknown';
}

function pickBirthDay(rng: Rng, today: number): number {
  // Roughly the shape of a GP list: most people 0-85, a thinning tail back to 1920.
  const ageDays = rng.chance(0.93) ? rng.int(85 * 365) : 85 * 365 + rng.int(Math.max(1, today - EARLIEST_BIRTH - 85 * 365));
  let day = Math.max(EARLIEST_BIRTH, today - ageDays);
  while (isReservedDay(day)) day -= 11;
  return day;
}

// "12 Mill Lane" strings are shared between patients: fewer allocations and far less memory at 10^6.
const streetLines = new Map<number, string>();
function streetLine(houseNumber: number, street: number): string {
  const key = houseNumber * 4096 + street;
  let line = streetLines.get(key);
  if (line === undefined) {
    line = `${houseNumber} ${STREETS[street] ?? 'High Street'}`;
    streetLines.set(key, line);
  }
  return line;
}

const dayBetween = (rng: Rng, from: number, to: number): number => (to <= from ? from : from + rng.int(to - from + 1));

function emailFor(rng: Rng, given: string, family: string): string {
  const local = `${given}.${family}`.toLowerCase().replace(/[^a-z.]/g, '');
  const suffix = rng.chance(0.6) ? String(rng.int(100)) : '';
  return `${local}${suffix}@${rng.pick(EMAIL_DOMAINS)}`;
}

export function validatePopulationSize(size: number): void {
  if (!Number.isInteger(size) || size < MIN_POPULATION || size > MAX_POPULATION) {
    throw new RangeError(`Population size must be a whole number from ${MIN_POPULATION} to ${MAX_POPULATION}; got ${size}`);
  }
}

export function generatePopulation(options: PopulationOptions = {}): SandboxPatient[] {
  const size = options.size ?? DEFAULT_POPULATION;
  validatePopulationSize(size);
  const seed = options.seed ?? DEFAULT_SEED;
  const organisations = (options.organisations ?? demo.organisations).map((o) => o.odsCode);
  const demoOds = options.demoPracticeOds ?? DEMO_PRACTICE_ODS;
  const otherPractices = organisations.filter((o) => o !== demoOds);
  const localPractices = new Set(organisations.filter((o) => o.startsWith(demoOds.slice(0, 4))));
  const today = dayOf(options.today ?? new Date().toISOString().slice(0, 10));

  const rng = new Rng(seed);
  const numbers = new NhsNumberAllocator(seed);
  const out: SandboxPatient[] = new Array<SandboxPatient>(size);

  for (let i = 0; i < size; i++) {
    const gender = pickGender(rng);
    const birthDay = pickBirthDay(rng, today);
    const ageYears = (today - birthDay) / 365.25;
    const female = gender === 'female' || (gender !== 'male' && rng.chance(0.5));
    const names = female ? femaleNames : maleNames;

    let family = surnames.pick(rng);
    if (rng.chance(0.03)) family = `${family}-${surnames.pick(rng)}`;
    const given = [names.pick(rng)];
    if (rng.chance(0.4)) {
      const middle = names.pick(rng);
      if (middle !== given[0]) given.push(middle);
    }

    const p: SandboxPatient = {
      nhsNumber: numbers.next(),
      version: rng.chance(0.3) ? 2 : 1,
      restricted: rng.chance(0.01),
      name: { given, family, since: isoOf(birthDay) },
      gender,
      birthDate: isoOf(birthDay),
    };

    // Married names: the old family name stays on the record for _history searches.
    if (female && ageYears >= 20 && rng.chance(0.3)) {
      p.previousFamily = surnames.pick(rng);
      p.name!.since = isoOf(dayBetween(rng, birthDay + 18 * 365, today));
    }
    if (ageYears >= 16) {
      const prefix = rng.chance(0.02)
        ? 'Dr'
        : gender === 'male'
          ? 'Mr'
          : p.previousFamily
            ? 'Mrs'
            : female
              ? rng.pick(['Ms', 'Miss'])
              : 'Mx';
      p.name!.prefix = prefix;
    }
    if (rng.chance(0.015)) p.multipleBirth = rng.between(1, 2);

    if (rng.chance(0.02)) {
      p.deceased = {
        dateTime: `${isoOf(dayBetween(rng, birthDay, today))}T00:00:00+00:00`,
        notification: rng.chance(0.85) ? '2' : '1',
      };
    }
    if (rng.chance(0.005)) p.supersededNhsNumber = numbers.next();
    if (rng.chance(0.03)) {
      const lang = rng.pick(LANGUAGES);
      p.language = { code: lang.code, display: lang.display, interpreterRequired: rng.chance(0.6) };
    }

    // Restricted records hold no location data at all (PDS never releases it).
    if (!p.restricted) {
      const r = rng.next();
      const ods = r < 0.4 ? demoOds : r < 0.99 && otherPractices.length > 0 ? rng.pick(otherPractices) : undefined;
      if (ods) p.gp = { ods, since: isoOf(dayBetween(rng, Math.max(birthDay, today - 30 * 365), today)) };

      const town: Town = ods && localPractices.has(ods) && rng.chance(0.9) ? localTowns.pick(rng) : rng.pick(TOWNS);
      const lines = [streetLine(rng.between(1, rng.chance(0.8) ? 120 : 400), rng.int(STREETS.length)), town.town];
      if (town.county) lines.push(town.county);
      p.address = {
        lines,
        postcode: randomPostcode(rng, town.area),
        since: isoOf(dayBetween(rng, Math.max(birthDay, today - 25 * 365), today)),
      };
      if (rng.chance(0.7)) p.address.pafKey = String(rng.int(100_000_000)).padStart(8, '0');

      if (rng.chance(0.45)) p.phone = randomLandline(rng);
      if (ageYears >= 12 && rng.chance(0.75)) p.mobile = randomMobile(rng);
      if (ageYears >= 16 && rng.chance(0.45)) p.email = emailFor(rng, given[0]!, family);
      if (rng.chance(0.1)) p.emergencyContactPhone = randomMobile(rng);
      if (!p.deceased && rng.chance(0.55)) p.pharmacy = { nominated: rng.pick(PHARMACIES) };
    }
    out[i] = p;
  }
  return out;
}
