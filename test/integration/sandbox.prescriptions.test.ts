/**
 * The prescriptions sandbox over real HTTP on a loopback port: Tasks and repeat templates, arrivals from the
 * sandbox clock, the national state model, If-Match, and X-Request-ID de-duplication (a resend applies once).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RxMedicationRequest, type RxTask, type Sandbox } from '../../electron/sandbox';

const TODAY = '2026-11-25'; // a Wednesday, 07:30 London on the sandbox clock
const BUSINESS = 'https://sandbox.gp-reception.invalid/CodeSystem/repeat-request-status';
const DECIDED_BY = 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-DecidedBy';
const CHANNEL = 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-RequestChannel';

type Bundle = { resourceType: 'Bundle'; meta: { lastUpdated: string }; entry: { resource: RxTask | RxMedicationRequest; search: { mode: string } }[] };
type Outcome = { resourceType: 'OperationOutcome'; issue: { details: { coding: { code: string }[] } }[] };
interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
}

let sandbox: Sandbox;

async function call<T>(method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: 'application/fhir+json', ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/fhir+json';
  const res = await fetch(`${sandbox.prescriptions.baseUrl}${path}`, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

const code = (r: Reply<unknown>) => (r.body as Outcome).issue[0]?.details.coding[0]?.code;
const business = (t: RxTask) => t.businessStatus.coding[0]!.code;
const tasksIn = (b: Bundle) => b.entry.filter((e) => e.resource.resourceType === 'Task').map((e) => e.resource as RxTask);

/** The Task changed to a business status, as a desk would PUT it. */
function changed(t: RxTask, to: string, status: RxTask['status'], extra: Partial<RxTask> = {}): RxTask {
  return { ...t, status, businessStatus: { coding: [{ system: BUSINESS, code: to, display: to }] }, ...extra };
}
const decider = { url: DECIDED_BY, valueReference: { identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '555000000301' }, display: 'Dr Alex Morgan' } };

async function put(t: RxTask, body: RxTask, requestId = randomUUID(), etag = `W/"${t.meta.versionId}"`) {
  return call<RxTask | Outcome>('PUT', `/Task/${t.id}`, { headers: { 'If-Match': etag, 'X-Request-ID': requestId }, body });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: TODAY });
});
afterAll(async () => sandbox.close());

