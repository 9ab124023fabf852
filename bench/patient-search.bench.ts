import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../electron/core/db/connection';
import { cacheMigrations } from '../electron/core/db/migrations/cache.migrations';
import { PatientsRepo, type CachedPatient } from '../electron/core/db/repos/patients.repo';
import { FhirPatient } from '../electron/core/national/fhir.schemas';
import { mapFhirPatient } from '../electron/core/national/fhir-patient.mapper';
import { generatePopulation, toFhirPatient } from '../electron/sandbox/population';
import { time, type Figure } from './figures';

/** Targets (p95, ms) for the core's local search: a keystroke must feel instant (≤ 10 ms query). */
const TARGET_MS = 10;

/**
 * Patient search in the core over N synthetic patients in a real cache.db: NHS number, and surname
 * prefix + date of birth, each beside a plain LIKE scan (what a naive implementation would do).
 */
export function benchPatientSearch(size: number, log: (s: string) => void): Figure[] {
  const dir = mkdtempSync(join(tmpdir(), 'reception-bench-'));
  try {
    const db = openDatabase(join(dir, 'cache.db'), { synchronous: 'NORMAL', migrations: cacheMigrations });
    const repo = new PatientsRepo(db);
    const fetchedAt = new Date().toISOString();
    const t0 = performance.now();
    const people = generatePopulation({ size, seed: 7, today: '2026-11-25' });
    const batch: CachedPatient[] = [];
    for (const p of people) {
      batch.push({ ...mapFhirPatient(FhirPatient.parse(toFhirPatient(p))), detail: 'full', fetchedAt });
      if (batch.length === 10_000) repo.upsert(batch.splice(0));
    }
    repo.upsert(batch.splice(0));
    log(`  ${size.toLocaleString('en-GB')} patients loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Queries drawn deterministically from the population: every 97th patient with a name and birth date.
    const picks = people.filter((p, i) => i % 97 === 0 && p.name && p.birthDate).slice(0, 300);
    const nhs = picks.map((p) => p.nhsNumber);
    const demo = picks.map((p, i) => ({ familyPrefix: p.name!.family.slice(0, 3 + (i % 3)), birthDate: p.birthDate!, limit: 50 }));
    // The LIKE scan is slow at scale: fewer samples keep the run short without changing its median.
    const scanN = size >= 1_000_000 ? 15 : size >= 100_000 ? 40 : 150;

    // Sanity: both methods agree before they are timed.
    for (const q of demo.slice(0, 5)) {
      const a = repo.findByDemographics(q).map((p) => p.summary.nhsNumber).sort();
      const b = repo.scanByDemographics(q).map((p) => p.summary.nhsNumber).sort();
      if (a.length === 0 || (b.length < 50 && a.join() !== b.join())) throw new Error('index and scan disagree');
    }

    const figure = (name: string, method: string, m: { median: number; p95: number }, baseMethod: string, b: { median: number; p95: number }, samples: number): Figure => ({
      name, unit: 'ms', median: m.median, p95: m.p95, size, target: TARGET_MS, baseline: { method: baseMethod, ...b }, method, samples,
      meetsTarget: m.p95 <= TARGET_MS,
    });
    const figures = [
      figure('patient-search.nhs-number', 'primary key lookup', time(nhs, (n) => repo.get(n)), 'LIKE scan', time(nhs.slice(0, scanN), (n) => repo.scanByNhsNumber(n)), nhs.length),
      figure(
        'patient-search.surname-prefix-dob',
        'B-tree range on (family_norm, birth_date)',
        time(demo, (q) => repo.findByDemographics(q)),
        'LIKE scan',
        time(demo.slice(0, scanN), (q) => repo.scanByDemographics(q)),
        demo.length,
      ),
    ];
    db.close();
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
