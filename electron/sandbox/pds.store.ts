/**
 * The sandbox's patient database: the generated records plus FHIR copies changed by PATCH, and
 * the indexes that make search fast at a million patients.
 * Why an overlay: the base indexes are immutable sorted arrays (cheap to build and small); the few
 * records changed by PATCH are left out of them and checked one by one on every search instead.
 * There is no postcode index: every accepted search includes a birth date (PDS minimums), and the
 * birth-date or surname index always narrows to a few thousand at worst; postcodes are then a filter.
 */
import { soundex } from 'soundex-code';
import { reduceForSearch, toFhirPatient } from './fhir.mapping';
import type { FhirPatient, FhirSearchPatient } from './fhir.types';
import { NhsLookup } from './nhs-lookup';
import { factsFromFhir, factsFromSandbox, normaliseName, type SearchFacts } from './pds.facts';
import type { SandboxPatient } from './patient.types';
import { SortedKeyIndex, type Slice } from './sorted-index';

const soundexCache = new Map<string, string>();
/** Soundex of a normalised name; memoised because a million patients share a few thousand names. */
export function nameSoundex(name: string): string {
  let code = soundexCache.get(name);
  if (code === undefined) {
    code = soundex(name);
    soundexCache.set(name, code);
  }
  return code;
}
/** For given names only the first word counts, so "John Paul" still sounds like "John". */
export const givenSoundex = (given: string): string => nameSoundex(given.split(/[\s-]/)[0] ?? given);

// Lower-casing the same few thousand names a million times would allocate a million strings.
const lowerCache = new Map<string, string>();
function lower(name: string): string {
  let out = lowerCache.get(name);
  if (out === undefined) {
    out = normaliseName(name);
    lowerCache.set(name, out);
  }
  return out;
}

const EMPTY: Slice = { positions: new Int32Array(0), start: 0, end: 0 };

function toSlices(groups: Map<string, number[]>): Map<string, Slice> {
  const out = new Map<string, Slice>();
  for (const [key, list] of groups) out.set(key, { positions: Int32Array.from(list), start: 0, end: list.length });
  return out;
}

interface Entries {
  keys: string[];
  positions: number[];
  births: string[];
}

function add(entries: Entries, key: string, position: number, birthDate: string): void {
  entries.keys.push(key);
  entries.positions.push(position);
  entries.births.push(birthDate);
}

function push(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}

export interface Lookup {
  position: number;
  /** True when the number asked for was an old, superseded one. */
  superseded: boolean;
}

export class PatientStore {
  private readonly byNhs: NhsLookup;
  private readonly supersededBy = new Map<string, number>();
  private readonly overrides = new Map<number, FhirPatient>();
  private readonly familyIndex: SortedKeyIndex;
  private readonly birthDateIndex: SortedKeyIndex;
  private readonly familySoundexIndex: SortedKeyIndex;
  private readonly givenSoundexIndex: SortedKeyIndex;
  private readonly gpIndex: Map<string, Slice>;

  constructor(private readonly records: readonly SandboxPatient[]) {
    // Parallel entry lists per index: key, record position, and the record's birth date as secondary key.
    const family: Entries = { keys: [], positions: [], births: [] };
    const familySx: Entries = { keys: [], positions: [], births: [] };
    const givenSx: Entries = { keys: [], positions: [], births: [] };
    const birthKeys: string[] = [];
    const birthPos: number[] = [];
    const gp = new Map<string, number[]>();

    records.forEach((record, position) => {
      if (record.supersededNhsNumber) this.supersededBy.set(record.supersededNhsNumber, position);
      // Read the compact record directly (not via factsFromSandbox): this loop runs a million times.
      const name = record.name;
      const birth = record.birthDate ?? '';
      if (name) {
        const current = lower(name.family);
        add(family, current, position, birth);
        add(familySx, nameSoundex(current), position, birth);
        const first = name.given[0];
        if (first) add(givenSx, givenSoundex(lower(first)), position, birth);
        if (record.previousFamily) {
          const previous = lower(record.previousFamily);
          add(family, previous, position, birth);
          add(familySx, nameSoundex(previous), position, birth);
        }
      }
      if (record.birthDate) {
        birthKeys.push(record.birthDate);
        birthPos.push(position);
      }
      if (record.gp) push(gp, record.gp.ods.toUpperCase(), position);
    });
    this.byNhs = new NhsLookup(records.map((r) => r.nhsNumber));
    for (const [old] of this.supersededBy) {
      if (this.findCurrent(old) !== undefined) throw new Error(`Superseded NHS number ${old} is also a current record`);
    }

    this.familyIndex = new SortedKeyIndex(family.keys, family.positions, family.births);
    this.birthDateIndex = new SortedKeyIndex(birthKeys, birthPos);
    this.familySoundexIndex = new SortedKeyIndex(familySx.keys, familySx.positions, familySx.births);
    this.givenSoundexIndex = new SortedKeyIndex(givenSx.keys, givenSx.positions, givenSx.births);
    this.gpIndex = toSlices(gp);
  }

