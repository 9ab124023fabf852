/** Records → the FHIR resources the prescriptions sandbox answers with. */
import { randomUUID } from 'node:crypto';
import { formatLondon } from '../appointments/time';
import { pharmacyName, type Prescriber, type TemplateRecord } from './data';
import { STATUS_DISPLAY, TASK_STATUS } from './national-model';
import type { PrescriptionStore, TaskRecord } from './store';
import { DUTY_OWNER, RENEWAL, RX_EXTENSION, RX_SYSTEM, type Bundle, type MedicationRequest, type Practitioner, type RxResource, type Task } from './types';

export const PRESCRIPTIONS_BASE_PATH = '/prescriptions/FHIR/R4';

const iso = (ms: number): string => new Date(ms).toISOString();

export function taskResource(t: TaskRecord): Task {
  const task: Task = {
    resourceType: 'Task',
    id: t.id,
    meta: { versionId: String(t.version), lastUpdated: iso(t.lastUpdatedMs) },
    extension: [{ url: RX_EXTENSION.channel, valueCode: t.channel }],
    status: TASK_STATUS[t.status],
    businessStatus: { coding: [{ system: RX_SYSTEM.businessStatus, code: t.status, display: STATUS_DISPLAY[t.status] }] },
    intent: 'order',
    code: { coding: [{ ...RENEWAL }] },
    focus: { reference: `MedicationRequest/${t.templateIds[0] ?? ''}` },
    for: { reference: `Patient/${t.nhsNumber}`, identifier: { system: RX_SYSTEM.nhsNumber, value: t.nhsNumber }, display: t.patientName },
    authoredOn: formatLondon(t.authoredMs),
    lastModified: formatLondon(t.lastUpdatedMs),
    input: t.templateIds.map((id) => ({ type: { coding: [{ system: RX_SYSTEM.taskInput, code: 'repeat-item' }] }, valueReference: { reference: `MedicationRequest/${id}` } })),
  };
  if (t.owner) task.owner = t.owner.id === 'duty' ? { ...DUTY_OWNER } : { reference: `Practitioner/${t.owner.id}`, display: t.owner.name };
  if (t.reason) task.statusReason = { text: t.reason };
  if (t.decidedBy) {
    task.extension.push({ url: RX_EXTENSION.decidedBy, valueReference: { identifier: { system: RX_SYSTEM.sdsUser, value: t.decidedBy.id }, display: t.decidedBy.name } });
  }
  return task;
}

export function medicationRequestResource(t: TemplateRecord, nominatedPharmacy: string | null): MedicationRequest {
  const mr: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: t.id,
    meta: { versionId: String(t.version), lastUpdated: iso(t.lastUpdatedMs) },
    extension: [
      {
        url: RX_EXTENSION.repeatInformation,
        extension: [
          { url: 'numberOfPrescriptionsIssued', valueUnsignedInt: t.issuesSoFar },
          { url: 'authorisationExpiryDate', valueDateTime: t.reviewDate },
        ],
      },
    ],
    status: 'active',
    intent: 'plan',
    courseOfTherapyType: { coding: [{ system: RX_SYSTEM.courseOfTherapy, code: 'continuous', display: 'Continuous long term therapy' }] },
    medicationCodeableConcept: { text: t.medication },
    subject: { reference: `Patient/${t.nhsNumber}`, identifier: { system: RX_SYSTEM.nhsNumber, value: t.nhsNumber } },
    authoredOn: formatLondon(t.authoredMs),
    dosageInstruction: [{ text: t.dosage }],
    dispenseRequest: { numberOfRepeatsAllowed: t.authorisedIssues, quantity: { ...t.quantity } },
  };
  // The patient's nominated pharmacy (from PDS) is where an electronic prescription would go.
  if (nominatedPharmacy) mr.dispenseRequest.performer = { identifier: { system: RX_SYSTEM.odsOrganisation, value: nominatedPharmacy }, display: pharmacyName(nominatedPharmacy) };
  return mr;
}

export function practitionerResource(p: Prescriber): Practitioner {
  return { resourceType: 'Practitioner', id: p.id, name: [{ family: p.family, given: [p.given], prefix: [p.prefix] }] };
}

/** A searchset; `withInputs` adds every MedicationRequest the Tasks ask for (sandbox `_include=Task:input`). */
export function bundleOf(origin: string, store: PrescriptionStore, matches: RxResource[], withInputs: boolean, stampMs: number): Bundle {
  const entry: Bundle['entry'] = matches.map((resource) => ({ fullUrl: `${origin}${PRESCRIPTIONS_BASE_PATH}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } }));
  if (withInputs) {
    const seen = new Set<string>();
    for (const m of matches) {
      if (m.resourceType !== 'Task') continue;
      for (const i of m.input) {
        const id = i.valueReference.reference?.slice('MedicationRequest/'.length) ?? '';
        const t = seen.has(id) ? undefined : store.template(id);
        if (!t) continue;
        seen.add(id);
        const resource = medicationRequestResource(t, store.patient(t.nhsNumber)?.nominatedPharmacy ?? null);
        entry.push({ fullUrl: `${origin}${PRESCRIPTIONS_BASE_PATH}/MedicationRequest/${t.id}`, resource, search: { mode: 'include' } });
      }
    }
  }
  return { resourceType: 'Bundle', id: randomUUID(), meta: { lastUpdated: iso(stampMs) }, type: 'searchset', total: matches.length, entry };
}
