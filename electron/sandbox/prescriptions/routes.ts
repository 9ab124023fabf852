/**
 * The prescriptions endpoints under /prescriptions/FHIR/R4. Handlers return a response object so server.ts
 * applies faults as it does to the other APIs. Nothing here logs.
 *
 *   GET  /Task?_lastUpdated=gt<instant>[&status=requested,received][&patient=<nhs>][&_include=Task:input]
 *        changes feed / open requests / one patient's requests (`_include=Task:input` is a sandbox extension:
 *        the MedicationRequests the Tasks ask for). Filters combine with AND; Bundle.meta.lastUpdated is the next cursor.
 *   GET  /Task/{id}                        read (ETag W/"<version>")
 *   PUT  /Task/{id}   If-Match, X-Request-ID   a status change; refused (422 INVALID_TRANSITION) when the
 *                                          national state model does not allow it
 *   POST /Task        X-Request-ID         a request taken at the counter, by phone or from a pharmacy
 *   GET  /Patient/{nhs}/MedicationRequest  the patient's repeat templates (GP Connect PFS path)
 *   GET  /MedicationRequest/{id}
 *   GET  /Practitioner, /Practitioner/{id} the practice's prescribers (routing targets)
 *
 * A repeated X-Request-ID on a write gets the stored first answer and changes nothing more.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { BodyTooLargeError, header, readBody, type RawResponse } from '../http';
import { isValidSandboxNhsNumber } from '../nhs-numbers';
import { parseIfMatch, responseHeaders } from '../pds.headers';
import { parseMoment, londonStartOfDay } from '../appointments/time';
import { rxError, type RxError } from './errors';
import { isRxStatus, TASK_STATUS } from './national-model';
import { bundleOf, medicationRequestResource, practitionerResource, PRESCRIPTIONS_BASE_PATH, taskResource } from './resources';
import type { Person, PrescriptionStore, TaskChange, TaskRecord } from './store';
import { DUTY_OWNER, RENEWAL, RX_CHANNELS, RX_EXTENSION, RX_SYSTEM, type RxChannel, type RxResource, type TaskStatus } from './types';

const REMEMBERED_REPLIES = 10_000;
const TASK_STATUSES: readonly TaskStatus[] = ['requested', 'received', 'completed', 'rejected', 'cancelled'];

const Ref = z.looseObject({ reference: z.string().optional(), identifier: z.looseObject({ system: z.string(), value: z.string() }).optional(), display: z.string().optional() });
const Ext = z.looseObject({ url: z.string(), valueCode: z.string().optional(), valueReference: Ref.optional() });
const TaskBody = z.looseObject({
  resourceType: z.literal('Task'),
  id: z.string().optional(),
  status: z.enum(['requested', 'received', 'completed', 'rejected', 'cancelled']),
  businessStatus: z.looseObject({ coding: z.array(z.looseObject({ system: z.string(), code: z.string() })).min(1) }).optional(),
  statusReason: z.looseObject({ text: z.string().trim().min(1).max(200) }).optional(),
  intent: z.string().optional(),
  authoredOn: z.string().optional(),
  code: z.looseObject({ coding: z.array(z.looseObject({ system: z.string(), code: z.string() })) }).optional(),
  for: Ref.optional(),
  owner: Ref.optional(),
  input: z.array(z.looseObject({ valueReference: Ref })).optional(),
  extension: z.array(Ext).optional(),
});
type TaskBody = z.infer<typeof TaskBody>;

interface Ctx {
  req: IncomingMessage;
  url: URL;
  origin: string;
}

type Answer = { status: number; headers: Record<string, string>; body: unknown };

export class PrescriptionsApi {
  private readonly replies = new Map<string, RawResponse>();

  constructor(readonly store: PrescriptionStore) {}

  async handle(req: IncomingMessage, url: URL): Promise<RawResponse> {
    const method = req.method ?? 'GET';
    const requestId = header(req, 'x-request-id')?.toLowerCase();
    const replayKey = requestId && (method === 'POST' || method === 'PUT') ? `${method} ${url.pathname} ${requestId}` : null;
    if (replayKey) {
      const earlier = this.replies.get(replayKey);
      if (earlier) return { status: earlier.status, headers: { ...earlier.headers, ...responseHeaders(req) }, body: earlier.body };
    }
    this.store.catchUp();
    const answer = await this.route(req, url);
    const raw: RawResponse = { status: answer.status, headers: answer.headers, body: JSON.stringify(answer.body) };
    // Only successful writes are remembered: a resent change gets its first answer and applies nothing more.
    if (replayKey && answer.status >= 200 && answer.status < 300) this.remember(replayKey, raw);
    return raw;
  }

  private remember(key: string, raw: RawResponse): void {
    if (this.replies.size >= REMEMBERED_REPLIES) {
      const oldest = this.replies.keys().next();
      if (!oldest.done) this.replies.delete(oldest.value);
    }
    this.replies.set(key, raw);
  }

  private async route(req: IncomingMessage, url: URL): Promise<Answer> {
    const method = req.method ?? 'GET';
    const ctx: Ctx = { req, url, origin: `http://${header(req, 'host') ?? 'localhost'}` };
    const parts = url.pathname.slice(PRESCRIPTIONS_BASE_PATH.length).split('/').filter(Boolean).map(safeDecode);
    const only = (allow: string): Answer => this.error(ctx, { ...rxError('METHOD_NOT_ALLOWED', `Method '${method}' is not supported here`), headers: { Allow: allow } });
    const [type, id, sub] = parts;
    if (type === 'Task' && id === undefined) {
      if (method === 'GET') return this.searchTasks(ctx);
      if (method === 'POST') return this.create(ctx);
      return only('GET, POST');
    }
    if (type === 'Task' && id !== undefined && sub === undefined) {
      if (method === 'GET') return this.readTask(ctx, id);
      if (method === 'PUT') return this.update(ctx, id);
      return only('GET, PUT');
    }
    if (type === 'Patient' && id !== undefined && sub === 'MedicationRequest' && parts.length === 3) return method === 'GET' ? this.templates(ctx, id) : only('GET');
    if (type === 'MedicationRequest' && id !== undefined && sub === undefined) {
      if (method !== 'GET') return only('GET');
      const t = this.store.template(id);
      return t ? this.ok(ctx, medicationRequestResource(t, this.store.patient(t.nhsNumber)?.nominatedPharmacy ?? null)) : this.error(ctx, rxError('NO_RECORD_FOUND', `MedicationRequest/${id} does not exist`));
    }
    if (type === 'Practitioner' && sub === undefined) {
      if (method !== 'GET') return only('GET');
      if (id === undefined) return this.ok(ctx, bundleOf(ctx.origin, this.store, this.store.prescribers.map(practitionerResource), false, this.store.clock.stamp()));
      const p = this.store.prescriber(id);
      return p ? this.ok(ctx, practitionerResource(p)) : this.error(ctx, rxError('NO_RECORD_FOUND', `Practitioner/${id} does not exist`));
    }
    return this.error(ctx, rxError('NO_RECORD_FOUND', 'No such resource path'));
  }

  // ---------- reads ----------

  private searchTasks(ctx: Ctx): Answer {
    const q = ctx.url.searchParams;
    const known = new Set(['_lastUpdated', 'status', 'patient', '_include']);
    for (const k of q.keys()) if (!known.has(k)) return this.error(ctx, rxError('BAD_REQUEST', `Unsupported search parameter '${k}'`));
    const f: Parameters<PrescriptionStore['search']>[0] = {};
    const updated = q.getAll('_lastUpdated');
    if (updated.length > 1) return this.error(ctx, rxError('BAD_REQUEST', "Send '_lastUpdated' once"));
    if (updated[0] !== undefined) {
      const m = /^(gt|ge)(.+)$/.exec(updated[0].replace(/ /g, '+'));
      const moment = m ? parseMoment(m[2]!) : null;
      if (!m || !moment) return this.error(ctx, rxError('BAD_REQUEST', '_lastUpdated must be gt<instant> or ge<instant>, e.g. gt2026-11-25T07:30:00.000Z'));
      const ms = moment.kind === 'date' ? londonStartOfDay(moment.day) : moment.ms;
      f.updatedAfterMs = m[1] === 'ge' ? ms - 1 : ms;
    }
    const statuses = q.getAll('status').flatMap((s) => s.split(','));
    if (statuses.length > 0) {
      for (const s of statuses) if (!TASK_STATUSES.includes(s as TaskStatus)) return this.error(ctx, rxError('BAD_REQUEST', `Unknown Task status '${s}'`));
      f.statuses = new Set(statuses as TaskStatus[]);
    }
    const patient = q.get('patient')?.replace(/^Patient\//, '');
    if (patient !== undefined) {
      if (!isValidSandboxNhsNumber(patient)) return this.error(ctx, rxError('INVALID_NHS_NUMBER', 'patient must be a valid NHS number'));
      f.nhsNumber = patient;
    }
    const includes = q.getAll('_include');
    for (const i of includes) if (i !== 'Task:input') return this.error(ctx, rxError('BAD_REQUEST', `Unsupported _include '${i}'`));
    const matches = this.store.search(f).map(taskResource);
    return this.ok(ctx, bundleOf(ctx.origin, this.store, matches, includes.length > 0, this.store.clock.stamp()));
  }

  private readTask(ctx: Ctx, id: string): Answer {
    const t = this.store.task(id);
    return t ? this.taskReply(ctx, t, 200) : this.error(ctx, rxError('NO_RECORD_FOUND', `Task/${id} does not exist`));
  }

  private templates(ctx: Ctx, nhsNumber: string): Answer {
    if (!isValidSandboxNhsNumber(nhsNumber)) return this.error(ctx, rxError('INVALID_NHS_NUMBER', 'The patient id must be a valid NHS number'));
    const patient = this.store.patient(nhsNumber);
    if (!patient) return this.error(ctx, rxError('PATIENT_NOT_FOUND', 'No patient with that NHS number is registered at this practice'));
    const resources: RxResource[] = this.store.templatesOf(nhsNumber).map((t) => medicationRequestResource(t, patient.nominatedPharmacy));
    return this.ok(ctx, bundleOf(ctx.origin, this.store, resources, false, this.store.clock.stamp()));
  }

  // ---------- writes ----------

  private async create(ctx: Ctx): Promise<Answer> {
    const requestId = header(ctx.req, 'x-request-id');
    if (!requestId) return this.error(ctx, rxError('MISSING_VALUE', 'X-Request-ID must be sent with every change, so a resend applies once'));
    const body = await readTaskBody(ctx.req);
    if (!body.ok) return this.error(ctx, body.error);
    const b = body.value;
    if (b.status !== 'requested' || (b.businessStatus && businessCode(b) !== 'requested')) return this.error(ctx, rxError('INVALID_RESOURCE', "A new request must have status 'requested'"));
    if (!(b.code?.coding ?? []).some((c) => c.system === RENEWAL.system && c.code === RENEWAL.code)) {
      return this.error(ctx, rxError('INVALID_RESOURCE', `Task.code must be ${RENEWAL.code} |${RENEWAL.display}|`));
    }
    const nhsNumber = b.for?.identifier?.system === RX_SYSTEM.nhsNumber ? b.for.identifier.value : b.for?.reference?.replace(/^Patient\//, '');
    if (!nhsNumber || !isValidSandboxNhsNumber(nhsNumber)) return this.error(ctx, rxError('INVALID_NHS_NUMBER', 'Task.for must carry a valid NHS number'));
    const channel = (b.extension ?? []).find((e) => e.url === RX_EXTENSION.channel)?.valueCode;
    if (!channel || !RX_CHANNELS.includes(channel as RxChannel)) return this.error(ctx, rxError('INVALID_RESOURCE', `The RequestChannel extension must be one of ${RX_CHANNELS.join(', ')}`));
    const templateIds = (b.input ?? []).map((i) => i.valueReference.reference ?? '').filter((r) => r.startsWith('MedicationRequest/')).map((r) => r.slice('MedicationRequest/'.length));
    // A request taken while the desk was offline keeps the time it was taken (not in the future, not weeks old).
    const authored = b.authoredOn ? Date.parse(b.authoredOn) : Number.NaN;
    const now = this.store.clock.now();
    const authoredMs = authored <= now + 60_000 && authored >= now - 7 * 86_400_000 ? authored : undefined;
    const made = this.store.create({ nhsNumber, channel: channel as RxChannel, templateIds, requestId, ...(authoredMs === undefined ? {} : { authoredMs }) });
    return made.ok ? this.taskReply(ctx, made.value, 201) : this.error(ctx, made.error);
  }

  private async update(ctx: Ctx, id: string): Promise<Answer> {
    const record = this.store.task(id);
    if (!record) return this.error(ctx, rxError('NO_RECORD_FOUND', `Task/${id} does not exist`));
    const requestId = header(ctx.req, 'x-request-id');
    if (!requestId) return this.error(ctx, rxError('MISSING_VALUE', 'X-Request-ID must be sent with every change, so a resend applies once'));
    const ifMatch = header(ctx.req, 'if-match');
    if (!ifMatch) return this.error(ctx, rxError('PRECONDITION_FAILED', 'If-Match must be sent to change a request'));
    const version = parseIfMatch(ifMatch);
    if (version === null) return this.error(ctx, rxError('BAD_REQUEST', `Invalid If-Match '${ifMatch}': expected W/"<version>"`));
    const body = await readTaskBody(ctx.req);
    if (!body.ok) return this.error(ctx, body.error);
    if (body.value.id !== id) return this.error(ctx, rxError('BAD_REQUEST', 'The Task id in the body must match the id in the URL'));
    if (version !== String(record.version)) {
      return this.error(ctx, rxError('RESOURCE_VERSION_MISMATCH', `Task/${id} is at version ${record.version}; read it again and re-apply the change`));
    }
    const change = toChange(body.value, this.store);
    if (!change.ok) return this.error(ctx, change.error);
    const result = this.store.change(id, change.value, requestId);
    return result.ok ? this.taskReply(ctx, result.value.record, 200) : this.error(ctx, result.error);
  }

  // ---------- answers ----------

  private taskReply(ctx: Ctx, t: TaskRecord, status: 200 | 201): Answer {
    const headers: Record<string, string> = { ...responseHeaders(ctx.req), ETag: `W/"${t.version}"` };
    if (status === 201) headers.Location = `${ctx.origin}${PRESCRIPTIONS_BASE_PATH}/Task/${t.id}`;
    return { status, headers, body: taskResource(t) };
  }

  private ok(ctx: Ctx, body: unknown): Answer {
    return { status: 200, headers: responseHeaders(ctx.req), body };
  }

  private error(ctx: Ctx, e: RxError): Answer {
    return { status: e.status, headers: { ...responseHeaders(ctx.req), ...e.headers }, body: e.body };
  }
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: RxError };

async function readTaskBody(req: IncomingMessage): Promise<Parsed<TaskBody>> {
  let json: unknown;
  try {
    json = JSON.parse(await readBody(req, 100_000));
  } catch (e) {
    return { ok: false, error: rxError('BAD_REQUEST', e instanceof BodyTooLargeError ? e.message : 'The request body is not valid JSON') };
  }
  const parsed = TaskBody.safeParse(json);
  if (!parsed.success) {
    // Paths and rule messages only: values may carry patient details.
    return { ok: false, error: rxError('INVALID_RESOURCE', `Invalid Task: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`) };
  }
  return { ok: true, value: parsed.data };
}

const businessCode = (b: TaskBody): string | undefined => b.businessStatus?.coding.find((c) => c.system === RX_SYSTEM.businessStatus)?.code;

/** What a PUT body asks for, checked for consistency (status goes with businessStatus). */
function toChange(b: TaskBody, store: PrescriptionStore): Parsed<TaskChange> {
  const code = businessCode(b);
  if (!code || !isRxStatus(code)) return { ok: false, error: rxError('INVALID_RESOURCE', `businessStatus must carry a code from ${RX_SYSTEM.businessStatus}`) };
  if (TASK_STATUS[code] !== b.status) return { ok: false, error: rxError('INVALID_RESOURCE', `Task.status '${b.status}' does not go with businessStatus '${code}' (expected '${TASK_STATUS[code]}')`) };
  let owner: Person | null = null;
  if (b.owner?.reference === DUTY_OWNER.reference) owner = { id: 'duty', name: DUTY_OWNER.display };
  else if (b.owner?.reference?.startsWith('Practitioner/')) {
    const id = b.owner.reference.slice('Practitioner/'.length);
    const p = store.prescriber(id);
    owner = { id, name: p ? `${p.prefix} ${p.given} ${p.family}` : (b.owner.display ?? id) };
  }
  const decided = (b.extension ?? []).find((e) => e.url === RX_EXTENSION.decidedBy)?.valueReference;
  const decidedBy = decided?.identifier?.value ? { id: decided.identifier.value, name: decided.display ?? decided.identifier.value } : null;
  return { ok: true, value: { status: code, owner, reason: b.statusReason?.text ?? null, decidedBy } };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
