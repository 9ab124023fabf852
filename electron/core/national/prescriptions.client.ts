import type { RxChannel, RxPrescriber } from '../../../shared/contract/prescriptions';
import type { RxRequestRow, RxTemplateRow } from '../db/repos/prescriptions.repo';
import type { NationalPrescriptions, RxFeed } from '../services/prescriptions.service';
import type { FhirTransport } from './http.transport';
import { NationalHttpError, NationalProtocolError } from './national.errors';
import {
  changedTask,
  FhirBundle,
  FhirMedicationRequest,
  FhirPractitioner,
  FhirTask,
  newTask,
  practitionerName,
  resourcesOf,
  taskToRow,
  templateToRow,
  type RxChange,
} from './prescriptions.fhir';

/** A stale If-Match (someone changed the request between our read and our write) is read again this often. */
const VERSION_RETRIES = 3;

/**
 * Repeat-prescription requests at the national service (Task + MedicationRequest, NOTES §4). Reads the open
 * queue and the changes feed with the templates each request asks for; writes status changes with If-Match and
 * the outbox's X-Request-ID, so a resend after a lost reply is de-duplicated upstream and applies once.
 */
export class PrescriptionsClient implements NationalPrescriptions {
  constructor(
    private readonly d: {
      transport: FhirTransport;
      /** "SMITH, Jane" from the local copy of patients, when the desk has the patient. */
      patientName: (nhsNumber: string) => string | null;
      now: () => Date;
    },
  ) {}

  private async bundle(path: string): Promise<ReturnType<typeof FhirBundle.parse>> {
    const res = await this.d.transport.send({ method: 'GET', path, headers: { Accept: 'application/fhir+json' } });
    const b = FhirBundle.safeParse(res.body);
    if (!b.success) throw new NationalProtocolError('the prescriptions service did not answer with a Bundle');
    return b.data;
  }

  private feedOf(b: ReturnType<typeof FhirBundle.parse>, fallbackCursor: string): RxFeed {
    const fetchedAt = this.d.now().toISOString();
    const requests = resourcesOf(b, 'Task', FhirTask).flatMap((t) => taskToRow(t, this.d.patientName) ?? []);
    const templates = resourcesOf(b, 'MedicationRequest', FhirMedicationRequest).flatMap((m) => templateToRow(m, fetchedAt) ?? []);
    return { requests, templates, cursor: b.meta?.lastUpdated ?? fallbackCursor };
  }

  async prescribers(): Promise<RxPrescriber[]> {
    const b = await this.bundle('/Practitioner');
    return resourcesOf(b, 'Practitioner', FhirPractitioner).map((p) => ({ id: p.id, name: practitionerName(p) }));
  }

  /** Everything still open, plus whatever changed since `since` (recent outcomes reception needs to see). */
  async snapshot(since: string): Promise<RxFeed> {
    const open = this.feedOf(await this.bundle('/Task?status=requested,received&_include=Task:input'), since);
    const recent = this.feedOf(await this.bundle(`/Task?_lastUpdated=gt${encodeURIComponent(since)}&_include=Task:input`), since);
    const byId = new Map([...open.requests, ...recent.requests].map((r) => [r.id, r]));
    const templates = new Map([...open.templates, ...recent.templates].map((t) => [t.id, t]));
    // The earlier cursor: nothing that changed between the two reads is missed by the next poll.
    return { requests: [...byId.values()], templates: [...templates.values()], cursor: open.cursor };
  }

  async changesSince(cursor: string): Promise<RxFeed> {
    return this.feedOf(await this.bundle(`/Task?_lastUpdated=gt${encodeURIComponent(cursor)}&_include=Task:input`), cursor);
  }

  async patientTemplates(nhsNumber: string): Promise<RxTemplateRow[]> {
    const b = await this.bundle(`/Patient/${encodeURIComponent(nhsNumber)}/MedicationRequest`);
    const fetchedAt = this.d.now().toISOString();
    return resourcesOf(b, 'MedicationRequest', FhirMedicationRequest).flatMap((m) => templateToRow(m, fetchedAt) ?? []);
  }

  async create(input: { nhsNumber: string; channel: RxChannel; templateIds: string[]; receivedAt: string; requestId: string }): Promise<RxRequestRow> {
    const res = await this.d.transport.send({
      method: 'POST',
      path: '/Task',
      body: JSON.stringify(newTask(input, input.receivedAt)),
      headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', 'X-Request-ID': input.requestId },
    });
    return this.rowOf(res.body);
  }

  async change(taskId: string, change: RxChange, requestId: string): Promise<RxRequestRow> {
    for (let attempt = 1; ; attempt++) {
      const path = `/Task/${encodeURIComponent(taskId)}`;
      const current = await this.d.transport.send({ method: 'GET', path, headers: { Accept: 'application/fhir+json' } });
      const task = FhirTask.safeParse(current.body);
      if (!task.success) throw new NationalProtocolError('the request read back was not a Task');
      try {
        const res = await this.d.transport.send({
          method: 'PUT',
          path,
          body: JSON.stringify(changedTask({ ...(current.body as Record<string, unknown>), ...task.data }, change)),
          headers: {
            'Content-Type': 'application/fhir+json',
            Accept: 'application/fhir+json',
            'If-Match': current.headers.get('etag') ?? `W/"${task.data.meta?.versionId ?? '1'}"`,
            'X-Request-ID': requestId,
          },
        });
        return this.rowOf(res.body);
      } catch (e) {
        // Changed by someone else between the read and the write: read it again and re-apply.
        if (e instanceof NationalHttpError && e.status === 409 && attempt < VERSION_RETRIES) continue;
        throw e;
      }
    }
  }

  private rowOf(body: unknown): RxRequestRow {
    const t = FhirTask.safeParse(body);
    const row = t.success ? taskToRow(t.data, this.d.patientName) : null;
    if (!row) throw new NationalProtocolError('the prescriptions service did not answer with a usable Task');
    return row;
  }
}
