/**
 * Repeat requests on the wire (NOTES §4): FHIR Task (code 103742009 Renewal of prescription) whose inputs
 * reference the patient's repeat templates, MedicationRequest intent `plan`. How the desk reads them into its
 * rows, and writes its changes back. The state travels in businessStatus, with the Task.status that goes with it.
 */
import { z } from 'zod';
import { formatNhsNumber } from '../../../shared/domain/nhs-number';
import type { RxChannel } from '../../../shared/contract/prescriptions';
import { RX_STATES, type RxState } from '../../../shared/domain/prescriptions/request-state';
import type { RxRequestRow, RxTemplateRow } from '../db/repos/prescriptions.repo';

export const RX = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  sdsUser: 'https://fhir.nhs.uk/Id/sds-user-id',
  businessStatus: 'https://sandbox.gp-reception.invalid/CodeSystem/repeat-request-status',
  taskInput: 'https://sandbox.gp-reception.invalid/CodeSystem/repeat-request-input',
  channel: 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-RequestChannel',
  decidedBy: 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-DecidedBy',
  repeatInformation: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationRepeatInformation',
  dutyOwner: 'PractitionerRole/duty',
} as const;

/** The Task.status each state goes with. */
export const TASK_STATUS: Record<RxState, 'requested' | 'received' | 'completed' | 'rejected' | 'cancelled'> = {
  requested: 'requested',
  'with-prescriber': 'received',
  'sent-to-pharmacy': 'completed',
  printed: 'completed',
  'ready-to-collect': 'completed',
  collected: 'completed',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

const Ref = z.looseObject({ reference: z.string().optional(), identifier: z.looseObject({ system: z.string(), value: z.string() }).optional(), display: z.string().optional() });
const Ext = z.looseObject({
  url: z.string(),
  valueCode: z.string().optional(),
  valueReference: Ref.optional(),
  valueUnsignedInt: z.number().optional(),
  valueDateTime: z.string().optional(),
  extension: z.array(z.looseObject({ url: z.string(), valueUnsignedInt: z.number().optional(), valueDateTime: z.string().optional() })).optional(),
});

export const FhirTask = z.looseObject({
  resourceType: z.literal('Task'),
  id: z.string(),
  meta: z.looseObject({ versionId: z.string().optional(), lastUpdated: z.string().optional() }).optional(),
  status: z.string(),
  businessStatus: z.looseObject({ coding: z.array(z.looseObject({ system: z.string(), code: z.string() })) }).optional(),
  statusReason: z.looseObject({ text: z.string().optional() }).optional(),
  for: Ref,
  authoredOn: z.string(),
  lastModified: z.string().optional(),
  owner: Ref.optional(),
  input: z.array(z.looseObject({ valueReference: Ref })).optional(),
  extension: z.array(Ext).optional(),
});
export type FhirTask = z.infer<typeof FhirTask>;

export const FhirMedicationRequest = z.looseObject({
  resourceType: z.literal('MedicationRequest'),
  id: z.string(),
  subject: Ref,
  medicationCodeableConcept: z.looseObject({ text: z.string().optional() }).optional(),
  dosageInstruction: z.array(z.looseObject({ text: z.string().optional() })).optional(),
  dispenseRequest: z
    .looseObject({
      numberOfRepeatsAllowed: z.number().int().optional(),
      quantity: z.looseObject({ value: z.number().optional(), unit: z.string().optional() }).optional(),
      performer: Ref.optional(),
    })
    .optional(),
  extension: z.array(Ext).optional(),
});

export const FhirPractitioner = z.looseObject({
  resourceType: z.literal('Practitioner'),
  id: z.string(),
  name: z.array(z.looseObject({ family: z.string().optional(), given: z.array(z.string()).optional(), prefix: z.array(z.string()).optional() })).optional(),
});

export const FhirBundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  meta: z.looseObject({ lastUpdated: z.string().optional() }).optional(),
  entry: z.array(z.looseObject({ resource: z.looseObject({ resourceType: z.string() }) })).optional(),
});

/** Resources of one type from a Bundle; ones that do not parse are left out rather than failing the whole read. */
export function resourcesOf<T>(bundle: z.infer<typeof FhirBundle>, type: string, schema: z.ZodType<T>): T[] {
  return (bundle.entry ?? []).flatMap((e) => {
    if (e.resource.resourceType !== type) return [];
    const p = schema.safeParse(e.resource);
    return p.success ? [p.data] : [];
  });
}

const CHANNELS: readonly RxChannel[] = ['online', 'counter', 'phone', 'pharmacy'];
const isState = (s: string | undefined): s is RxState => s !== undefined && (RX_STATES as readonly string[]).includes(s);

export const nhsNumberOf = (ref: z.infer<typeof Ref>): string | null =>
  ref.identifier?.system === RX.nhsNumber ? ref.identifier.value : (ref.reference?.startsWith('Patient/') ? ref.reference.slice('Patient/'.length) : null);

