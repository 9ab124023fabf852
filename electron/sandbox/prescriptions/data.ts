/**
 * Deterministic repeat templates for the demo practice's patients: about 45% of them take 1–4 regular
 * medicines; some authorisations are past their review date and some have used every authorised issue, so
 * the desk's flags have something to show. Same seed, patients and start day → same templates.
 */
import { Rng } from '../prng';

export interface RxPatient {
  nhsNumber: string;
  /** "SMITH, Jane" as the request carries it (Task.for.display). */
  name: string;
  /** ODS code of the nominated pharmacy (PDS Extension-UKCore-NominatedPharmacy), if any. */
  nominatedPharmacy: string | null;
}

export interface Prescriber {
  id: string;
  prefix: string;
  given: string;
  family: string;
}

export interface TemplateRecord {
  id: string;
  nhsNumber: string;
  medication: string;
  dosage: string;
  quantity: { value: number; unit: string };
  authorisedIssues: number;
  issuesSoFar: number;
  /** yyyy-mm-dd (carried as UK Core authorisationExpiryDate). */
  reviewDate: string;
  authoredMs: number;
  version: number;
  lastUpdatedMs: number;
}

/** Common repeat medicines in primary care (generic names, dm+d-style wording). */
const MEDICINES: readonly { medication: string; dosage: string; quantity: { value: number; unit: string } }[] = [
  { medication: 'Amlodipine 5mg tablets', dosage: 'One tablet once a day', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Atorvastatin 20mg tablets', dosage: 'One tablet at night', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Ramipril 5mg capsules', dosage: 'One capsule once a day', quantity: { value: 28, unit: 'capsules' } },
  { medication: 'Metformin 500mg tablets', dosage: 'One tablet twice a day with meals', quantity: { value: 56, unit: 'tablets' } },
  { medication: 'Levothyroxine 50microgram tablets', dosage: 'One tablet each morning', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Omeprazole 20mg gastro-resistant capsules', dosage: 'One capsule once a day', quantity: { value: 28, unit: 'capsules' } },
  { medication: 'Salbutamol 100micrograms/dose inhaler', dosage: 'Two puffs when required', quantity: { value: 1, unit: 'inhaler' } },
  { medication: 'Beclometasone 100micrograms/dose inhaler', dosage: 'Two puffs twice a day', quantity: { value: 1, unit: 'inhaler' } },
  { medication: 'Sertraline 50mg tablets', dosage: 'One tablet once a day', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Lansoprazole 30mg capsules', dosage: 'One capsule once a day', quantity: { value: 28, unit: 'capsules' } },
  { medication: 'Bisoprolol 2.5mg tablets', dosage: 'One tablet once a day', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Losartan 50mg tablets', dosage: 'One tablet once a day', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Simvastatin 40mg tablets', dosage: 'One tablet at night', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Furosemide 40mg tablets', dosage: 'One tablet each morning', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Citalopram 20mg tablets', dosage: 'One tablet once a day', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Gliclazide 80mg tablets', dosage: 'One tablet twice a day', quantity: { value: 56, unit: 'tablets' } },
  { medication: 'Folic acid 5mg tablets', dosage: 'One tablet once a day', quantity: { value: 28, unit: 'tablets' } },
  { medication: 'Colecalciferol 800unit capsules', dosage: 'One capsule once a day', quantity: { value: 28, unit: 'capsules' } },
  { medication: 'Emollient cream', dosage: 'Apply twice a day', quantity: { value: 500, unit: 'g' } },
  { medication: 'Cetirizine 10mg tablets', dosage: 'One tablet once a day', quantity: { value: 30, unit: 'tablets' } },
];

/** Names for the sandbox population's made-up pharmacy ODS codes (population.ts). */
const PHARMACY_NAMES: Readonly<Record<string, string>> = {
  FY101: 'Riverside Pharmacy',
  FY102: 'Millbrook Chemist',
  FY103: 'High Street Pharmacy',
  FY104: 'Castle Pharmacy',
  FY105: 'Meadowbank Pharmacy',
  FY106: 'Station Road Chemist',
  FY107: 'Parkside Pharmacy',
  FY108: 'Leeds Road Pharmacy',
};

export const pharmacyName = (odsCode: string): string => PHARMACY_NAMES[odsCode] ?? `Pharmacy ${odsCode}`;

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A per-patient stream, so one patient's templates do not depend on who else is registered. */
const patientRng = (seed: number, nhsNumber: string): Rng => new Rng((seed ^ 0x52580001 ^ Number(nhsNumber.slice(-9))) >>> 0);

export function generateTemplates(seed: number, patients: readonly RxPatient[], startMs: number): TemplateRecord[] {
  const out: TemplateRecord[] = [];
  for (const p of patients) {
    const rng = patientRng(seed, p.nhsNumber);
    if (!rng.chance(0.45)) continue;
    const count = rng.between(1, 4);
    const picked = new Set<number>();
    while (picked.size < count) picked.add(rng.int(MEDICINES.length));
    for (const m of picked) {
      const med = MEDICINES[m]!;
      const authorisedIssues = rng.pick([3, 6, 6, 12]);
      const usedUp = rng.chance(0.1);
      const pastReview = rng.chance(0.12);
      const reviewMs = pastReview ? startMs - rng.between(1, 60) * DAY_MS : startMs + rng.between(14, 330) * DAY_MS;
      const authoredMs = startMs - rng.between(30, 400) * DAY_MS;
      out.push({
        id: String(out.length + 1),
        nhsNumber: p.nhsNumber,
        medication: med.medication,
        dosage: med.dosage,
        quantity: { ...med.quantity },
        authorisedIssues,
        issuesSoFar: usedUp ? authorisedIssues : rng.int(authorisedIssues),
        reviewDate: isoDay(reviewMs),
        authoredMs,
        version: 1,
        lastUpdatedMs: authoredMs,
      });
    }
  }
  return out;
}
