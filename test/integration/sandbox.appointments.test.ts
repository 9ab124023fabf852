/**
 * The appointments sandbox (GP Connect Appointment Management 1.2 semantics, FHIR R4 shapes) over
 * real HTTP on an ephemeral loopback port. "Now" is the sandbox clock: 07:30 London on `today`.
 * The official example payloads are read at run time from /work/shared/nhs/gpconnect/examples only
 * for the shape comparison (skipped when that folder is absent).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GPC_EXTENSION,
  SANDBOX_EXTENSION,
  startSandbox,
  type Appointment,
  type AppointmentsBundle,
  type GpcOperationOutcome,
  type Sandbox,
  type Slot,
} from '../../electron/sandbox';

const TODAY = '2026-11-25'; // a Wednesday, GMT
const SPINE = 'https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1';
const EXAMPLES = '/work/shared/nhs/gpconnect/examples';

interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
}

let sandbox: Sandbox;
let patients: string[];

async function call<T>(method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/fhir+json';
  const res = await fetch(`${sandbox.appointments.baseUrl}${path}`, {
    method,
    headers,
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}
const get = <T = AppointmentsBundle>(path: string, headers?: Record<string, string>) => call<T>('GET', path, headers ? { headers } : {});

async function control<T>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
  const res = await fetch(`${sandbox.origin}/_sandbox/appointments${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

function expectOutcome(reply: Reply<unknown>, status: number, code: string): GpcOperationOutcome {
  expect(reply.status).toBe(status);
  const body = reply.body as GpcOperationOutcome;
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.meta.profile).toEqual(['https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-OperationOutcome-1']);
  expect(body.issue[0]?.details.coding[0]).toMatchObject({ system: SPINE, code });
  return body;
}

const resources = <T>(b: AppointmentsBundle, type: string): T[] =>
  b.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource as unknown as T);
const flag = (s: Slot, name: string): unknown =>
  s.extension.find((e) => e.url === SANDBOX_EXTENSION.slotFlags)?.extension?.find((e) => e.url === name);
const slotType = (s: Slot): string | undefined => (flag(s, 'slotType') as { valueCode?: string } | undefined)?.valueCode;

const freeSearch = (from: string, to: string, extra = '') =>
  get(`/Slot?status=free&start=ge${encodeURIComponent(from)}&end=le${encodeURIComponent(to)}&_include=Slot:schedule${extra}`);
const book = (from: string, to: string) => get(`/Slot?start=ge${from}&end=le${to}&_include=Slot:schedule&_all-states=true`);

/** A booking body for a slot, as a desk of the practice would send it. */
function bookingFor(slot: Slot, schedule: { actor: { reference?: string }[] }, nhsNumber: string, extra: Partial<Appointment> = {}): Appointment {
  const location = schedule.actor.find((a) => a.reference?.startsWith('Location/'))!.reference!;
  const practitioner = schedule.actor.find((a) => a.reference?.startsWith('Practitioner/'))!.reference!;
  return {
    resourceType: 'Appointment',
    meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Appointment-1'] },
    contained: [
      {
        resourceType: 'Organization',
        id: '1',
        meta: {},
        identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Y90001' }],
        type: [{ coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1', code: 'gp-practice' }] }],
        name: 'Riverside Medical Practice',
        telecom: [{ system: 'phone', value: '0113 496 0000' }],
      },
    ],
    extension: [{ url: GPC_EXTENSION.bookingOrganisation, valueReference: { reference: '#1' } }],
    status: 'booked',
    description: 'Booked at reception',
    start: slot.start,
    end: slot.end,
    slot: [{ reference: `Slot/${slot.id}` }],
    created: '2026-11-25T07:30:00+00:00',
    participant: [
      { actor: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } }, status: 'accepted' },
      { actor: { reference: location }, status: 'accepted' },
      { actor: { reference: practitioner }, status: 'accepted' },
    ],
    ...extra,
  };
}

