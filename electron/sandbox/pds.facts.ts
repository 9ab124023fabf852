/**
 * The searchable facts of one patient, normalised once (lower-case names, space-free upper-case
 * postcodes…) so matching code has one shape to read whether the record is a compact SandboxPatient
 * or a FHIR copy changed by PATCH.
 */
import type { FhirPatient, Gender } from './fhir.types';
import type { SandboxPatient } from './patient.types';

export interface NameFact {
  family: string;
  /** given[0] may be compound ("john paul"). */
  given: string[];
  /** false for old/maiden names and names whose period has ended: only _history / fuzzy search sees them. */
  current: boolean;
}

export interface SearchFacts {
  names: NameFact[];
  gender?: Gender;
  birthDate?: string;
  deathDate?: string;
  postcodes: string[];
  gp?: string;
  phones: string[];
  emails: string[];
  restricted: boolean;
}

export const normalisePostcode = (text: string): string => text.replace(/\s+/g, '').toUpperCase();
export const normaliseName = (text: string): string => text.trim().toLowerCase();

export function factsFromSandbox(p: SandboxPatient): SearchFacts {
  const names: NameFact[] = [];
  if (p.name) {
    const given = p.name.given.map(normaliseName);
    names.push({ family: normaliseName(p.name.family), given, current: true });
    if (p.previousFamily) names.push({ family: normaliseName(p.previousFamily), given, current: false });
  }
  const postcodes: string[] = [];
  if (p.address) postcodes.push(normalisePostcode(p.address.postcode));
  if (p.tempAddress) postcodes.push(normalisePostcode(p.tempAddress.postcode));
  const phones: string[] = [];
  if (p.phone) phones.push(p.phone);
  if (p.mobile) phones.push(p.mobile);
  const facts: SearchFacts = {
    names,
    postcodes,
    phones,
    emails: p.email ? [p.email.toLowerCase()] : [],
    restricted: p.restricted,
  };
  if (p.gender) facts.gender = p.gender;
  if (p.birthDate) facts.birthDate = p.birthDate;
  if (p.deceased) facts.deathDate = p.deceased.dateTime.slice(0, 10);
  if (p.gp) facts.gp = p.gp.ods.toUpperCase();
  return facts;
}

const ended = (period: { end?: string } | undefined, today: string): boolean => period?.end !== undefined && period.end < today;

export function factsFromFhir(p: FhirPatient, today = new Date().toISOString().slice(0, 10)): SearchFacts {
  const names: NameFact[] = (p.name ?? []).map((n) => ({
    family: normaliseName(n.family),
    given: (n.given ?? []).map(normaliseName),
    current: (n.use === 'usual' || n.use === 'nickname' || n.use === 'temp') && !ended(n.period, today),
  }));
  const postcodes = (p.address ?? [])
    .filter((a) => a.postalCode && !ended(a.period, today))
    .map((a) => normalisePostcode(a.postalCode ?? ''));
  const telecom = (p.telecom ?? []).filter((t) => !ended(t.period, today));
  const facts: SearchFacts = {
    names,
    postcodes,
    phones: telecom.filter((t) => t.system === 'phone').map((t) => t.value),
    emails: telecom.filter((t) => t.system === 'email').map((t) => t.value.toLowerCase()),
    restricted: p.meta.security.some((s) => s.code === 'R'),
  };
  if (p.gender) facts.gender = p.gender;
  if (p.birthDate) facts.birthDate = p.birthDate;
  if (p.deceasedDateTime) facts.deathDate = p.deceasedDateTime.slice(0, 10);
  const gp = p.generalPractitioner?.[0]?.identifier.value;
  if (gp) facts.gp = gp.toUpperCase();
  return facts;
}
