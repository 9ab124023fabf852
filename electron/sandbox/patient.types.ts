/**
 * A sandbox patient in compact form: one flat object per person, so a million of them fit in memory.
 * toFhirPatient() (fhir.mapping.ts) expands it into the PDS Patient resource on demand.
 */
import type { Gender } from './fhir.types';

export interface SandboxName {
  prefix?: string;
  /** First given name (may be compound, e.g. "John Paul"), then middle names. */
  given: string[];
  family: string;
  suffix?: string;
  /** When this usual name started (yyyy-mm-dd). */
  since: string;
}

export interface SandboxAddress {
  /** PDS convention: number + street, locality/post town, county (blank lines omitted). */
  lines: string[];
  postcode: string;
  since: string;
  pafKey?: string;
}

export type TempAddressText =
  | 'Second Home'
  | 'Student Accommodation'
  | 'Respite Care Address'
  | 'Temporary Residence Address'
  | 'Convalescence Home'
  | 'Mobile Home'
  | 'Holiday Home';

export interface SandboxPatient {
  nhsNumber: string;
  /** meta.versionId; bumped by PATCH (on the FHIR copy, not here). */
  version: number;
  /** meta.security R: no address, telecom, contact, GP or pharmacy data is held or returned. */
  restricted: boolean;
  name?: SandboxName;
  /** Previous usual family name (e.g. before marriage): returned as a `use: old` name, searchable with _history. */
  previousFamily?: string;
  gender?: Gender;
  birthDate?: string;
  multipleBirth?: number;
  deceased?: { dateTime: string; notification: '1' | '2' };
  address?: SandboxAddress;
  tempAddress?: SandboxAddress & { text: TempAddressText };
  phone?: string;
  mobile?: string;
  email?: string;
  textphone?: string;
  emergencyContactPhone?: string;
  gp?: { ods: string; since: string };
  pharmacy?: { nominated?: string; preferredDispenser?: string; applianceSupplier?: string };
  language?: { code: string; display: string; interpreterRequired: boolean };
  birthPlace?: { city: string; district?: string; country: string };
  /** An older NHS number that PDS has merged into this record: reading it returns this patient. */
  supersededNhsNumber?: string;
}
