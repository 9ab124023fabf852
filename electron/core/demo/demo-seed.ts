import type { PatientsRepo } from '../db/repos/patients.repo';
import { FhirPatient } from '../national/fhir.schemas';
import { mapFhirPatient } from '../national/fhir-patient.mapper';

/**
 * First start in demo mode: fill the local copy with the demo practice's registered list, as a real
 * practice's desk would hold it, so offline search has something to answer from. Runs once.
 */
export function seedDemoCache(repo: PatientsRepo, practicePatients: readonly unknown[], now = new Date()): number {
  if (repo.count() > 0) return 0;
  const fetchedAt = now.toISOString();
  const rows = practicePatients.map((raw) => {
    const m = mapFhirPatient(FhirPatient.parse(raw));
    return { ...m, detail: 'full' as const, fetchedAt };
  });
  repo.upsert(rows);
  return rows.length;
}
