/**
 * FHIR R4 shapes served by the prescriptions sandbox (NOTES §4): a repeat request is a Task (code 103742009
 * Renewal of prescription) whose inputs reference the patient's repeat templates, MedicationRequests with
 * intent `plan` (the authorisation). Where the national APIs are still draft, the sandbox adds clearly named
 * sandbox extensions: the request channel, who decided it, and the practice-level state in businessStatus.
 */

export const RX_SYSTEM = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsOrganisation: 'https://fhir.nhs.uk/Id/ods-organization-code',
  sdsUser: 'https://fhir.nhs.uk/Id/sds-user-id',
  snomed: 'http://snomed.info/sct',
  courseOfTherapy: 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy',
  spineErrorCode: 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode',
  /** The request's state, national model plus the practice's own steps (sandbox code system). */
  businessStatus: 'https://sandbox.gp-reception.invalid/CodeSystem/repeat-request-status',
  taskInput: 'https://sandbox.gp-reception.invalid/CodeSystem/repeat-request-input',
} as const;

export const RX_EXTENSION = {
  /** UK Core: issues so far and the authorisation's end (the sandbox's review date). */
  repeatInformation: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationRepeatInformation',
  channel: 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-RequestChannel',
  decidedBy: 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-DecidedBy',
} as const;

/** SNOMED CT 103742009 |Renewal of prescription| (NHS England IG, repeat request Task.code). */
export const RENEWAL = { system: RX_SYSTEM.snomed, code: '103742009', display: 'Renewal of prescription' } as const;

/** Routing target that is a role, not a person: whichever doctor is on duty. */
export const DUTY_OWNER = { reference: 'PractitionerRole/duty', display: 'Duty doctor' } as const;

export type RxChannel = 'online' | 'counter' | 'phone' | 'pharmacy';
export const RX_CHANNELS: readonly RxChannel[] = ['online', 'counter', 'phone', 'pharmacy'];

export interface Reference {
  reference?: string;
  identifier?: { system: string; value: string };
  display?: string;
}

export interface Extension {
  url: string;
  valueCode?: string;
  valueReference?: Reference;
  valueUnsignedInt?: number;
  valueDateTime?: string;
  extension?: Extension[];
}

export interface Meta {
  versionId: string;
  lastUpdated: string;
}

export type TaskStatus = 'requested' | 'received' | 'completed' | 'rejected' | 'cancelled';

export interface Task {
  resourceType: 'Task';
  id: string;
  meta: Meta;
  extension: Extension[];
  status: TaskStatus;
  businessStatus: { coding: { system: string; code: string; display: string }[] };
  statusReason?: { text: string };
  intent: 'order';
  code: { coding: { system: string; code: string; display: string }[] };
  focus: Reference;
  for: Reference;
  authoredOn: string;
  lastModified: string;
  requester?: Reference;
  owner?: Reference;
  input: { type: { coding: { system: string; code: string }[] }; valueReference: Reference }[];
}

export interface MedicationRequest {
  resourceType: 'MedicationRequest';
  id: string;
  meta: Meta;
  extension: Extension[];
  status: 'active';
  intent: 'plan';
  courseOfTherapyType: { coding: { system: string; code: string; display: string }[] };
  medicationCodeableConcept: { text: string };
  subject: Reference;
  authoredOn: string;
  dosageInstruction: { text: string }[];
  dispenseRequest: { numberOfRepeatsAllowed: number; quantity: { value: number; unit: string }; performer?: Reference };
}

export interface Practitioner {
  resourceType: 'Practitioner';
  id: string;
  name: { family: string; given: string[]; prefix: string[] }[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: { severity: 'error' | 'information'; code: string; details: { coding: { system: string; code: string; display: string }[] }; diagnostics?: string }[];
}

export type RxResource = Task | MedicationRequest | Practitioner;

export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  meta: { lastUpdated: string };
  type: 'searchset';
  total: number;
  entry: { fullUrl: string; resource: RxResource; search: { mode: 'match' | 'include' } }[];
}
