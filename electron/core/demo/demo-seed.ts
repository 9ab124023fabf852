import type { PatientsRepo } from '../db/repos/patients.repo';
import { FhirPatient } from '../national/fhir.schemas';
import { mapFhirPatient } from '../national/fhir-patient.mapper';

/**
 * First start in demo mode: fill the local copy with the demo practice's registered list, as a real
 * practice's desk would hold it, so offline search has something to answer from. Runs once: the list is asked
 * for only when the copy is empty, so later starts neither build nor fetch it.
 */
export async function seedDemoCache(
  repo: PatientsRepo,
  practicePatients: () => readonly unknown[] | Promise<readonly unknown[]>,
  now = new Date(),
): Promise<number> {
  if (!repo.isEmpty()) return 0;
  const fetchedAt = now.toISOString();
  const rows = (await practicePatients()).map((raw) => {
    const m = mapFhirPatient(FhirPatient.parse(raw));
    return { ...m, detail: 'full' as const, fetchedAt };
  });
  repo.upsert(rows);
  return rows.length;
}