  get size(): number {
    return this.records.length;
  }

  private findCurrent(nhsNumber: string): number | undefined {
    return this.byNhs.find(nhsNumber, (p) => this.nhsNumberAt(p));
  }

  lookup(nhsNumber: string): Lookup | undefined {
    const current = /^\d{10}$/.test(nhsNumber) ? this.findCurrent(nhsNumber) : undefined;
    if (current !== undefined) return { position: current, superseded: false };
    const merged = this.supersededBy.get(nhsNumber);
    return merged === undefined ? undefined : { position: merged, superseded: true };
  }

  nhsNumberAt(position: number): string {
    const record = this.records[position];
    if (!record) throw new RangeError(`No patient at position ${position}`);
    return record.nhsNumber;
  }

  /** The full PDS record as it stands now (a fresh object: callers may change it). */
  read(position: number): FhirPatient {
    const changed = this.overrides.get(position);
    if (changed) return structuredClone(changed);
    const record = this.records[position];
    if (!record) throw new RangeError(`No patient at position ${position}`);
    return toFhirPatient(record);
  }

  readForSearch(position: number): FhirSearchPatient {
    return reduceForSearch(this.read(position));
  }

  facts(position: number): SearchFacts {
    const changed = this.overrides.get(position);
    if (changed) return factsFromFhir(changed);
    const record = this.records[position];
    if (!record) throw new RangeError(`No patient at position ${position}`);
    return factsFromSandbox(record);
  }

  /** Persist a PATCHed record. From now on the base indexes ignore this position (see overlay note above). */
  replace(position: number, patient: FhirPatient): void {
    this.overrides.set(position, structuredClone(patient));
  }

  isChanged(position: number): boolean {
    return this.overrides.has(position);
  }

  changedPositions(): IterableIterator<number> {
    return this.overrides.keys();
  }

  /** Records with this family name (current or previous) born within [from, to]. */
  familyBorn(family: string, from: string | undefined, to: string | undefined): Slice {
    return this.familyIndex.exactWithin(family, from, to);
  }

  /** Records whose family name starts with `prefix`, born within [from, to]: one slice per distinct name. */
  familyPrefixBorn(prefix: string, from: string | undefined, to: string | undefined): Slice[] {
    return this.familyIndex.prefixWithin(prefix, from, to);
  }

  familySoundexBorn(code: string, from: string | undefined, to: string | undefined): Slice {
    return this.familySoundexIndex.exactWithin(code, from, to);
  }

  givenSoundexBorn(code: string, from: string | undefined, to: string | undefined): Slice {
    return this.givenSoundexIndex.exactWithin(code, from, to);
  }

  birthDateRange(from: string | undefined, to: string | undefined): Slice {
    return this.birthDateIndex.range(from, to);
  }

  /** Positions of everyone currently registered with a GP practice, PATCHed records included. */
  registeredWith(ods: string): number[] {
    const code = ods.toUpperCase();
    const out: number[] = [];
    const slice = this.gpIndex.get(code) ?? EMPTY;
    for (let i = slice.start; i < slice.end; i++) {
      const position = slice.positions[i]!;
      if (!this.overrides.has(position)) out.push(position);
    }
    for (const position of this.overrides.keys()) {
      if (this.facts(position).gp === code) out.push(position);
    }
    return out.sort((a, b) => a - b);
  }
}
