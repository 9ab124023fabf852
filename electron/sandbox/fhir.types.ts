/**
 * The slice of PDS FHIR R4 shapes the sandbox produces, named as in the official OpenAPI spec
 * (specification/components/schemas/*.yaml). Optional fields are omitted rather than null, as PDS does.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type Gender = 'male' | 'female' | 'other' | 'unknown';

export interface Period {
  start: string;
  end?: string;
}

export interface Coding {
  system?: string;
  version?: string;
  code: string;
  display?: string;
}

export interface OdsReference {
  system: string;
  value: string;
  period?: Period;
}

export interface Extension {
  url: string;
  extension?: Extension[];
  valueCodeableConcept?: { coding: Coding[] };
  valueReference?: { identifier: OdsReference };
  valueCoding?: Coding;
  valueDateTime?: string;
  valueString?: string;
  valueBoolean?: boolean;
  valueAddress?: { city?: string; district?: string; country?: string };
}

export type NameUse = 'usual' | 'temp' | 'nickname' | 'old' | 'maiden';

export interface HumanName {
  id: string;
  use: NameUse;
  period?: Period;
  given?: string[];
  family: string;
  prefix?: string[];
  suffix?: string[];
}

export interface Address {
  id: string;
  period?: Period;
  use: 'home' | 'work' | 'temp' | 'billing';
  text?: string;
  line?: string[];
  postalCode?: string;
  extension?: Extension[];
}

export interface ContactPoint {
  id: string;
  period?: Period;
  system: 'phone' | 'fax' | 'email' | 'other';
  value: string;
  use?: 'home' | 'work' | 'temp' | 'mobile';
  extension?: Extension[];
}

export interface GeneralPractitionerReference {
  id: string;
  type: 'Organization';
  identifier: OdsReference;
}

export interface EmergencyContact {
  id: string;
  period?: Period;
  relationship: { coding: Coding[] }[];
  telecom: { system: 'phone' | 'email'; value: string }[];
}

export interface SecurityLabel {
  system: string;
  code: 'U' | 'R' | 'V' | 'REDACTED';
  display: 'unrestricted' | 'restricted' | 'redacted';
}

export interface FhirPatient {
  resourceType: 'Patient';
  id: string;
  identifier: { system: string; value: string; extension?: Extension[] }[];
  meta: { versionId: string; security: SecurityLabel[] };
  name?: HumanName[];
  gender?: Gender;
  birthDate?: string;
  multipleBirthInteger?: number;
  deceasedDateTime?: string;
  generalPractitioner?: GeneralPractitionerReference[];
  managingOrganization?: { type: 'Organization'; identifier: OdsReference };
  extension?: Extension[];
  telecom?: ContactPoint[];
  contact?: EmergencyContact[];
  address?: Address[];
}

/** What a search entry carries: PatientSearch.yaml allows no managingOrganization and only the death extension. */
export type FhirSearchPatient = Omit<FhirPatient, 'managingOrganization'>;

export interface SearchEntry {
  fullUrl: string;
  search: { score: number };
  resource: FhirSearchPatient;
}

export interface SearchBundle {
  resourceType: 'Bundle';
  type: 'searchset';
  timestamp: string;
  total: number;
  entry: SearchEntry[];
}

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

export interface OperationOutcomeIssue {
  severity: IssueSeverity;
  code: string;
  details?: { coding: Coding[] };
  diagnostics?: string;
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}
