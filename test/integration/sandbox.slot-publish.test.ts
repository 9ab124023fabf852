/**
 * The sandbox's slot-publishing extension (not GP Connect): a FHIR transaction at the appointments base of
 * conditional Schedule creates, Slot PUTs and Slot status PATCHes, over real HTTP. Idempotent by slot id,
 * all or nothing, and never touching a booked slot.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type AppointmentsBundle, type GpcOperationOutcome, type Sandbox, type Slot } from '../../electron/sandbox';
import { SANDBOX_EXTENSION, type TransactionResponse } from '../../electron/sandbox/appointments';

const TODAY = '2026-11-25'; // the generated book covers four weeks from here, to 22 December
const DAY = '2026-12-29'; // a Tuesday after the generated book: the published slots are alone there

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: TODAY });
});
afterAll(async () => sandbox.close());

interface Reply<T> {
  status: number;
  body: T;
}

async function post<T = TransactionResponse>(body: unknown, requestId: string = randomUUID()): Promise<Reply<T>> {
  const res = await fetch(sandbox.appointments.baseUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', 'X-Request-ID': requestId },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function get<T>(path: string): Promise<Reply<T>> {
  const res = await fetch(`${sandbox.appointments.baseUrl}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

const code = (r: Reply<unknown>) => (r.body as GpcOperationOutcome).issue[0]?.details.coding[0]?.code;
const diagnostics = (r: Reply<unknown>) => (r.body as GpcOperationOutcome).issue[0]?.diagnostics ?? '';

const schedule = (practitioner = '1', location = '1', fullUrl = 'urn:uuid:4f7e1a5c-0000-4000-8000-000000000001') => ({
  fullUrl,
  resource: { resourceType: 'Schedule', actor: [{ reference: `Location/${location}` }, { reference: `Practitioner/${practitioner}` }] },
  request: { method: 'POST', url: 'Schedule', ifNoneExist: `actor=Practitioner/${practitioner}&actor=Location/${location}` },
});

const slot = (id: string, start: string, end: string, over: Record<string, unknown> = {}, ref = 'urn:uuid:4f7e1a5c-0000-4000-8000-000000000001') => ({
  resource: {
    resourceType: 'Slot',
    id,
    status: 'free',
    start,
    end,
    schedule: { reference: ref },
    serviceType: [{ text: 'Long review 20 min' }],
    extension: [
      {
        url: SANDBOX_EXTENSION.slotFlags,
        extension: [
          { url: 'slotType', valueCode: 'long-review' },
          { url: 'urgent', valueBoolean: false },
          { url: 'onlineBookable', valueBoolean: true },
        ],
      },
    ],
    ...over,
  },
  request: { method: 'PUT', url: `Slot/${id}` },
});

const transaction = (...entry: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry });
const patch = (id: string, status: string) => ({
  resource: {
    resourceType: 'Parameters',
    parameter: [{ name: 'operation', part: [{ name: 'type', valueCode: 'replace' }, { name: 'path', valueString: 'Slot.status' }, { name: 'value', valueCode: status }] }],
  },
  request: { method: 'PATCH', url: `Slot/${id}` },
});

const A = slot('tpl-a.20261229T1200Z', `${DAY}T12:00:00+00:00`, `${DAY}T12:20:00+00:00`);
const B = slot('tpl-a.20261229T1220Z', `${DAY}T12:20:00+00:00`, `${DAY}T12:40:00+00:00`);

describe('publishing generated slots (sandbox extension)', () => {
  it('creates slots under the clinician’s existing schedule, and the book and free-slot search show them', async () => {
    const before = sandbox.appointments.stats();
    const r = await post(transaction(schedule(), A, B));
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('transaction-response');
    expect(r.body.entry.map((e) => e.response.status)).toEqual(['200 OK', '201 Created', '201 Created']); // the schedule already existed
    expect(sandbox.appointments.stats().slots.total).toBe(before.slots.total + 2);
    expect(sandbox.appointments.stats().schedules).toBe(before.schedules);

    const read = await get<Slot>('/Slot/tpl-a.20261229T1200Z');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'free', start: `${DAY}T12:00:00+00:00`, serviceType: [{ text: 'Long review 20 min' }] });
    const flags = read.body.extension.find((e) => e.url === SANDBOX_EXTENSION.slotFlags)?.extension ?? [];
    expect(flags).toContainEqual({ url: 'slotType', valueCode: 'long-review' });

    const all = await get<AppointmentsBundle>(`/Slot?start=ge${DAY}&end=le${DAY}&_include=Slot:schedule&_all-states=true`);
    expect(all.body.entry.filter((e) => e.resource.resourceType === 'Slot').map((e) => e.resource.id)).toEqual(['tpl-a.20261229T1200Z', 'tpl-a.20261229T1220Z']);
    const free = await get<AppointmentsBundle>(`/Slot?status=free&start=ge2026-12-28&end=le${DAY}&_include=Slot:schedule`);
    expect(free.body.entry.some((e) => e.resource.id === 'tpl-a.20261229T1200Z')).toBe(true);
  });

  it('is idempotent by slot id: the same slots again create nothing, and a retried request gets its first answer', async () => {
    const before = sandbox.appointments.stats().slots.total;
    const again = await post(transaction(schedule(), A, B));
    expect(again.status).toBe(200);
    expect(again.body.entry.map((e) => e.response.status)).toEqual(['200 OK', '200 OK', '200 OK']);
    expect(sandbox.appointments.stats().slots.total).toBe(before);

    const id = randomUUID();
    const C = slot('tpl-a.20261229T1240Z', `${DAY}T12:40:00+00:00`, `${DAY}T13:00:00+00:00`);
    const first = await post(transaction(schedule(), C), id);
    const retry = await post(transaction(schedule(), C), id);
    expect(retry).toEqual(first);
    expect(first.body.entry[1]?.response.status).toBe('201 Created');
    expect(sandbox.appointments.stats().slots.total).toBe(before + 1);
  });

  it('leaves a booked slot booked when it is published again', async () => {
    await sandbox.appointments.bookAsOtherDesk('tpl-a.20261229T1200Z');
    const again = await post(transaction(schedule(), A));
    expect(again.status).toBe(200);
    expect((await get<Slot>('/Slot/tpl-a.20261229T1200Z')).body.status).toBe('busy');
  });

  it('blocks and frees slots with a status PATCH, and refuses to block a booked one (409)', async () => {
    const blocked = await post(transaction(patch('tpl-a.20261229T1220Z', 'busy-unavailable')));
    expect(blocked.status).toBe(200);
    expect((await get<Slot>('/Slot/tpl-a.20261229T1220Z')).body.status).toBe('busy-unavailable');
    expect((await post(transaction(patch('tpl-a.20261229T1220Z', 'busy-unavailable')))).status).toBe(200); // already blocked: no change
    expect((await post(transaction(patch('tpl-a.20261229T1220Z', 'free')))).status).toBe(200);
    expect((await get<Slot>('/Slot/tpl-a.20261229T1220Z')).body.status).toBe('free');

    const booked = await post(transaction(patch('tpl-a.20261229T1200Z', 'busy-unavailable')));
    expect(booked.status).toBe(409);
    expect(code(booked)).toBe('DUPLICATE_REJECTED');
    expect(diagnostics(booked)).toMatch(/is booked: move its appointment first/);
    expect((await get<Slot>('/Slot/tpl-a.20261229T1200Z')).body.status).toBe('busy');

    const unknown = await post(transaction(patch('no-such-slot', 'free')));
    expect(unknown.status).toBe(404);
    expect(code(unknown)).toBe('NO_RECORD_FOUND');
  });

  it('is all or nothing: one bad entry and nothing is applied', async () => {
    const before = sandbox.appointments.stats().slots.total;
    const good = slot('tpl-b.20261229T1500Z', `${DAY}T15:00:00+00:00`, `${DAY}T15:20:00+00:00`);
    const bad = slot('tpl-b.20261229T1520Z', `${DAY}T15:20:00+00:00`, `${DAY}T15:10:00+00:00`);
    const r = await post(transaction(schedule(), good, bad));
    expect(r.status).toBe(422);
    expect(code(r)).toBe('INVALID_RESOURCE');
    expect(diagnostics(r)).toMatch(/entry\[2\]: Slot.end must be after Slot.start/);
    expect(sandbox.appointments.stats().slots.total).toBe(before);
    expect((await get('/Slot/tpl-b.20261229T1500Z')).status).toBe(404);
  });

  it('refuses what would move, overlap or mislabel a slot, with a plain diagnostic', async () => {
    const cases: [unknown, number, string, RegExp][] = [
      [transaction(schedule(), slot('tpl-a.20261229T1220Z', `${DAY}T12:25:00+00:00`, `${DAY}T12:45:00+00:00`)), 422, 'INVALID_RESOURCE', /a published slot never moves/],
      [transaction(schedule(), slot('tpl-x.20261229T1210Z', `${DAY}T12:10:00+00:00`, `${DAY}T12:30:00+00:00`)), 422, 'INVALID_RESOURCE', /overlaps Slot\/tpl-a\.20261229T1200Z of the same practitioner/],
      [
        transaction(schedule(), slot('tpl-y.1', `${DAY}T16:00:00+00:00`, `${DAY}T16:20:00+00:00`), slot('tpl-y.2', `${DAY}T16:10:00+00:00`, `${DAY}T16:30:00+00:00`)),
        422, 'INVALID_RESOURCE', /overlaps Slot\/tpl-y\.1 of the same transaction/,
      ],
      [transaction(schedule(), slot('tpl-z.1', `${DAY}T17:00:00+00:00`, `${DAY}T17:20:00+00:00`, { status: 'busy' })), 422, 'INVALID_RESOURCE', /cannot be created booked/],
      [transaction(schedule(), slot('tpl-z.2', `${DAY}T17:00:00`, `${DAY}T17:20:00+00:00`)), 422, 'INVALID_RESOURCE', /start must be a dateTime with a UTC offset/],
      [transaction(schedule(), slot('tpl-z.3', `${DAY}T08:00:00+00:00`, `${DAY}T13:00:00+00:00`)), 422, 'INVALID_RESOURCE', /at most 240 minutes/],
      [transaction(schedule('999')), 422, 'REFERENCE_NOT_FOUND', /Practitioner\/999 does not exist/],
      [transaction({ ...schedule(), request: { method: 'POST', url: 'Schedule' } }), 422, 'INVALID_RESOURCE', /ifNoneExist/],
      [transaction(slot('tpl-z.4', `${DAY}T17:00:00+00:00`, `${DAY}T17:20:00+00:00`, {}, 'urn:uuid:nowhere')), 422, 'REFERENCE_NOT_FOUND', /Slot.schedule urn:uuid:nowhere/],
      [{ resourceType: 'Bundle', type: 'batch', entry: [A] }, 422, 'INVALID_RESOURCE', /only 'transaction' bundles/],
      [transaction(schedule(), A, A), 422, 'INVALID_RESOURCE', /appears twice/],
      [transaction({ resource: { resourceType: 'Appointment' }, request: { method: 'POST', url: 'Appointment' } }), 422, 'INVALID_RESOURCE', /accepted are/],
      ['{not json', 400, 'BAD_REQUEST', /not valid JSON/],
    ];
    const before = sandbox.appointments.stats().slots.total;
    for (const [body, status, spine, message] of cases) {
      const r = await post(body);
      expect({ status: r.status, code: code(r) }).toEqual({ status, code: spine });
      expect(diagnostics(r)).toMatch(message);
    }
    expect(sandbox.appointments.stats().slots.total).toBe(before);
  });

  it('takes a slot that names an existing Schedule/{id} directly', async () => {
    const all = await get<AppointmentsBundle>(`/Slot?start=ge${DAY}&end=le${DAY}&_include=Slot:schedule&_all-states=true`);
    const scheduleId = all.body.entry.find((e) => e.resource.resourceType === 'Schedule')!.resource.id!;
    const direct = await post(transaction(slot('tpl-c.20261229T1400Z', `${DAY}T14:00:00+00:00`, `${DAY}T14:20:00+00:00`, {}, `Schedule/${scheduleId}`)));
    expect(direct.status).toBe(200);
    expect(direct.body.entry[0]?.response.status).toBe('201 Created');
  });

  it('answers 405 to anything but POST at the base', async () => {
    const res = await fetch(sandbox.appointments.baseUrl);
    expect(res.status).toBe(405);
  });
});