describe('prescriptions sandbox', () => {
  it('holds a backlog in every state and repeat templates with the nominated pharmacy', async () => {
    const stats = sandbox.prescriptions.stats();
    expect(stats.tasks).toBeGreaterThan(50);
    for (const s of ['requested', 'with-prescriber', 'sent-to-pharmacy', 'rejected']) expect(stats.byStatus[s] ?? 0).toBeGreaterThan(0);
    const open = await call<Bundle>('GET', '/Task?status=requested,received&_include=Task:input');
    expect(open.status).toBe(200);
    const tasks = tasksIn(open.body);
    expect(tasks.every((t) => t.status === 'requested' || t.status === 'received')).toBe(true);
    const included = open.body.entry.filter((e) => e.search.mode === 'include').map((e) => e.resource.id);
    for (const t of tasks) for (const i of t.input) expect(included).toContain(i.valueReference.reference!.slice('MedicationRequest/'.length));
    const nhs = tasks[0]!.for.identifier!.value;
    const templates = await call<Bundle>('GET', `/Patient/${nhs}/MedicationRequest`);
    const mr = templates.body.entry[0]!.resource as RxMedicationRequest;
    expect(mr).toMatchObject({ resourceType: 'MedicationRequest', intent: 'plan', status: 'active' });
    expect(mr.dispenseRequest.numberOfRepeatsAllowed).toBeGreaterThan(0);
  });

  it('requests arrive over the day from the sandbox clock, the same ones every run', async () => {
    const before = await call<Bundle>('GET', `/Task?_lastUpdated=gt${encodeURIComponent(new Date(0).toISOString())}`);
    const cursor = before.body.meta.lastUpdated;
    sandbox.appointments.setNow(new Date(Date.parse(cursor) + 3 * 3_600_000)); // three hours of a Wednesday
    const later = await call<Bundle>('GET', `/Task?_lastUpdated=gt${encodeURIComponent(cursor)}`);
    const arrived = tasksIn(later.body);
    expect(arrived.length).toBeGreaterThanOrEqual(2);
    expect(arrived.every((t) => business(t) === 'requested')).toBe(true);
    const other = await startSandbox({ port: 0, population: 1_000, today: TODAY });
    try {
      other.appointments.setNow(sandbox.appointments.now());
      const same = await fetch(`${other.prescriptions.baseUrl}/Task?_lastUpdated=gt${encodeURIComponent(cursor)}`).then((r) => r.json() as Promise<Bundle>);
      expect(tasksIn(same).map((t) => [t.for.identifier!.value, t.authoredOn])).toEqual(arrived.map((t) => [t.for.identifier!.value, t.authoredOn]));
    } finally {
      await other.close();
    }
  });

  it('a control makes one arrive now', async () => {
    const res = await fetch(`${sandbox.origin}/_sandbox/prescriptions/arrive`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(201);
    const t = (await res.json()) as RxTask;
    expect(t).toMatchObject({ resourceType: 'Task', status: 'requested', extension: [{ url: CHANNEL, valueCode: 'online' }] });
  });

  it('routes, approves and de-duplicates a resent change: it applies once', async () => {
    const t = sandbox.prescriptions.arrive();
    const id = randomUUID();
    const routed = changed(t, 'with-prescriber', 'received', { owner: { reference: 'PractitionerRole/duty', display: 'Duty doctor' } });
    const first = await put(t, routed, id);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('W/"2"');
    const again = await put(t, routed, id); // the same X-Request-ID, even with the now stale If-Match
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(sandbox.prescriptions.applied(id)).toBe(1);

    const now = first.body as RxTask;
    const printId = randomUUID();
    expect((await put(now, changed(now, 'printed', 'completed', { extension: [...now.extension, decider] }), printId)).status).toBe(200);
    expect(sandbox.prescriptions.applied(printId)).toBe(1);
    const control = await fetch(`${sandbox.origin}/_sandbox/prescriptions/applied?requestId=${printId}`).then((r) => r.json());
    expect(control).toEqual({ requestId: printId, applied: 1 });
  });

  it('refuses what the national model does not allow, a stale version and a missing If-Match', async () => {
    const t = sandbox.prescriptions.arrive();
    const rejectedNoReason = await put(t, changed(t, 'rejected', 'rejected', { extension: [...t.extension, decider] }));
    expect([rejectedNoReason.status, code(rejectedNoReason)]).toEqual([422, 'INVALID_RESOURCE']);
    const ready = await put(t, changed(t, 'ready-to-collect', 'completed'));
    expect([ready.status, code(ready)]).toEqual([422, 'INVALID_TRANSITION']);
    const mismatch = await put(t, changed(t, 'with-prescriber', 'completed', { owner: { reference: 'PractitionerRole/duty' } }));
    expect([mismatch.status, code(mismatch)]).toEqual([422, 'INVALID_RESOURCE']);
    const stale = await put(t, changed(t, 'cancelled', 'cancelled'), randomUUID(), 'W/"9"');
    expect([stale.status, code(stale)]).toEqual([409, 'RESOURCE_VERSION_MISMATCH']);
    const noMatch = await call('PUT', `/Task/${t.id}`, { headers: { 'X-Request-ID': randomUUID() }, body: changed(t, 'cancelled', 'cancelled') });
    expect([noMatch.status, code(noMatch)]).toEqual([412, 'PRECONDITION_FAILED']);

    // Routed, the patient can no longer cancel it.
    const routed = (await put(t, changed(t, 'with-prescriber', 'received', { owner: { reference: 'PractitionerRole/duty' } }))).body as RxTask;
    const cancel = await put(routed, changed(routed, 'cancelled', 'cancelled'));
    expect([cancel.status, code(cancel)]).toEqual([422, 'INVALID_TRANSITION']);
    expect(() => sandbox.prescriptions.cancelAsPatient(t.id)).toThrow(/cannot become/);
  });

  it('takes a counter request from the patient\'s templates, once per X-Request-ID', async () => {
    const nhs = sandbox.prescriptions.patientsWithTemplates()[0]!;
    const templates = sandbox.prescriptions.templates(nhs);
    const body = {
      resourceType: 'Task', status: 'requested', intent: 'order',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '103742009' }] },
      for: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs } },
      extension: [{ url: CHANNEL, valueCode: 'counter' }],
      input: templates.map((m) => ({ type: { text: 'repeat-item' }, valueReference: { reference: `MedicationRequest/${m.id}` } })),
    };
    const id = randomUUID();
    const made = await call<RxTask>('POST', '/Task', { headers: { 'X-Request-ID': id }, body });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toMatch(new RegExp(`/Task/${made.body.id}$`));
    const again = await call<RxTask>('POST', '/Task', { headers: { 'X-Request-ID': id }, body });
    expect(again.body.id).toBe(made.body.id);
    expect(sandbox.prescriptions.applied(id)).toBe(1);
    const mine = await call<Bundle>('GET', `/Task?patient=${nhs}`);
    expect(tasksIn(mine.body).filter((t) => t.id === made.body.id)).toHaveLength(1);

    const someoneElses = sandbox.prescriptions.patientsWithTemplates()[1]!;
    const wrong = await call('POST', '/Task', { headers: { 'X-Request-ID': randomUUID() }, body: { ...body, for: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: someoneElses } } } });
    expect([wrong.status, code(wrong)]).toEqual([422, 'INVALID_RESOURCE']);
    const noId = await call('POST', '/Task', { body });
    expect([noId.status, code(noId)]).toEqual([400, 'MISSING_VALUE']);
  });

  it('answers faults like the other APIs', async () => {
    await sandbox.faults.set({ status: 503, retryAfterSeconds: 7 });
    try {
      const r = await call('GET', '/Practitioner');
      expect([r.status, r.headers.get('retry-after'), code(r)]).toEqual([503, '7', 'SERVICE_UNAVAILABLE']);
    } finally {
      await sandbox.faults.reset();
    }
    const prescribers = await call<Bundle>('GET', '/Practitioner');
    expect(prescribers.body.entry.length).toBeGreaterThan(0);
  });
});