/** Free, released slots of a day with their schedules; `take` hands each test its own slots. */
let pool: { slot: Slot; schedule: { id: string; actor: { reference?: string }[] } }[] = [];
function take(): { slot: Slot; schedule: { id: string; actor: { reference?: string }[] } } {
  const next = pool.shift();
  if (!next) throw new Error('slot pool exhausted');
  return next;
}

async function postAppointment(body: unknown, headers: Record<string, string> = {}): Promise<Reply<Appointment>> {
  return call<Appointment>('POST', '/Appointment', { body, headers });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1000, today: TODAY });
  patients = sandbox.population.demoPracticePatients().map((p) => p.id);
  const day = await freeSearch('2026-12-02', '2026-12-02');
  expect(day.status).toBe(200);
  const schedules = new Map(resources<{ id: string; actor: { reference?: string }[] }>(day.body, 'Schedule').map((s) => [s.id, s]));
  pool = resources<Slot>(day.body, 'Slot').map((slot) => ({ slot, schedule: schedules.get(slot.schedule.reference!.split('/')[1]!)! }));
});

afterAll(async () => {
  await sandbox?.close();
});

describe('demo data', () => {
  it('has ~12 clinicians, 2 sites, four weeks of weekday slots, about 60% booked', async () => {
    const stats = sandbox.appointments.stats();
    expect(stats.clinicians).toBe(12);
    expect(stats.locations).toBe(2);
    expect(stats.schedules).toBe(24);
    // The clock starts at 07:30 and runs in real time: allow for a slow machine between start and this read.
    const sinceStart = Date.parse(stats.now) - Date.parse('2026-11-25T07:30:00Z');
    expect(sinceStart).toBeGreaterThanOrEqual(0);
    expect(sinceStart).toBeLessThan(60_000);
    const share = stats.slots.busy / stats.slots.total;
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.7);
    expect(stats.slots.busyUnavailable).toBeGreaterThan(0);
    const http = await control<typeof stats>('GET', '/stats');
    expect(http.body.slots.total).toBe(stats.slots.total);
    const locations = await Promise.all(['1', '2'].map((id) => get<{ name: string }>(`/Location/${id}`)));
    expect(locations.map((l) => l.body.name)).toEqual(['Riverside Surgery', 'Millbrook Branch Surgery']);
  });
});

