/**
 * The sandbox's fault switches (issue 5: down, hang, slow, 500, 503/429 + Retry-After, reset
 * mid-response, malformed JSON, "another desk booked this slot") as a plain fetch sees them, over real
 * loopback HTTP; the control port that stays up while the service is down; the upstream bookings list
 * used for exactly-once checks; and the CLI run as its own process.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GPC_EXTENSION,
  NO_FAULTS,
  startSandbox,
  type Appointment,
  type AppointmentsBundle,
  type AppointmentsStats,
  type Faults,
  type FhirPatient,
  type GpcOperationOutcome,
  type Sandbox,
  type SandboxBooking,
  type Slot,
} from '../../electron/sandbox';

const TODAY = '2026-11-25'; // a Wednesday; the sandbox clock starts at 07:30 London
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let sandbox: Sandbox;
let control: string; // the control-only origin
let patients: string[];

interface Bookable {
  slot: Slot;
  schedule: { id: string; actor: { reference?: string }[] };
}
let pool: Bookable[] = [];
function take(): Bookable {
  const next = pool.shift();
  if (!next) throw new Error('slot pool exhausted');
  return next;
}

const patientUrl = (): string => `${sandbox.baseUrl}/Patient/9000000009`;
const pdsGet = (init: RequestInit = {}): Promise<Response> =>
  fetch(patientUrl(), { ...init, headers: { 'X-Request-ID': randomUUID(), ...(init.headers as Record<string, string> | undefined) } });

/** What fetch rejected with, or a failure if it did not reject. */
async function fetchError(promise: Promise<Response>): Promise<Error & { cause?: { code?: string } }> {
  try {
    const res = await promise;
    throw new Error(`expected fetch to fail, got HTTP ${res.status}`);
  } catch (e) {
    if (!(e instanceof Error) || e.message.startsWith('expected fetch to fail')) throw e;
    return e as Error & { cause?: { code?: string } };
  }
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const putFaults = (origin: string, body: unknown): Promise<Response> =>
  fetch(`${origin}/_sandbox/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A booking of a free slot as a desk of the practice sends it. */
function bookingFor({ slot, schedule }: Bookable, nhsNumber: string): Appointment {
  const actor = (prefix: string): string => schedule.actor.find((a) => a.reference?.startsWith(prefix))!.reference!;
  return {
    resourceType: 'Appointment',
    contained: [
      {
        resourceType: 'Organization',
        id: '1',
        meta: {},
        identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Y90001' }],
        name: 'Riverside Medical Practice',
      },
    ],
    extension: [{ url: GPC_EXTENSION.bookingOrganisation, valueReference: { reference: '#1' } }],
    status: 'booked',
    description: 'Booked at reception',
    start: slot.start,
    end: slot.end,
    slot: [{ reference: `Slot/${slot.id}` }],
    participant: [
      { actor: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } }, status: 'accepted' },
      { actor: { reference: actor('Location/') }, status: 'accepted' },
      { actor: { reference: actor('Practitioner/') }, status: 'accepted' },
    ],
  };
}

const postBooking = (body: Appointment, requestId = randomUUID()): Promise<Response> =>
  fetch(`${sandbox.appointments.baseUrl}/Appointment`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', 'X-Request-ID': requestId },
    body: JSON.stringify(body),
  });

const upstreamBookings = async (nhsNumber: string): Promise<SandboxBooking[]> =>
  (await (await fetch(`${control}/_sandbox/appointments/bookings?nhsNumber=${nhsNumber}`)).json()) as SandboxBooking[];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, controlPort: 0, population: 1000, today: TODAY });
  control = sandbox.controlOrigin!;
  patients = sandbox.population.demoPracticePatients().map((p) => p.id);
  const res = await fetch(`${sandbox.appointments.baseUrl}/Slot?status=free&start=ge2026-12-02&end=le2026-12-02&_include=Slot:schedule`);
  const bundle = (await res.json()) as AppointmentsBundle;
  const schedules = new Map(bundle.entry.filter((e) => e.resource.resourceType === 'Schedule').map((e) => [e.resource.id!, e.resource as unknown as Bookable['schedule']]));
  pool = bundle.entry
    .filter((e) => e.resource.resourceType === 'Slot')
    .map((e) => e.resource as Slot)
    .map((slot) => ({ slot, schedule: schedules.get(slot.schedule.reference!.split('/')[1]!)! }));
});

afterEach(async () => {
  await sandbox.faults.reset();
});

afterAll(async () => {
  await sandbox?.close();
});

describe('down: connection refused', () => {
  it('refuses connections on the main port while the control port answers, and serves again on the same port when turned off', async () => {
    expect(control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(control).not.toBe(sandbox.origin);
    expect((await pdsGet()).status).toBe(200); // leaves a keep-alive connection in fetch's pool

    await sandbox.faults.set({ down: true });
    const refused = await fetchError(pdsGet());
    expect(refused.cause?.code).toBe('ECONNREFUSED');
    expect((await fetchError(fetch(`${sandbox.origin}/_sandbox/faults`))).cause?.code).toBe('ECONNREFUSED'); // the whole port is gone

    // The control listener never goes down, and serves only /_sandbox/*.
    expect(await (await fetch(`${control}/_sandbox/faults`)).json()).toMatchObject({ down: true });
    expect((await fetch(`${control}/_sandbox/appointments/stats`)).status).toBe(200);
    expect((await fetch(`${control}/personal-demographics/FHIR/R4/Patient/9000000009`)).status).toBe(404);

    const up = await putFaults(control, { down: false });
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ down: false });
    expect((await pdsGet()).status).toBe(200); // same origin, same port
  });

  it('when switched down through the main port, answers that PUT first, then refuses', async () => {
    const put = await putFaults(sandbox.origin, { down: true });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ down: true });
    await until(async () => (await fetchError(pdsGet()).catch(() => null))?.cause?.code === 'ECONNREFUSED');

    const reset = await fetch(`${control}/_sandbox/faults/reset`, { method: 'POST' });
    expect(await reset.json()).toEqual({ ...NO_FAULTS });
    expect((await pdsGet()).status).toBe(200);
  });

  it('closes cleanly while down, and stays closed', async () => {
    const own = await startSandbox({ port: 0, controlPort: 0, population: 1000, today: TODAY });
    await own.faults.set({ down: true });
    await own.close();
    await own.faults.set({ down: false }); // no effect once closed
    expect((await fetchError(fetch(`${own.origin}/_sandbox/faults`))).cause?.code).toBe('ECONNREFUSED');
    expect((await fetchError(fetch(`${own.controlOrigin!}/_sandbox/faults`))).cause?.code).toBe('ECONNREFUSED');
  });

  it('drops open connections, and survives being switched down and up repeatedly', async () => {
    for (let i = 0; i < 5; i++) {
      await sandbox.faults.set({ down: true });
      await sandbox.faults.set({ down: true }); // idempotent
      expect((await fetchError(pdsGet())).cause?.code).toBe('ECONNREFUSED');
      await sandbox.faults.set({ down: false });
      expect((await pdsGet()).status).toBe(200);
    }
  });
});

describe('hang: accepted, never answered', () => {
  it('is cut by the client timeout; the request was seen', async () => {
    await sandbox.faults.set({ hang: true });
    const requestId = randomUUID();
    const started = performance.now();
    const e = await fetchError(pdsGet({ headers: { 'X-Request-ID': requestId }, signal: AbortSignal.timeout(300) }));
    expect(e.name).toBe('TimeoutError');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(sandbox.requestsSeen(requestId)).toBe(1);
  });

  it('turning it off drops hung requests and serves new ones on the same port; controls are never hung', async () => {
    await sandbox.faults.set({ hang: true });
    expect((await fetch(`${sandbox.origin}/_sandbox/faults`)).status).toBe(200); // control paths on the main port too
    const requestId = randomUUID();
    const pending = fetchError(pdsGet({ headers: { 'X-Request-ID': requestId } }));
    await until(() => sandbox.requestsSeen(requestId) === 1);
    const started = performance.now();
    await sandbox.faults.set({ hang: false });
    expect((await pending).name).toBe('TypeError'); // fetch failed: the socket was closed without an answer
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await pdsGet()).status).toBe(200);
  });

  it('close() does not wait for a hung request', async () => {
    const own = await startSandbox({ port: 0, population: 1000, today: TODAY });
    await own.faults.set({ hang: true });
    const requestId = randomUUID();
    const pending = fetchError(fetch(`${own.baseUrl}/Patient/9000000009`, { headers: { 'X-Request-ID': requestId } }));
    await until(() => own.requestsSeen(requestId) === 1);
    const closed = own.close().then(() => 'closed' as const);
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3_000));
    expect(await Promise.race([closed, timeout])).toBe('closed');
    expect((await pending).name).toBe('TypeError');
  });
});

describe('resetMidResponse', () => {
  it('sends status and headers, then cuts the body: reading it rejects', async () => {
    await sandbox.faults.set({ resetMidResponse: true });
    const res = await pdsGet();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fhir+json');
    await expect(res.text()).rejects.toThrow();
  });

  it('applies the write before cutting the answer; a retry with the same X-Request-ID replays it, so it lands exactly once', async () => {
    const bookable = take();
    const nhs = patients[10]!;
    const requestId = randomUUID();
    await sandbox.faults.set({ resetMidResponse: true });
    const cut = await postBooking(bookingFor(bookable, nhs), requestId);
    expect(cut.status).toBe(201);
    await expect(cut.json()).rejects.toThrow();

    await sandbox.faults.set({ resetMidResponse: false });
    const retry = await postBooking(bookingFor(bookable, nhs), requestId);
    expect(retry.status).toBe(201);
    const booked = (await retry.json()) as Appointment;
    const upstream = (await upstreamBookings(nhs)).filter((b) => b.requestId === requestId);
    expect(upstream).toEqual([{ id: booked.id, slotId: bookable.slot.id, start: bookable.slot.start, status: 'booked', requestId }]);
    expect(sandbox.requestsSeen(requestId)).toBe(2);
  });
});

describe('malformed, status and latency', () => {
  it('malformed: the body is not JSON', async () => {
    await sandbox.faults.set({ malformed: true });
    const res = await pdsGet();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('429 and 503 carry Retry-After, 500 does not; appointments too', async () => {
    await sandbox.faults.set({ status: 429, retryAfterSeconds: 12 });
    const r429 = await pdsGet();
    expect(r429.status).toBe(429);
    expect(r429.headers.get('retry-after')).toBe('12');

    await sandbox.faults.set({ status: 503, retryAfterSeconds: 3 });
    const r503 = await pdsGet();
    expect(r503.status).toBe(503);
    expect(r503.headers.get('retry-after')).toBe('3');
    const a503 = await fetch(`${sandbox.appointments.baseUrl}/Appointment/1`);
    expect(a503.status).toBe(503);
    expect(a503.headers.get('retry-after')).toBe('3');
    expect(((await a503.json()) as GpcOperationOutcome).issue[0]?.details.coding[0]?.code).toBe('SERVICE_UNAVAILABLE');

    await sandbox.faults.set({ status: 500 });
    const r500 = await pdsGet();
    expect(r500.status).toBe(500);
    expect(r500.headers.get('retry-after')).toBeNull();
    // Controls are never faulted.
    expect((await fetch(`${sandbox.origin}/_sandbox/appointments/clock`)).status).toBe(200);
  });

  it('latency: answers take at least the set time', async () => {
    await sandbox.faults.set({ latencyMs: 250 });
    const started = performance.now();
    expect((await pdsGet()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe('takeNextBookedSlot: another desk booked this slot', () => {
  it('makes the next booking fail with 409 DUPLICATE_REJECTED, then turns itself off', async () => {
    const first = take();
    const nhs = patients[11]!;
    await sandbox.faults.set({ takeNextBookedSlot: true });
    expect((await fetch(`${sandbox.appointments.baseUrl}/Appointment/1`)).status).toBe(200); // reads are untouched

    const lost = await postBooking(bookingFor(first, nhs));
    expect(lost.status).toBe(409);
    expect(((await lost.json()) as GpcOperationOutcome).issue[0]?.details.coding[0]?.code).toBe('DUPLICATE_REJECTED');
    expect(sandbox.faults.current().takeNextBookedSlot).toBe(false);
    const slot = (await (await fetch(`${sandbox.appointments.baseUrl}/Slot/${first.slot.id}`)).json()) as Slot;
    expect(slot.status).toBe('busy'); // taken by the other desk
    expect((await upstreamBookings(nhs)).some((b) => b.slotId === first.slot.id)).toBe(false);

    const second = take();
    expect((await postBooking(bookingFor(second, nhs))).status).toBe(201); // normal again
  });

  it('can be set over HTTP; a replayed booking does not use it up', async () => {
    const bookable = take();
    const nhs = patients[12]!;
    const requestId = randomUUID();
    expect((await postBooking(bookingFor(bookable, nhs), requestId)).status).toBe(201);

    expect((await putFaults(control, { takeNextBookedSlot: true })).status).toBe(200);
    expect((await postBooking(bookingFor(bookable, nhs), requestId)).status).toBe(201); // stored reply replayed
    expect(sandbox.faults.current().takeNextBookedSlot).toBe(true);
    expect((await postBooking(bookingFor(take(), nhs))).status).toBe(409);
    expect(sandbox.faults.current().takeNextBookedSlot).toBe(false);
  });
});

describe('fault input', () => {
  it('rejects invalid switches over HTTP with 400 and a readable message, leaving the switches unchanged', async () => {
    await sandbox.faults.set({ latencyMs: 5 });
    const cases: [string, RegExp][] = [
      ['{"down":"yes"}', /down: .*expected boolean/],
      ['{"hang":1}', /hang: .*expected boolean/],
      ['{"status":404}', /status: must be 429, 500 or 503/],
      ['{"latencyMs":-1}', /latencyMs: Too small/],
      ['{"retryAfterSeconds":1.5}', /retryAfterSeconds: .*int/],
      ['{"resetMidResponse":null}', /resetMidResponse: .*expected boolean/],
      ['{"takeNextBookedSlot":"on"}', /takeNextBookedSlot: .*expected boolean/],
      ['{"slow":true}', /Unrecognized key: "slow"/],
      ['[]', /expected object/],
      ['not json', /must be a JSON object/],
    ];
    for (const origin of [control, sandbox.origin]) {
      for (const [body, message] of cases) {
        const res = await putFaults(origin, body);
        expect(res.status, body).toBe(400);
        const reply = (await res.json()) as { error: string };
        expect(reply.error, body).toMatch(/^Invalid faults: /);
        expect(reply.error, body).toMatch(message);
      }
    }
    expect(sandbox.faults.current()).toEqual({ ...NO_FAULTS, latencyMs: 5 });
  });

  it('rejects invalid switches in code too, synchronously', () => {
    expect(() => sandbox.faults.set({ down: 'yes' as unknown as boolean })).toThrow(/Invalid faults: down/);
    expect(() => sandbox.faults.set({ status: 418 as unknown as 429 })).toThrow(/status: must be 429, 500 or 503/);
    expect(sandbox.faults.current()).toEqual({ ...NO_FAULTS });
  });

  it('lists every switch, all off by default', async () => {
    const current = (await (await fetch(`${control}/_sandbox/faults`)).json()) as Faults;
    expect(current).toEqual({
      outage: false,
      down: false,
      hang: false,
      latencyMs: 0,
      status: null,
      retryAfterSeconds: 5,
      malformed: false,
      resetMidResponse: false,
      takeNextBookedSlot: false,
    });
  });
});

describe('control API for exactly-once checks and demo seeding', () => {
  it('lists a patient’s booked appointments with the X-Request-ID that created each; cancelled ones drop out', async () => {
    const nhs = patients[13]!;
    const before = await upstreamBookings(nhs);
    const bookable = take();
    const requestId = randomUUID();
    const res = await postBooking(bookingFor(bookable, nhs), requestId);
    const booked = (await res.json()) as Appointment;
    const after = await upstreamBookings(nhs);
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((b) => b.requestId === requestId)).toEqual([{ id: booked.id, slotId: bookable.slot.id, start: bookable.slot.start, status: 'booked', requestId }]);
    expect(sandbox.appointments.bookings(nhs)).toEqual(after);

    sandbox.appointments.cancelAsOtherDesk(booked.id!);
    expect((await upstreamBookings(nhs)).some((b) => b.id === booked.id)).toBe(false);

    const bad = await fetch(`${control}/_sandbox/appointments/bookings?nhsNumber=12`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/nhsNumber/);
    expect((await fetch(`${control}/_sandbox/appointments/bookings?nhsNumber=9111231130`)).status).toBe(200);
  });

  it('serves the demo practice’s patients and the sandbox clock', async () => {
    const res = await fetch(`${control}/_sandbox/demo-practice-patients`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as FhirPatient[];
    expect(list).toEqual(sandbox.population.demoPracticePatients());
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((p) => p.resourceType === 'Patient')).toBe(true);
    expect((await fetch(`${control}/_sandbox/demo-practice-patients`, { method: 'POST' })).status).toBe(405);
    const clock = (await (await fetch(`${control}/_sandbox/appointments/clock`)).json()) as { now: string };
    expect(clock.now.startsWith('2026-11-25T07:3')).toBe(true);
  });
});

describe('CLI: the sandbox as its own process', () => {
  it('takes --port 0 --control-port 0 --today --clinicians and prints the bound origins, one line each', async () => {
    const child = spawn('npx', ['tsx', 'electron/sandbox/cli.ts', '--port', '0', '--control-port', '0', '--today', '2026-11-25', '--clinicians', '3', '--population', '1000'], {
      cwd: ROOT,
      detached: true, // its own process group, so npx, tsx and node all stop together
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const lines: string[] = [];
      const reader = createInterface({ input: child.stdout });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI printed ${JSON.stringify(lines)} in time; stderr: ${stderr}`)), 25_000);
        reader.on('line', (line) => {
          lines.push(line);
          if (lines.length === 2) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`CLI exited early (${code}): ${stderr}`)));
      });
      const pds = /^PDS sandbox listening at (http:\/\/127\.0\.0\.1:(\d+))\/personal-demographics\/FHIR\/R4$/.exec(lines[0]!);
      const ctl = /^Sandbox control API at (http:\/\/127\.0\.0\.1:(\d+))$/.exec(lines[1]!);
      expect(pds, lines[0]).not.toBeNull();
      expect(ctl, lines[1]).not.toBeNull();
      expect(Number(pds![2])).toBeGreaterThan(0); // the real bound port, not 0
      expect(Number(ctl![2])).toBeGreaterThan(0);

      const origin = pds![1]!;
      const controlOrigin = ctl![1]!;
      const stats = (await (await fetch(`${controlOrigin}/_sandbox/appointments/stats`)).json()) as AppointmentsStats;
      expect(stats.clinicians).toBe(3);
      const clock = (await (await fetch(`${controlOrigin}/_sandbox/appointments/clock`)).json()) as { now: string };
      expect(clock.now.startsWith('2026-11-25T07:3')).toBe(true);
      expect((await fetch(`${origin}/personal-demographics/FHIR/R4/Patient/9000000009`, { headers: { 'X-Request-ID': randomUUID() } })).status).toBe(200);

      // Down and up again from outside the process, through the control port.
      expect((await putFaults(controlOrigin, { down: true })).status).toBe(200);
      expect((await fetchError(fetch(`${origin}/_sandbox/faults`))).cause?.code).toBe('ECONNREFUSED');
      expect((await putFaults(controlOrigin, { down: false })).status).toBe(200);
      expect((await fetch(`${origin}/_sandbox/faults`)).status).toBe(200);
    } finally {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
  }, 40_000);
});
