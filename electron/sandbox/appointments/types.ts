/**
 * FHIR R4 resource shapes served by the appointments sandbox, with GP Connect Appointment
 * Management 1.2 semantics (NOTES §3). GP Connect 1.2 itself is STU3; where R4 differs we follow R4:
 *  - Appointment.serviceCategory and Schedule.serviceCategory are arrays (STU3: single CodeableConcept);
 *  - Location.telecom is an array (the STU3 example has a single object);
 *  - Slot.status may also be `busy-unavailable` (blocked) — only shown by the `_all-states` extension;
 *  - Bundle entries carry `fullUrl` and `search.mode` (R4 searchset), the GP Connect examples only `resource`;
 *  - meta.lastUpdated is set on every resource (drives the changes feed).
 * Profile and extension URLs are GP Connect's own (STU3 URLs), so the desk code carries over to the real service.
 */

export const GPC_PROFILE = {
  appointment: 'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Appointment-1',
  slot: 'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Slot-1',
  schedule: 'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Schedule-1',
  practitioner: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Practitioner-1',
  location: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Location-1',
  organization: 'https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Organization-1',
  operationOutcome: 'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1',
} as const;

export const GPC_EXTENSION = {
  bookingOrganisation: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-BookingOrganisation-1',
  practitionerRole: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-PractitionerRole-1',
  deliveryChannel: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2',
  cancellationReason: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1',
} as const;

/** Sandbox-only extensions (not GP Connect): slot flags and the booked appointment, for the practice's own book. */
export const SANDBOX_EXTENSION = {
  slotFlags: 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-SlotFlags',
  slotAppointment: 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-SlotAppointment',
} as const;

export const SYSTEM = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsOrganisation: 'https://fhir.nhs.uk/Id/ods-organization-code',
  sdsUser: 'https://fhir.nhs.uk/Id/sds-user-id',
  sdsJobRole: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
  organisationType: 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1',
  spineErrorCode: 'https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1',
} as const;

export type DeliveryChannel = 'In-person' | 'Telephone' | 'Video' | 'Visit';
export type SlotStatus = 'free' | 'busy' | 'busy-unavailable';
export type AppointmentStatus = 'booked' | 'cancelled';

export interface Meta {
  versionId?: string;
  lastUpdated?: string;
  profile?: string[];
}
export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}
export interface Identifier {
  system: string;
  value: string;
}
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Extension {
  url: string;
  valueReference?: Reference;
  valueCodeableConcept?: CodeableConcept;
  valueCode?: string;
  valueString?: string;
  valueBoolean?: boolean;
  valueDateTime?: string;
  extension?: Extension[];
}
export interface Period {
  start: string;
  end: string;
}
export interface ContactPoint {
  system: 'phone' | 'email';
  value: string;
  use?: 'work';
}
export interface Address {
  line: string[];
  city?: string;
  district?: string;
  postalCode: string;
}

export interface Organization {
  resourceType: 'Organization';
  id: string;
  meta: Meta;
  identifier: Identifier[];
  type?: CodeableConcept[];
  name: string;
  telecom?: ContactPoint[];
  address?: Address;
}

export interface Location {
  resourceType: 'Location';
  id: string;
  meta: Meta;
  name: string;
  address: Address;
  telecom: ContactPoint[];
  managingOrganization: Reference;
}

export interface Practitioner {
  resourceType: 'Practitioner';
  id: string;
  meta: Meta;
  identifier: Identifier[];
  name: { family: string; given: string[]; prefix?: string[] }[];
  gender: 'male' | 'female';
}

export interface Schedule {
  resourceType: 'Schedule';
  id: string;
  meta: Meta;
  /** PractitionerRole (SDS job role of the clinician). */
  extension: Extension[];
  serviceCategory: CodeableConcept[];
  actor: Reference[];
  planningHorizon: Period;
}

export interface Slot {
  resourceType: 'Slot';
  id: string;
  meta: Meta;
  /** DeliveryChannel; plus the sandbox SlotFlags / SlotAppointment extensions. */
  extension: Extension[];
  serviceType: CodeableConcept[];
  schedule: Reference;
  status: SlotStatus;
  start: string;
  end: string;
}

export interface AppointmentParticipant {
  actor: Reference;
  status: 'accepted';
}

export interface Appointment {
  resourceType: 'Appointment';
  id?: string;
  meta?: Meta;
  contained?: Organization[];
  extension?: Extension[];
  status: AppointmentStatus;
  serviceCategory?: CodeableConcept[];
  serviceType?: CodeableConcept[];
  description: string;
  start: string;
  end: string;
  slot: Reference[];
  created?: string;
  comment?: string;
  participant: AppointmentParticipant[];
}

export type AppointmentsResource = Organization | Location | Practitioner | Schedule | Slot | Appointment;

export interface BundleEntry<R = AppointmentsResource> {
  fullUrl: string;
  resource: R;
  search: { mode: 'match' | 'include' };
}

export interface AppointmentsBundle<R = AppointmentsResource> {
  resourceType: 'Bundle';
  id: string;
  meta: { lastUpdated: string; profile?: string[] };
  type: 'searchset';
  total: number;
  entry: BundleEntry<R>[];
}

export interface GpcOperationOutcome {
  resourceType: 'OperationOutcome';
  meta: { profile: string[] };
  issue: {
    severity: 'error' | 'warning' | 'information';
    code: string;
    details: { coding: { system: string; code: string; display: string }[] };
    diagnostics?: string;
  }[];
}