/** A Task as the desk's row; null when it is not one the desk can show (no patient, unknown state). */
export function taskToRow(t: FhirTask, patientName: (nhsNumber: string) => string | null): RxRequestRow | null {
  const nhs = nhsNumberOf(t.for);
  const state = t.businessStatus?.coding.find((c) => c.system === RX.businessStatus)?.code;
  if (!nhs || !isState(state)) return null;
  const channel = t.extension?.find((e) => e.url === RX.channel)?.valueCode;
  const owner = t.owner;
  const routedTo = owner?.reference === RX.dutyOwner ? 'duty' : owner?.reference?.startsWith('Practitioner/') ? owner.reference.slice('Practitioner/'.length) : null;
  const decided = t.extension?.find((e) => e.url === RX.decidedBy)?.valueReference;
  return {
    id: t.id,
    nhsNumber: nhs,
    patientName: patientName(nhs) ?? t.for.display ?? `Patient ${formatNhsNumber(nhs)}`,
    channel: CHANNELS.includes(channel as RxChannel) ? (channel as RxChannel) : 'online',
    state,
    receivedAt: new Date(t.authoredOn).toISOString(),
    templateIds: (t.input ?? []).flatMap((i) => (i.valueReference.reference?.startsWith('MedicationRequest/') ? [i.valueReference.reference.slice('MedicationRequest/'.length)] : [])),
    routedTo,
    routedName: routedTo === 'duty' ? 'Duty doctor' : (owner?.display ?? null),
    rejectReason: state === 'rejected' ? (t.statusReason?.text ?? null) : null,
    decidedBy: decided?.display ?? null,
    version: t.meta?.versionId ?? null,
    updatedAt: new Date(t.meta?.lastUpdated ?? t.lastModified ?? t.authoredOn).toISOString(),
  };
}

export function templateToRow(m: z.infer<typeof FhirMedicationRequest>, fetchedAt: string): RxTemplateRow | null {
  const nhs = nhsNumberOf(m.subject);
  if (!nhs) return null;
  const repeat = m.extension?.find((e) => e.url === RX.repeatInformation)?.extension ?? [];
  const q = m.dispenseRequest?.quantity;
  const performer = m.dispenseRequest?.performer;
  return {
    id: m.id,
    nhsNumber: nhs,
    medication: m.medicationCodeableConcept?.text ?? 'Medicine not named',
    dosage: m.dosageInstruction?.map((d) => d.text).filter(Boolean).join('; ') || 'No dosage given',
    quantity: q?.value !== undefined ? `${q.value}${q.unit ? ` ${q.unit}` : ''}` : null,
    authorisedIssues: m.dispenseRequest?.numberOfRepeatsAllowed ?? 0,
    issuesSoFar: repeat.find((e) => e.url === 'numberOfPrescriptionsIssued')?.valueUnsignedInt ?? 0,
    reviewDate: repeat.find((e) => e.url === 'authorisationExpiryDate')?.valueDateTime?.slice(0, 10) ?? null,
    pharmacyOds: performer?.identifier?.value ?? null,
    pharmacyName: performer?.display ?? null,
    fetchedAt,
  };
}

export const practitionerName = (p: z.infer<typeof FhirPractitioner>): string => {
  const n = p.name?.[0];
  return [n?.prefix?.[0], n?.given?.[0], n?.family].filter(Boolean).join(' ') || `Practitioner ${p.id}`;
};

/** What the desk asks a Task to become. */
export type RxChange =
  | { action: 'route'; to: { id: string; name: string } }
  | { action: 'approve'; fulfilment: 'pharmacy' | 'print'; by: { id: string; name: string } }
  | { action: 'reject'; reason: string; by: { id: string; name: string } }
  | { action: 'cancel' | 'ready' | 'collected' };

export function targetState(c: RxChange): RxState {
  switch (c.action) {
    case 'route':
      return 'with-prescriber';
    case 'approve':
      return c.fulfilment === 'pharmacy' ? 'sent-to-pharmacy' : 'printed';
    case 'reject':
      return 'rejected';
    case 'cancel':
      return 'cancelled';
    case 'ready':
      return 'ready-to-collect';
    case 'collected':
      return 'collected';
  }
}

/** The Task as read, with the change applied: what is PUT back (with the read's version as If-Match). */
export function changedTask(current: Record<string, unknown> & FhirTask, c: RxChange): Record<string, unknown> {
  const state = targetState(c);
  const body: Record<string, unknown> = {
    ...current,
    status: TASK_STATUS[state],
    businessStatus: { coding: [{ system: RX.businessStatus, code: state }] },
  };
  if (c.action === 'route') body.owner = c.to.id === 'duty' ? { reference: RX.dutyOwner, display: 'Duty doctor' } : { reference: `Practitioner/${c.to.id}`, display: c.to.name };
  if (c.action === 'reject') body.statusReason = { text: c.reason };
  if (c.action === 'approve' || c.action === 'reject') {
    const others = (current.extension ?? []).filter((e) => e.url !== RX.decidedBy);
    body.extension = [...others, { url: RX.decidedBy, valueReference: { identifier: { system: RX.sdsUser, value: c.by.id }, display: c.by.name } }];
  }
  return body;
}

/** A request taken at the desk, as a new Task. */
export function newTask(input: { nhsNumber: string; channel: RxChannel; templateIds: string[] }, authoredOn: string): Record<string, unknown> {
  return {
    resourceType: 'Task',
    status: 'requested',
    businessStatus: { coding: [{ system: RX.businessStatus, code: 'requested' }] },
    intent: 'order',
    code: { coding: [{ system: 'http://snomed.info/sct', code: '103742009', display: 'Renewal of prescription' }] },
    for: { identifier: { system: RX.nhsNumber, value: input.nhsNumber } },
    authoredOn,
    extension: [{ url: RX.channel, valueCode: input.channel }],
    input: input.templateIds.map((id) => ({ type: { coding: [{ system: RX.taskInput, code: 'repeat-item' }] }, valueReference: { reference: `MedicationRequest/${id}` } })),
  };
}