describe('free slot search', () => {
  it('returns only free, released, future slots fully inside the range, with Schedule and Organization', async () => {
    const r = await freeSearch('2026-11-25T09:00:00+00:00', '2026-11-26T12:00:00+00:00');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/fhir+json');
    expect(r.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    const slots = resources<Slot>(r.body, 'Slot');
    expect(slots.length).toBeGreaterThan(20);
    expect(r.body.total).toBe(slots.length);
    for (const s of slots) {
      expect(s.status).toBe('free');
      expect(Date.parse(s.start)).toBeGreaterThanOrEqual(Date.parse('2026-11-25T09:00:00Z'));
      expect(Date.parse(s.end)).toBeLessThanOrEqual(Date.parse('2026-11-26T12:00:00Z'));
      expect(s.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+00:00$/);
    }
    // Schedules: exactly those the slots reference; Organization always; no Practitioner/Location unless asked.
    const scheduleIds = new Set(resources<{ id: string }>(r.body, 'Schedule').map((s) => s.id));
    expect(scheduleIds).toEqual(new Set(slots.map((s) => s.schedule.reference!.split('/')[1])));
    expect(resources(r.body, 'Organization')).toHaveLength(1);
    expect(resources(r.body, 'Practitioner')).toHaveLength(0);
    expect(resources(r.body, 'Location')).toHaveLength(0);
  });

  it('adds Practitioner and Location with _include:recurse', async () => {
    const r = await freeSearch('2026-11-26', '2026-11-27', '&_include:recurse=Schedule:actor:Practitioner&_include:recurse=Schedule:actor:Location');
    expect(r.status).toBe(200);
    const schedules = resources<{ actor: { reference: string }[] }>(r.body, 'Schedule');
    const practitioners = new Set(resources<{ id: string }>(r.body, 'Practitioner').map((p) => `Practitioner/${p.id}`));
    const locations = new Set(resources<{ id: string }>(r.body, 'Location').map((p) => `Location/${p.id}`));
    for (const s of schedules) for (const a of s.actor) expect(practitioners.has(a.reference) || locations.has(a.reference)).toBe(true);
    expect(locations.size).toBe(2);
  });

  it('excludes embargoed slots until they are released', async () => {
    const before = await freeSearch('2026-11-25', '2026-11-25');
    const types = new Set(resources<Slot>(before.body, 'Slot').map(slotType));
    expect(types.has('routine-gp')).toBe(true);
    expect(types.has('urgent')).toBe(false); // on-the-day slots open at 08:00, it is 07:30
    const far = await freeSearch('2026-12-07', '2026-12-11');
    expect(resources<Slot>(far.body, 'Slot').some((s) => slotType(s) === 'telephone')).toBe(false); // released 48h ahead

    // The practice's own book shows them, free but embargoed.
    const own = await book('2026-11-25', '2026-11-25');
    const urgent = resources<Slot>(own.body, 'Slot').filter((s) => slotType(s) === 'urgent');
    expect(urgent.length).toBeGreaterThan(0);
    expect(urgent.every((s) => s.status !== 'busy')).toBe(true); // nobody could book them yet (a few are blocked)
    expect(flag(urgent.find((s) => s.status === 'free')!, 'embargoedUntil')).toEqual({ url: 'embargoedUntil', valueDateTime: '2026-11-25T08:00:00+00:00' });

    const original = sandbox.appointments.now();
    try {
      sandbox.appointments.setNow('2026-11-25T08:05:00Z');
      const after = await freeSearch('2026-11-25', '2026-11-25');
      expect(resources<Slot>(after.body, 'Slot').some((s) => slotType(s) === 'urgent')).toBe(true);
    } finally {
      sandbox.appointments.setNow(original);
    }
  });

  it('refuses a range over 14 days (422 INVALID_PARAMETER) and accepts exactly 14', async () => {
    expectOutcome(await freeSearch('2026-11-25', '2026-12-10'), 422, 'INVALID_PARAMETER');
    expect((await freeSearch('2026-11-25', '2026-12-09')).status).toBe(200);
    expectOutcome(await freeSearch('2026-12-01', '2026-11-30'), 422, 'INVALID_PARAMETER');
  });

  it('requires status=free and _include=Slot:schedule', async () => {
    expectOutcome(await get('/Slot?start=ge2026-11-26&end=le2026-11-27&_include=Slot:schedule'), 400, 'BAD_REQUEST');
    expectOutcome(await get('/Slot?status=busy&start=ge2026-11-26&end=le2026-11-27&_include=Slot:schedule'), 422, 'INVALID_PARAMETER');
    expectOutcome(await get('/Slot?status=free&start=ge2026-11-26&end=le2026-11-27'), 400, 'BAD_REQUEST');
    expectOutcome(await get('/Slot?status=free&start=2026-11-26&end=le2026-11-27&_include=Slot:schedule'), 422, 'INVALID_PARAMETER');
    expectOutcome(await get('/Slot?status=free&start=ge2026-11-26&end=le2026-11-27&_include=Slot:schedule&searchFilter=nonsense'), 422, 'INVALID_PARAMETER');
    const filtered = await get(
      '/Slot?status=free&start=ge2026-11-26&end=le2026-11-27&_include=Slot:schedule' +
        `&searchFilter=${encodeURIComponent('https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|gp-practice')}` +
        `&searchFilter=${encodeURIComponent('https://fhir.nhs.uk/Id/ods-organization-code|Y90001')}`,
    );
    expect(filtered.status).toBe(200);
  });
});

describe("the practice's own book (_all-states sandbox extension)", () => {
  it('returns every slot state, with the booked appointment referenced and revincluded', async () => {
    const r = await get('/Slot?start=ge2026-11-30&end=le2026-11-30&_include=Slot:schedule&_all-states=true&_revinclude=Appointment:slot');
    expect(r.status).toBe(200);
    const slots = resources<Slot>(r.body, 'Slot');
    expect(new Set(slots.map((s) => s.status))).toEqual(new Set(['free', 'busy', 'busy-unavailable']));
    const appointments = new Map(resources<Appointment>(r.body, 'Appointment').map((a) => [a.id, a]));
    for (const s of slots.filter((x) => x.status === 'busy')) {
      const ref = s.extension.find((e) => e.url === SANDBOX_EXTENSION.slotAppointment)?.valueReference?.reference;
      expect(ref).toMatch(/^Appointment\/\d+$/);
      const a = appointments.get(ref!.split('/')[1]);
      expect(a?.slot).toEqual([{ reference: `Slot/${s.id}` }]);
      expect(a?.status).toBe('booked');
    }
    for (const s of slots.filter((x) => x.status !== 'busy')) {
      expect(s.extension.some((e) => e.url === SANDBOX_EXTENSION.slotAppointment)).toBe(false);
    }
    expectOutcome(await book('2026-11-25', '2026-12-24'), 422, 'INVALID_PARAMETER'); // > 28 days
  });
});

describe('booking', () => {
  it('books a free slot: 201, Location, ETag W/"1", and the slot becomes busy', async () => {
    const { slot, schedule } = take();
    const r = await postAppointment(bookingFor(slot, schedule, patients[0]!, { comment: 'Wheelchair user' }));
    expect(r.status).toBe(201);
    expect(r.headers.get('etag')).toBe('W/"1"');
    expect(r.body.id).toMatch(/^\d+$/);
    expect(r.headers.get('location')).toBe(`${sandbox.appointments.baseUrl}/Appointment/${r.body.id}`);
    expect(r.body.meta?.versionId).toBe('1');
    expect(r.body).toMatchObject({ status: 'booked', start: slot.start, end: slot.end, slot: [{ reference: `Slot/${slot.id}` }], comment: 'Wheelchair user' });
    expect(r.body.participant.find((p) => p.actor.reference?.startsWith('Patient/'))?.actor.reference).toBe(`Patient/${patients[0]}`);

    const after = await get<Slot>(`/Slot/${slot.id}`);
    expect(after.body.status).toBe('busy');
    const read = await get<Appointment>(`/Appointment/${r.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect(read.body).toEqual(r.body);
    // Not offered any more.
    const search = await freeSearch('2026-12-02', '2026-12-02');
    expect(resources<Slot>(search.body, 'Slot').some((s) => s.id === slot.id)).toBe(false);
  });

  it('lets exactly one of two parallel bookings of one slot win; the other gets 409 DUPLICATE_REJECTED', async () => {
    const { slot, schedule } = take();
    const before = sandbox.appointments.stats().appointments.booked;
    const replies = await Promise.all([postAppointment(bookingFor(slot, schedule, patients[1]!)), postAppointment(bookingFor(slot, schedule, patients[2]!))]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    expectOutcome(replies.find((r) => r.status === 409)!, 409, 'DUPLICATE_REJECTED');
    expect(sandbox.appointments.stats().appointments.booked).toBe(before + 1);
  });

  it('rejects a slot another desk booked first with 409', async () => {
    const { slot, schedule } = take();
    const other = await control<Appointment>('POST', '/book-as-other-desk', { slotId: slot.id });
    expect(other.status).toBe(201);
    expectOutcome(await postAppointment(bookingFor(slot, schedule, patients[3]!)), 409, 'DUPLICATE_REJECTED');
    expectOutcome(await control('POST', '/book-as-other-desk', { slotId: slot.id }), 409, 'DUPLICATE_REJECTED');
  });

  it('replays a repeated X-Request-ID without booking twice', async () => {
    const { slot, schedule } = take();
    const requestId = randomUUID();
    const body = bookingFor(slot, schedule, patients[4]!);
    const before = sandbox.appointments.stats().appointments.total;
    const first = await postAppointment(body, { 'X-Request-ID': requestId });
    const second = await postAppointment(body, { 'X-Request-ID': requestId });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toBe('W/"1"');
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('x-request-id')).toBe(requestId);
    expect(sandbox.appointments.stats().appointments.total).toBe(before + 1);
    expect(sandbox.requestsSeen(requestId)).toBe(2);
    // A new request id is a new attempt: the slot is taken.
    expectOutcome(await postAppointment(body, { 'X-Request-ID': randomUUID() }), 409, 'DUPLICATE_REJECTED');
  });

  it('validates the Appointment (422 INVALID_RESOURCE) and refuses past slots', async () => {
    const { slot, schedule } = take();
    const ok = bookingFor(slot, schedule, patients[5]!);
    expectOutcome(await postAppointment({ ...ok, description: 'x'.repeat(101) }), 422, 'INVALID_RESOURCE');
    expectOutcome(await postAppointment({ ...ok, comment: 'x'.repeat(501) }), 422, 'INVALID_RESOURCE');
    expectOutcome(await postAppointment({ ...ok, extension: [] }), 422, 'INVALID_RESOURCE'); // no booking organisation
    expectOutcome(await postAppointment({ ...ok, reason: [{ text: 'x' }] }), 422, 'INVALID_RESOURCE');
    expectOutcome(await postAppointment({ ...ok, end: '2026-12-02T23:00:00+00:00' }), 422, 'INVALID_RESOURCE');
    expectOutcome(await postAppointment({ ...ok, slot: [{ reference: 'Slot/999999999' }] }), 422, 'REFERENCE_NOT_FOUND');
    expectOutcome(await postAppointment('{not json'), 400, 'BAD_REQUEST');
    const wrongSite = ok.participant.map((p) => (p.actor.reference?.startsWith('Location/') ? { ...p, actor: { reference: p.actor.reference === 'Location/1' ? 'Location/2' : 'Location/1' } } : p));
    expectOutcome(await postAppointment({ ...ok, participant: wrongSite }), 422, 'INVALID_RESOURCE');
    // The slot is still free after all that.
    expect((await get<Slot>(`/Slot/${slot.id}`)).body.status).toBe('free');

    const original = sandbox.appointments.now();
    try {
      sandbox.appointments.setNow('2026-12-02T23:00:00Z');
      expectOutcome(await postAppointment(ok), 422, 'INVALID_RESOURCE');
    } finally {
      sandbox.appointments.setNow(original);
    }
    expect((await postAppointment(ok)).status).toBe(201);
  });
});

describe('amend and cancel', () => {
  async function booked(): Promise<{ appointment: Appointment; slot: Slot }> {
    const { slot, schedule } = take();
    const r = await postAppointment(bookingFor(slot, schedule, patients[6]!));
    expect(r.status).toBe(201);
    return { appointment: r.body, slot };
  }
  const put = (a: Appointment, headers: Record<string, string>) => call<Appointment>('PUT', `/Appointment/${a.id}`, { body: a, headers });

  it('amends description/comment with If-Match; stale -> 409, missing -> 412', async () => {
    const { appointment } = await booked();
    const amended = { ...appointment, description: 'Follow-up appointment', comment: 'Interpreter booked' };
    expectOutcome(await put(amended, {}), 412, 'PRECONDITION_FAILED');
    const ok = await put(amended, { 'If-Match': 'W/"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('W/"2"');
    expect(ok.body).toMatchObject({ description: 'Follow-up appointment', comment: 'Interpreter booked', meta: { versionId: '2' } });
    expectOutcome(await put({ ...amended, description: 'Review appointment' }, { 'If-Match': 'W/"1"' }), 409, 'CONFLICT');
    expect((await get<Appointment>(`/Appointment/${appointment.id}`)).body.description).toBe('Follow-up appointment');
    // Anything beyond description/comment is refused.
    expectOutcome(await put({ ...ok.body, start: '2026-12-02T17:00:00+00:00' }, { 'If-Match': 'W/"2"' }), 422, 'INVALID_RESOURCE');
    expectOutcome(await put({ ...ok.body, participant: ok.body.participant.slice(1) }, { 'If-Match': 'W/"2"' }), 422, 'INVALID_RESOURCE');
    expectOutcome(await call('PUT', '/Appointment/99999999', { body: ok.body, headers: { 'If-Match': 'W/"1"' } }), 404, 'NO_RECORD_FOUND');
    expectOutcome(await get('/Appointment/99999999'), 404, 'NO_RECORD_FOUND');
    // Key order does not matter.
    const reordered = Object.fromEntries(Object.entries({ ...ok.body, comment: 'Carer will attend' }).reverse()) as unknown as Appointment;
    expect((await put(reordered, { 'If-Match': 'W/"2"' })).status).toBe(200);
  });

  it('cancels (status + cancellation reason), which frees the slot for booking again', async () => {
    const { appointment, slot } = await booked();
    const noReason = { ...appointment, status: 'cancelled' as const };
    expectOutcome(await put(noReason, { 'If-Match': 'W/"1"' }), 422, 'INVALID_RESOURCE');
    const cancel = { ...noReason, extension: [...(appointment.extension ?? []), { url: GPC_EXTENSION.cancellationReason, valueString: 'Patient request' }] };
    const r = await put(cancel, { 'If-Match': 'W/"1"' });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('cancelled');
    expect(r.body.extension?.find((e) => e.url === GPC_EXTENSION.cancellationReason)?.valueString).toBe('Patient request');
    expect((await get<Slot>(`/Slot/${slot.id}`)).body.status).toBe('free');
    const search = await freeSearch('2026-12-02', '2026-12-02');
    expect(resources<Slot>(search.body, 'Slot').some((s) => s.id === slot.id)).toBe(true);
    // Cancelled appointments cannot be changed again.
    expectOutcome(await put({ ...r.body, description: 'x' }, { 'If-Match': 'W/"2"' }), 422, 'INVALID_RESOURCE');
    // Someone else can now book it.
    expect((await control('POST', '/book-as-other-desk', { slotId: slot.id })).status).toBe(201);
  });

  it('refuses to change past appointments (422)', async () => {
    const { appointment } = await booked();
    const original = sandbox.appointments.now();
    try {
      sandbox.appointments.setNow('2026-12-03T08:00:00Z');
      expectOutcome(await put({ ...appointment, description: 'Too late' }, { 'If-Match': 'W/"1"' }), 422, 'INVALID_RESOURCE');
    } finally {
      sandbox.appointments.setNow(original);
    }
  });
});

describe("a patient's appointments", () => {
  it('lists the patient\'s appointments in range; past ranges and bad numbers are refused', async () => {
    const nhs = patients[7]!;
    const { slot, schedule } = take();
    const made = await postAppointment(bookingFor(slot, schedule, nhs));
    expect(made.status).toBe(201);
    const r = await get(`/Patient/${nhs}/Appointment?start=ge2026-11-25&start=le2026-12-09`);
    expect(r.status).toBe(200);
    const list = resources<Appointment>(r.body, 'Appointment');
    expect(list.map((a) => a.id)).toContain(made.body.id);
    for (const a of list) expect(a.participant.some((p) => p.actor.reference === `Patient/${nhs}`)).toBe(true);
    const starts = list.map((a) => Date.parse(a.start));
    expect([...starts].sort((x, y) => x - y)).toEqual(starts);

    const narrow = await get(`/Patient/${nhs}/Appointment?start=ge2026-12-03&start=le2026-12-09`);
    expect(resources<Appointment>(narrow.body, 'Appointment').map((a) => a.id)).not.toContain(made.body.id);
    expectOutcome(await get(`/Patient/${nhs}/Appointment?start=ge2026-11-20&start=le2026-12-01`), 422, 'INVALID_PARAMETER');
    expectOutcome(await get(`/Patient/${nhs}/Appointment?start=ge2026-11-26`), 422, 'INVALID_PARAMETER');
    expectOutcome(await get(`/Patient/1234567890/Appointment?start=ge2026-11-26&start=le2026-11-27`), 400, 'INVALID_NHS_NUMBER');
  });
});

describe('changes feed', () => {
  it('returns appointments booked or cancelled (by any desk) after the cursor', async () => {
    const first = await get('/Appointment?_lastUpdated=gt2026-11-25T07:00:00.000Z');
    expect(first.status).toBe(200);
    const cursor = first.body.meta.lastUpdated;
    const empty = await get(`/Appointment?_lastUpdated=gt${cursor}`);
    expect(empty.body.entry).toHaveLength(0);

    const { slot } = take();
    const other = await control<Appointment>('POST', '/book-as-other-desk', { slotId: slot.id });
    expect(other.status).toBe(201);
    const seen = await get(`/Appointment?_lastUpdated=gt${cursor}`);
    expect(resources<Appointment>(seen.body, 'Appointment').map((a) => a.id)).toEqual([other.body.id]);

    const cursor2 = seen.body.meta.lastUpdated;
    sandbox.appointments.cancelAsOtherDesk(other.body.id!);
    const cancelled = await get(`/Appointment?_lastUpdated=gt${encodeURIComponent(cursor2)}`);
    const changed = resources<Appointment>(cancelled.body, 'Appointment');
    expect(changed.map((a) => [a.id, a.status])).toEqual([[other.body.id, 'cancelled']]);
    expect((await get<Slot>(`/Slot/${slot.id}`)).body.status).toBe('free');
    expectOutcome(await get('/Appointment'), 400, 'BAD_REQUEST');
    expectOutcome(await get('/Appointment?_lastUpdated=yesterday'), 422, 'INVALID_PARAMETER');
  });
});

describe('faults apply to the appointments API', () => {
  it('answers injected 503s with a GP Connect OperationOutcome and Retry-After, and can send malformed bodies', async () => {
    sandbox.faults.set({ status: 503, retryAfterSeconds: 7 });
    try {
      const r = await get('/Appointment/1');
      expectOutcome(r, 503, 'SERVICE_UNAVAILABLE');
      expect(r.headers.get('retry-after')).toBe('7');
      // Controls are never faulted.
      expect((await control('GET', '/stats')).status).toBe(200);
    } finally {
      sandbox.faults.reset();
    }
    sandbox.faults.set({ malformed: true });
    try {
      const res = await fetch(`${sandbox.appointments.baseUrl}/Appointment/1`);
      await expect(res.json()).rejects.toThrow();
    } finally {
      sandbox.faults.reset();
    }
  });
});

describe('clock changes', () => {
  it('gives London times with the right offset either side of the spring change', async () => {
    const spring = await startSandbox({ port: 0, population: 1000, today: '2026-03-27' });
    try {
      const res = await fetch(`${spring.appointments.baseUrl}/Slot?start=ge2026-03-27&end=le2026-03-30&_include=Slot:schedule&_all-states=true`);
      const body = (await res.json()) as AppointmentsBundle;
      const slots = resources<Slot>(body, 'Slot');
      const monday9 = slots.filter((s) => s.start === '2026-03-30T09:00:00+01:00');
      expect(monday9.length).toBeGreaterThan(0);
      expect(Date.parse(monday9[0]!.start)).toBe(Date.UTC(2026, 2, 30, 8, 0));
      expect(slots.some((s) => s.start === '2026-03-27T09:00:00+00:00')).toBe(true);
      expect(slots.some((s) => s.start.startsWith('2026-03-28') || s.start.startsWith('2026-03-29'))).toBe(false); // weekend
      expect(slots.filter((s) => s.start.startsWith('2026-03-30')).every((s) => s.start.endsWith('+01:00'))).toBe(true);
      const first = slots.filter((s) => s.start.startsWith('2026-03-30')).map((s) => s.start.slice(11, 16)).sort()[0];
      expect(first).toBe('08:30');
    } finally {
      await spring.close();
    }
  });
});

// ---------- shape versus the official GP Connect examples ----------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every key path of the example that our resource lacks, or where the JSON kind differs.
 * Arrays are compared through their first element.
 */
function shapeDifferences(example: Json, ours: unknown, path = ''): string[] {
  if (Array.isArray(example)) {
    if (!Array.isArray(ours)) return [`${path}: array expected`];
    return example.length > 0 && ours.length > 0 ? shapeDifferences(example[0]!, ours[0], `${path}[]`) : [];
  }
  if (isObject(example)) {
    if (!isObject(ours)) return [`${path}: ${Array.isArray(ours) ? 'array' : typeof ours} instead of object`];
    return Object.keys(example).flatMap((k) => (k in ours ? shapeDifferences(example[k]!, ours[k], `${path}.${k}`) : [`${path}.${k}: missing`]));
  }
  return typeof example === typeof ours ? [] : [`${path}: ${typeof ours} instead of ${typeof example}`];
}

// Where GP Connect 1.2 (STU3) and our R4 shapes differ on purpose.
const R4_DIFFERENCES = new Set(['.serviceCategory: array instead of object', '.telecom: array instead of object']);

describe.skipIf(!existsSync(EXAMPLES))('shapes match the official GP Connect examples', () => {
  const example = (name: string): Json => JSON.parse(readFileSync(`${EXAMPLES}/${name}`, 'utf8')) as Json;

  it('book response: same keys, resource type and extensions (R4 arrays aside)', async () => {
    const ex = example('book_appt_response_example.json') as Record<string, Json>;
    const { slot, schedule } = take();
    const ours = (await postAppointment(bookingFor(slot, schedule, patients[8]!, { comment: 'Free text comment.' }))).body;
    expect(ours.resourceType).toBe(ex.resourceType);
    expect(shapeDifferences(ex, ours).filter((d) => !R4_DIFFERENCES.has(d))).toEqual([]);
    expect(Array.isArray(ours.serviceCategory)).toBe(true); // R4: 0..* (STU3 example: single object)
    const urls = (v: Json | undefined) => new Set((v as { url: string }[]).map((e) => e.url));
    expect(urls(ours.extension as unknown as Json)).toEqual(urls(ex.extension));
    // GP Connect required fields of a booked appointment.
    for (const k of ['id', 'meta', 'status', 'start', 'end', 'slot', 'created', 'description', 'participant', 'contained', 'extension']) expect(ours).toHaveProperty(k);
    expect(ours.participant.every((p) => p.status === 'accepted' && p.actor)).toBe(true);
  });

  it('free slot search: same resource types in the Bundle, each with the example\'s keys', async () => {
    const ex = example('search_for_free_slots_response_example.json') as { resourceType: string; type: string; entry: { resource: Record<string, Json> }[] };
    const ours = (await freeSearch('2026-11-26', '2026-11-27', '&_include:recurse=Schedule:actor:Practitioner&_include:recurse=Schedule:actor:Location')).body;
    expect(ours.resourceType).toBe(ex.resourceType);
    expect(ours.type).toBe(ex.type);
    const exTypes = new Set(ex.entry.map((e) => e.resource.resourceType as string));
    const ourTypes = new Set(ours.entry.map((e) => e.resource.resourceType));
    expect(ourTypes).toEqual(exTypes);
    const differences: string[] = [];
    for (const type of exTypes) {
      const exResource = ex.entry.find((e) => e.resource.resourceType === type)!.resource;
      const ourResource = ours.entry.find((e) => e.resource.resourceType === type)!.resource;
      differences.push(...shapeDifferences(exResource, ourResource).filter((d) => !R4_DIFFERENCES.has(d)).map((d) => `${type}${d}`));
    }
    expect(differences).toEqual([]);
    // R4 searchset entries also carry fullUrl and search.mode; the STU3 example only has resource.
    expect(ours.entry.every((e) => e.fullUrl && e.search.mode)).toBe(true);
  });
});
