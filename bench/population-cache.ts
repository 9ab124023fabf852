import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../electron/core/db/connection';
import { cacheMigrations } from '../electron/core/db/migrations/cache.migrations';
import { PatientsRepo, type CachedPatient } from '../electron/core/db/repos/patients.repo';
import { sizeLabel } from './figures';
import { BENCH_DB_KEY, writeBenchKeyFile } from './bench-key';
import type { DbKey } from '../electron/core/db/connection';
import type { FhirPatient } from '../electron/core/national/fhir.schemas';
import { mapFhirPatient } from '../electron/core/national/fhir-patient.mapper';
import { DEFAULT_SEED, generatePopulation, toFhirPatient, type SandboxPatient } from '../electron/sandbox/population';

/** The day every bench pins (a Wednesday): the sandbox's book, ages and the population are the same every run. */
export const BENCH_TODAY = '2026-11-25';
/**
 * The sandbox's own seed: the desk's local copy then holds the very patients its (embedded) national service
 * knows, so a search the desk sends nationally finds the same people it has cached.
 */
export const BENCH_SEED = DEFAULT_SEED;


/** The sandbox's synthetic population (same seed → same people), memoised per size for the run. */
const populations = new Map<number, SandboxPatient[]>();
export function population(size: number): SandboxPatient[] {
  let p = populations.get(size);
  if (!p) populations.set(size, (p = generatePopulation({ size, seed: BENCH_SEED, today: BENCH_TODAY })));
  return p;
}
/** Let the populations go (a million patients hold about a gigabyte): later benches regenerate the sizes they need. */
export const forgetPopulations = (): void => populations.clear();

/**
 * Fill a cache.db with patients as the desk stores what the national service returned: each sandbox patient → its
 * FHIR resource → the core's mapper → the repo's upsert (the real schema, indexes and FTS triggers).
 */
export function seedCacheFile(file: string, people: readonly SandboxPatient[], key: DbKey | null = BENCH_DB_KEY): void {
  const db = openDatabase(file, { synchronous: 'NORMAL', migrations: cacheMigrations, key });
  try {
    // Seeding only: nothing here has to survive a power cut, and a bigger page cache keeps the index builds in memory.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const repo = new PatientsRepo(db);
    const fetchedAt = `${BENCH_TODAY}T07:00:00.000Z`;
    const batch: CachedPatient[] = [];
    for (const p of people) {
      // The sandbox's FHIR output is the national shape; the schema parse the desk applies to wire data only checks it.
      batch.push({ ...mapFhirPatient(toFhirPatient(p) as unknown as FhirPatient, null, BENCH_TODAY), detail: 'full', fetchedAt });
      if (batch.length === 20_000) repo.upsert(batch.splice(0));
    }
    repo.upsert(batch.splice(0));
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/**
 * cache.db files of N synthetic patients, built once per run and copied into each desk's data folder that needs one
 * (the desk writes to its copy; the original stays as built). Removed at the end of the run.
 */
export class PatientCaches {
  private readonly root = mkdtempSync(join(tmpdir(), 'reception-bench-caches-'));
  private readonly built = new Map<number, string>();

  constructor(private readonly log: (s: string) => void) {}

  /** The path of a cache.db holding `size` patients (built now if this run has not built it yet). Read it, do not write it. */
  file(size: number): string {
    let file = this.built.get(size);
    if (file) return file;
    file = join(this.root, `cache-${sizeLabel(size)}.db`);
    const t = performance.now();
    seedCacheFile(file, population(size));
    this.log(`  seeded a local copy of ${size.toLocaleString('en-GB')} patients in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    this.built.set(size, file);
    return file;
  }

  /** A new, empty data folder; with `patients` > 0 its cache.db is a copy of the cache of that many patients. */
  dataDir(patients: number, name: string): string {
    const dir = mkdtempSync(join(this.root, `${name}-`));
    writeBenchKeyFile(dir);
    if (patients > 0) copyFileSync(this.file(patients), join(dir, 'cache.db'));
    return dir;
  }

  /** Remove a data folder made by dataDir. */
  drop(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A fresh temporary folder for one bench (removed by the caller). */
export const scratchDir = (name: string): string => mkdtempSync(join(tmpdir(), `reception-bench-${name}-`));
