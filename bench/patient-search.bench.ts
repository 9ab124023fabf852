import { openDatabase } from '../electron/core/db/connection';
import { BENCH_DB_KEY } from './bench-key';
import { cacheMigrations } from '../electron/core/db/migrations/cache.migrations';
import { PatientsRepo, type DemographicQuery } from '../electron/core/db/repos/patients.repo';
import { figure, sizeLabel, time, type Figure } from './figures';
import { population, type PatientCaches } from './population-cache';

/** Targets (p95, ms) for the core's local search (issue 10). */
export const PATIENT_SEARCH_TARGETS = {
  /** A whole NHS number: one primary-key read. */
  'nhs-number': 1,
  /** Surname prefix of 3 letters or more + date of birth. */
  'surname-prefix-dob': 5,
  /** Surname prefix of 1–2 letters + date of birth: must not read the whole table. */
  'short-prefix-dob': 20,
} as const;
export type PatientSearchKind = keyof typeof PATIENT_SEARCH_TARGETS;
export const patientSearchFigure = (kind: PatientSearchKind, size: number): string => `patient-search.${kind}.${sizeLabel(size)}`;
export const PATIENT_SEARCH_KINDS = Object.keys(PATIENT_SEARCH_TARGETS) as PatientSearchKind[];
/** How each kind of search is answered (the figures' method). */
export const PATIENT_SEARCH_METHODS: Record<PatientSearchKind, string> = {
  'nhs-number': 'primary key lookup',
  'surname-prefix-dob': 'surname prefix (3–5 letters) + date of birth: index range, first 50',
  'short-prefix-dob': 'surname prefix (1–2 letters) + date of birth: index range, first 50',
};

/** The desk's search mix over N cached patients: the same queries every run (bench/encryption.bench.ts reuses it). */
export interface SearchMix {
  nhs: string[];
  long: DemographicQuery[];
  short: DemographicQuery[];
}

export function searchMix(size: number): SearchMix {
  // Queries drawn deterministically from the population: every 97th patient with a name and a birth date.
  const picks = population(size).filter((p, i) => i % 97 === 0 && p.name && p.birthDate).slice(0, 300);
  return {
    nhs: picks.map((p) => p.nhsNumber),
    long: picks.map((p, i) => ({ familyPrefix: p.name!.family.slice(0, 3 + (i % 3)), birthDate: p.birthDate!, limit: 50 })),
    short: picks.map((p, i) => ({ familyPrefix: p.name!.family.slice(0, 1 + (i % 2)), birthDate: p.birthDate!, limit: 50 })),
  };
}

/** The i-th search of a kind, as the core's local search runs it. */
export function runSearch(repo: PatientsRepo, mix: SearchMix, kind: PatientSearchKind, i: number): unknown {
  if (kind === 'nhs-number') return repo.get(mix.nhs[i]!);
  return repo.findByDemographics((kind === 'surname-prefix-dob' ? mix.long : mix.short)[i]!);
}

/** Warm the prepared statements and the page cache: a desk that has been open a minute has both. */
export function warmSearches(repo: PatientsRepo, mix: SearchMix): void {
  for (let i = 0; i < 10; i++) for (const kind of PATIENT_SEARCH_KINDS) runSearch(repo, mix, kind, i);
}

/**
 * Patient search in the core's cache.db over N synthetic patients (the sandbox's population, as the desk would have
 * cached it): by NHS number, by surname prefix of ≥ 3 letters + date of birth, and by 1–2 letters + date of birth,
 * each beside a plain LIKE scan (what a naive implementation would do), measured in the same run.
 */
export function benchPatientSearch(size: number, caches: PatientCaches, log: (s: string) => void): Figure[] {
  const file = caches.file(size);
  const db = openDatabase(file, { synchronous: 'NORMAL', migrations: cacheMigrations, key: BENCH_DB_KEY });
  try {
    const repo = new PatientsRepo(db);
    if (repo.count() !== size) throw new Error(`the ${sizeLabel(size)} cache holds ${repo.count()} patients`);
    const mix = searchMix(size);
    const { nhs, long, short } = mix;
    // The LIKE scan reads every row: fewer samples keep the run short without changing its median.
    const scanN = size >= 1_000_000 ? 15 : size >= 100_000 ? 40 : 150;

    // Sanity: both methods agree before they are timed, and every query finds its patient.
    for (const q of [...long.slice(0, 5), ...short.slice(0, 5)]) {
      const a = repo.findByDemographics(q).map((p) => p.summary.nhsNumber).sort();
      const b = repo.scanByDemographics(q).map((p) => p.summary.nhsNumber).sort();
      if (a.length === 0 || (b.length < q.limit && a.join() !== b.join())) throw new Error(`index and scan disagree for ${q.familyPrefix} ${q.birthDate}`);
    }
    for (const n of nhs.slice(0, 5)) if (repo.get(n)?.patient.summary.nhsNumber !== n) throw new Error(`${n} is not in the cache`);
    warmSearches(repo, mix);

    const f = (kind: PatientSearchKind, method: string, m: { median: number; p95: number }, b: { median: number; p95: number }, samples: number): Figure =>
      figure({
        name: patientSearchFigure(kind, size), unit: 'ms', ...m, size, target: PATIENT_SEARCH_TARGETS[kind],
        baseline: { method: 'plain LIKE scan of the table', ...b }, method, samples,
      });
    const figures = [
      f('nhs-number', PATIENT_SEARCH_METHODS['nhs-number'], time(nhs, (n) => repo.get(n)), time(nhs.slice(0, scanN), (n) => repo.scanByNhsNumber(n)), nhs.length),
      f('surname-prefix-dob', PATIENT_SEARCH_METHODS['surname-prefix-dob'],
        time(long, (q) => repo.findByDemographics(q)), time(long.slice(0, scanN), (q) => repo.scanByDemographics(q)), long.length),
      f('short-prefix-dob', PATIENT_SEARCH_METHODS['short-prefix-dob'],
        time(short, (q) => repo.findByDemographics(q)), time(short.slice(0, scanN), (q) => repo.scanByDemographics(q)), short.length),
    ];
    log(`  core search over ${size.toLocaleString('en-GB')}: ${figures.map((x) => `${x.name.split('.')[1]} p95 ${x.p95} ms`).join('; ')}`);
    return figures;
  } finally {
    db.close();
  }
}
