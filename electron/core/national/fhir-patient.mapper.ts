import type { Address, PatientSummary } from '../../../shared/contract/patients';
import type { FhirPatient } from './fhir.schemas';

type Dated = { use?: string | undefined; period?: { start?: string | undefined; end?: string | undefined } | undefined };

/** Prefer an entry of the wanted use that is current today, then any of that use, then the first. */
function pick<T extends Dated>(items: readonly T[] | undefined, use: string, today: string): T | undefined {
  if (!items?.length) return undefined;
  const current = (i: T) => !i.period?.end || i.period.end >= today;
  return items.find((i) => i.use === use && current(i)) ?? items.find((i) => i.use === use) ?? items[0];
}

export const isRestricted = (p: FhirPatient): boolean => (p.meta?.security ?? []).some((s) => s.code === 'R' || s.code === 'V');

export interface MappedPatient {
  summary: PatientSummary;
  telecom: { system: string; value: string; use: string | null }[];
  versionId: string | null;
}

/**
 * FHIR Patient → the desk's patient. For a restricted record the location fields are dropped here,
 * whatever the payload held, so nothing downstream can show or cache them.
 */
export function mapFhirPatient(p: FhirPatient, score: number | null = null, today = new Date().toISOString().slice(0, 10)): MappedPatient {
  const restricted = isRestricted(p);
  const name = pick(p.name, 'usual', today);
  const home = restricted ? undefined : pick(p.address, 'home', today);
  const address: Address | null = home ? { lines: home.line ?? [], postcode: home.postalCode ?? null } : null;
  const gp = restricted ? undefined : p.generalPractitioner?.[0]?.identifier?.value;
  const telecom = restricted
    ? []
    : (p.telecom ?? [])
        .filter((t) => t.value && (!t.period?.end || t.period.end >= today))
        .map((t) => ({ system: t.system ?? 'other', value: t.value!, use: t.use ?? null }));
  return {
    summary: {
      nhsNumber: p.id,
      prefix: name?.prefix ?? [],
      given: name?.given ?? [],
      family: name?.family ?? null,
      birthDate: p.birthDate ?? null,
      gender: p.gender ?? null,
      deceasedDate: p.deceasedDateTime ? p.deceasedDateTime.slice(0, 10) : null,
      restricted,
      address,
      gpOdsCode: gp ?? null,
      score,
    },
    telecom,
    versionId: p.meta?.versionId ?? null,
  };
}
