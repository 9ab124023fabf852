/**
 * The embedded PDS sandbox server: node:http only, loopback only, silent (it never logs, so no
 * patient detail can end up in a log). One process-local instance per startSandbox() call.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FhirPatient } from './fhir.types';
import { FaultControl, handleControl, malform, type Faults } from './faults';
import { delay, header, write, type RawResponse } from './http';
import { DIAGNOSTICS, pdsError } from './pds.errors';
import { responseHeaders } from './pds.headers';
import { BASE_PATH, PdsApi } from './pds.routes';
import { PatientStore } from './pds.store';
import { DEFAULT_POPULATION, DEFAULT_SEED, DEMO_PRACTICE_ODS, generatePopulation } from './population';
import { scenarioPatients } from './scenarios';
import {
  APPOINTMENTS_BASE_PATH,
  APPOINTMENTS_CONTROL_PATH,
  appointmentsFaultResponse,
  createAppointmentsSandbox,
  type AppointmentsHandle,
} from './appointments';
import { createCareNetwork, GPCONNECT_CONTROL_PATH, GPCONNECT_ROOT_PATH, type CareNetworkHandle } from './appointments/network';
import {
  PRESCRIPTIONS_BASE_PATH,
  PRESCRIPTIONS_CONTROL_PATH,
  createPrescriptionsSandbox,
  prescriptionsFaultResponse,
  type PrescriptionsHandle,
} from './prescriptions';

export interface SandboxOptions {
  /** 0 (default) picks a free ephemeral port. */
  port?: number;
  /**
   * A second listener serving only the /_sandbox/* control API (404 for anything else). It never goes
   * down, so tests can switch `down` off again over HTTP. 0 picks a free port; omitted, there is none.
   */
  controlPort?: number;
  /** Loopback only: 127.0.0.1 (default), localhost or ::1. */
  host?: string;
  /** Generated patients, 1,000..1,000,000 (default 10,000); the official scenario patients are added on top. */
  population?: number;
  seed?: number;
  /** Fix "today" (yyyy-mm-dd) for byte-identical data across days. Appointments: slots start that day and the sandbox clock starts at 07:30 London. */
  today?: string;
  /** Clinicians in the appointments demo data (default 12). */
  clinicians?: number;
  /** Repeat-prescription requests the starting backlog holds at least (default: the seed's own, about 200). */
  rxRequests?: number;
}

export interface SandboxFaults {
  /**
   * Partial update. Throws (synchronously, state unchanged) on invalid input. The returned promise
   * settles once the switches that need the listener have taken effect: after `down: true` the port
   * refuses connections, after `down: false` it listens again, after `hang: false` hung requests are dropped.
   */
  set(patch: Partial<Faults>): Promise<void>;
  /** Everything off (the listener back up); settles like set(). */
  reset(): Promise<void>;
  current(): Faults;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:53211 */
  origin: string;
  /** The control-only listener's origin (serves /_sandbox/* only, never down), or null without `controlPort`. */
  controlOrigin: string | null;
  /** origin + /personal-demographics/FHIR/R4 */
  baseUrl: string;
  faults: SandboxFaults;
  /** How many FHIR requests arrived carrying this X-Request-ID (case-insensitive), faulted ones included. */
  requestsSeen(requestId: string): number;
  population: {
    /** Generated patients (excludes the scenario patients). */
    size: number;
    /** Full current records of everyone registered at the demo practice (Y90001). Restricted records carry no GP, so never appear. */
    demoPracticePatients(): FhirPatient[];
    /** n NHS numbers of generated patients, spread evenly and the same every call. */
    sample(n: number): string[];
  };
  /** GP Connect-style appointments at origin + /appointments/FHIR/R4. */
  appointments: AppointmentsHandle;
  /** Repeat-prescription requests (Task) and templates (MedicationRequest) at origin + /prescriptions/FHIR/R4, on the appointments clock. */
  prescriptions: PrescriptionsHandle;
  /** The care network (issue 8): GP Connect providers per organisation at origin + /gpconnect/{ods}/FHIR/R4, on the appointments clock. */
  network: CareNetworkHandle;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const CONTROL_PREFIX = '/_sandbox';

const isControlPath = (pathname: string): boolean => pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);

const jsonReply = (status: number, body: unknown, extra: Record<string, string> = {}): RawResponse => ({
  status,
  headers: { 'Content-Type': 'application/json', ...extra },
  body: JSON.stringify(body),
});

type Scope = 'main' | 'control';

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`The PDS sandbox only binds to loopback; refusing host '${host}'`);

  const scenarios = scenarioPatients();
  const generated = generatePopulation({
    size: opts.population ?? DEFAULT_POPULATION,
    seed: opts.seed ?? DEFAULT_SEED,
    ...(opts.today ? { today: opts.today } : {}),
  });
  const store = new PatientStore([...scenarios, ...generated]);
  const api = new PdsApi(store);
  const appointments = createAppointmentsSandbox({
    seed: opts.seed ?? DEFAULT_SEED,
    ...(opts.today ? { today: opts.today } : {}),
    ...(opts.clinicians !== undefined ? { clinicians: opts.clinicians } : {}),
    patients: generated.filter((p) => p.gp?.ods === DEMO_PRACTICE_ODS && !p.deceased && !p.restricted).map((p) => p.nhsNumber),
    patientExists: (nhs) => store.lookup(nhs) !== undefined,
  });
  // Repeat prescriptions for the same practice, on the same clock, routed to the book's GPs.
  const prescriptions = createPrescriptionsSandbox({
    seed: opts.seed ?? DEFAULT_SEED,
    ...(opts.rxRequests !== undefined ? { requests: opts.rxRequests } : {}),
    clock: appointments.store.clock,
    patients: generated
      .filter((p) => p.gp?.ods === DEMO_PRACTICE_ODS && !p.deceased && !p.restricted)
      .map((p) => ({
        nhsNumber: p.nhsNumber,
        name: p.name ? `${p.name.family.toUpperCase()}, ${p.name.given.join(' ')}` : 'Name not recorded',
        nominatedPharmacy: p.pharmacy?.nominated ?? null,
      })),
    prescribers: appointments.store.data.clinicians
      .filter((c) => c.role === 'gp')
      .map((c) => ({ id: c.practitioner.id, prefix: c.practitioner.name[0]?.prefix?.[0] ?? 'Dr', given: c.practitioner.name[0]?.given?.[0] ?? '', family: c.practitioner.name[0]?.family ?? '' })),
  });
  // The care network: the neighbouring practices and the hub as GP Connect providers, the demo practice served
  // from its own book's store, all on the same clock.
  const registered = (ods: string) => generated.filter((p) => p.gp?.ods === ods && !p.deceased && !p.restricted);
  const network = createCareNetwork({
    seed: opts.seed ?? DEFAULT_SEED,
    ...(opts.today ? { today: opts.today } : {}),
    clock: appointments.store.clock,
    demoStore: appointments.store,
    patientsOf: (ods) => registered(ods).map((p) => p.nhsNumber),
    patientRecordsOf: (ods, limit) => {
      const out: FhirPatient[] = [];
      for (const position of store.registeredWith(ods)) {
        if (out.length >= limit) break;
        const p = store.read(position);
        if (!p.deceasedDateTime) out.push(p);
      }
      return out;
    },
    patientExists: (nhs) => store.lookup(nhs) !== undefined,
  });
  const faults = new FaultControl();
  const seen = new Map<string, number>();
  const demoPracticePatients = (): FhirPatient[] => store.registeredWith(DEMO_PRACTICE_ODS).map((p) => store.read(p));

  // "Another desk booked this slot": the next booking's slot is taken just before the booking is applied,
  // so the booking itself fails the normal way (409 DUPLICATE_REJECTED).
  appointments.api.beforeBook = (request) => {
    if (!faults.current().takeNextBookedSlot) return;
    faults.set({ takeNextBookedSlot: false });
    const slotId = request.slotIds[0];
    if (slotId === undefined) return;
    try {
      appointments.bookAsOtherDesk(slotId);
    } catch {
      // The slot is unknown, past or already taken: the booking fails on its own.
    }
  };

  // The same fault for bookings other organisations make through GP Connect: the provider's own desk takes the slot first.
  network.beforeBook = (ods, request) => {
    if (!faults.current().takeNextBookedSlot) return;
    faults.set({ takeNextBookedSlot: false });
    const slotId = request.slotIds[0];
    if (slotId === undefined) return;
    try {
      network.takeSlot(ods, slotId);
    } catch {
      // The slot is unknown, past or already taken: the booking fails on its own.
    }
  };

  /** Requests held open by the `hang` fault, dropped when it is turned off or the sandbox closes. */
  const hung = new Set<ServerResponse>();
  const dropHung = (): void => {
    for (const res of hung) res.destroy();
    hung.clear();
  };

  async function control(req: IncomingMessage, url: URL): Promise<RawResponse> {
    if (url.pathname === APPOINTMENTS_CONTROL_PATH || url.pathname.startsWith(`${APPOINTMENTS_CONTROL_PATH}/`)) return appointments.control(req, url);
    if (url.pathname.startsWith(`${PRESCRIPTIONS_CONTROL_PATH}/`)) return prescriptions.control(req, url);
    if (url.pathname.startsWith(`${GPCONNECT_CONTROL_PATH}/`)) return network.control(req, url);
    if (url.pathname === `${CONTROL_PREFIX}/demo-practice-patients`) {
      if ((req.method ?? 'GET') !== 'GET') return jsonReply(405, { error: `Method ${req.method ?? ''} not allowed` }, { Allow: 'GET' });
      return jsonReply(200, demoPracticePatients());
    }
    return handleControl(req, url, faults);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, scope: Scope): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (isControlPath(url.pathname)) {
      // Faults never apply to the control API.
      let response = await control(req, url);
      if (!url.pathname.startsWith(`${CONTROL_PREFIX}/faults`)) {
        write(res, response);
      } else if (scope === 'control') {
        // Answer once the switches have taken effect, so the caller can rely on them straight away.
        try {
          await listener.sync();
        } catch (e) {
          response = jsonReply(500, { error: e instanceof Error ? e.message : 'Could not apply the faults' });
        }
        write(res, response);
      } else {
        // On the main port `down` would cut this very answer: send it first, then apply.
        res.once('finish', () => void listener.sync().catch(() => undefined));
        write(res, response);
      }
      return;
    }
    if (scope === 'control') {
      write(res, jsonReply(404, { error: 'The control port serves only /_sandbox/* paths' }));
      return;
    }

    const requestId = header(req, 'x-request-id');
    if (requestId) seen.set(requestId.toLowerCase(), (seen.get(requestId.toLowerCase()) ?? 0) + 1);

    const f = faults.current();
    if (f.outage) {
      req.socket.destroy();
      return;
    }
    if (f.hang) {
      hung.add(res);
      res.once('close', () => hung.delete(res)); // the client gave up
      return;
    }
    if (f.latencyMs > 0) await delay(f.latencyMs);
    const isAppointments = url.pathname === APPOINTMENTS_BASE_PATH || url.pathname.startsWith(`${APPOINTMENTS_BASE_PATH}/`);
    const isPrescriptions = url.pathname === PRESCRIPTIONS_BASE_PATH || url.pathname.startsWith(`${PRESCRIPTIONS_BASE_PATH}/`);
    const isNetwork = url.pathname.startsWith(`${GPCONNECT_ROOT_PATH}/`);
    let response: RawResponse;
    if (f.status !== null && isPrescriptions) {
      response = prescriptionsFaultResponse(req, f.status, f.retryAfterSeconds);
    } else if (f.status !== null) {
      response = isAppointments || isNetwork ? appointmentsFaultResponse(req, f.status, f.retryAfterSeconds) : faultResponse(req, f.status, f.retryAfterSeconds);
    } else if (isNetwork) {
      response = await network.handle(req, url);
    } else if (isAppointments) {
      response = await appointments.api.handle(req, url);
    } else if (isPrescriptions) {
      response = await prescriptions.api.handle(req, url);
    } else {
      const answer = await api.handle(req, url);
      response = { status: answer.status, headers: answer.headers, body: JSON.stringify(answer.body) };
    }
    if (f.malformed) response.body = malform(response.body);
    if (f.resetMidResponse) writeThenReset(res, response);
    else write(res, response);
  }

  const serve =
    (scope: Scope) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      res.on('error', () => undefined); // client went away mid-answer (e.g. during injected latency)
      handle(req, res, scope).catch(() => {
        if (res.headersSent) res.destroy();
        else write(res, { status: 500, headers: responseHeaders(req), body: JSON.stringify(pdsError('UNKNOWN_ERROR').body) });
      });
    };

  const listener = new MainListener(serve('main'), host, opts.port ?? 0, () => faults.current(), dropHung);
  await listener.start();
  let controlServer: Server | null = null;
  try {
    controlServer = opts.controlPort === undefined ? null : await listen(createHttpServer(serve('control')), opts.controlPort, host);
  } catch (e) {
    await listener.close();
    throw e;
  }
  const origin = listener.origin;
  const controlOrigin = controlServer ? originOf(controlServer.address() as AddressInfo) : null;
  const first = scenarios.length;

  return {
    origin,
    controlOrigin,
    baseUrl: `${origin}${BASE_PATH}`,
    faults: {
      set: (patch) => {
        faults.set(patch); // throws here, before any promise, on invalid input
        return listener.sync();
      },
      reset: () => {
        faults.reset();
        return listener.sync();
      },
      current: () => faults.current(),
    },
    requestsSeen: (id) => seen.get(id.toLowerCase()) ?? 0,
    appointments: appointments.handle(origin),
    prescriptions: prescriptions.handle(origin),
    network: network.handleFor(origin),
    population: {
      size: generated.length,
      demoPracticePatients,
      sample: (n) => {
        const count = Math.max(0, Math.min(Math.floor(n), generated.length));
        return Array.from({ length: count }, (_, i) =>
          store.nhsNumberAt(first + Math.floor(((i + 0.5) * generated.length) / count)),
        );
      },
    },
    close: async () => {
      await listener.close();
      if (controlServer) await closeServer(controlServer);
    },
  };
}

/**
 * The main (FHIR) listener. `down` closes it for real, so clients get ECONNREFUSED, and turning it off
 * listens again on the same port. Changes are applied one at a time, in order, from the current switches.
 */
class MainListener {
  private server: Server | null = null;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  /** The bound port, fixed after the first start so the desk finds the service where it left it. */
  private port: number;
  /** e.g. http://127.0.0.1:53211, as first bound. */
  origin = '';

  constructor(
    private readonly onRequest: (req: IncomingMessage, res: ServerResponse) => void,
    private readonly host: string,
    port: number,
    private readonly switches: () => Faults,
    private readonly dropHung: () => void,
  ) {
    this.port = port;
  }

  async start(): Promise<void> {
    const server = await listen(createHttpServer(this.onRequest), this.port, this.host);
    this.server = server;
    const address = server.address() as AddressInfo;
    this.port = address.port;
    this.origin ||= originOf(address);
  }

  /** Bring the listener and hung requests in line with the current switches. */
  sync(): Promise<void> {
    const step = this.queue.then(async () => {
      const f = this.switches();
      if (!f.hang) this.dropHung();
      if (this.closed) return;
      if (f.down && this.server) {
        const server = this.server;
        this.server = null;
        await closeServer(server);
        // Let clients (often in this same process) read the FIN of their pooled keep-alive sockets, so
        // their next request opens a new connection and is refused, rather than failing on a dead socket.
        await delay(20);
      } else if (!f.down && !this.server) {
        await this.start();
      }
    });
    this.queue = step.catch(() => undefined); // one failed step must not block the next
    return step;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    this.dropHung();
    const server = this.server;
    this.server = null;
    if (server) await closeServer(server);
  }
}

function createHttpServer(onRequest: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createServer(onRequest);
  server.on('clientError', (_err, socket) => socket.destroy());
  return server;
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

/** Stop accepting and drop every open connection (hung and keep-alive ones included), so close never waits on a client. */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

function originOf(address: AddressInfo): string {
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/** The resetMidResponse fault: status line, headers and about half the body, then the connection is cut. */
function writeThenReset(res: ServerResponse, response: RawResponse): void {
  const body = Buffer.from(response.body, 'utf8');
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
  res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.destroy());
}

/** The answer an injected status fault gives, shaped like the PDS proxy's own errors. */
function faultResponse(req: IncomingMessage, status: 429 | 500 | 503, retryAfterSeconds: number): RawResponse {
  const headers = responseHeaders(req);
  const error =
    status === 429
      ? pdsError('TOO_MANY_REQUESTS', DIAGNOSTICS.tooManyRequests)
      : status === 503
        ? pdsError('SERVICE_UNAVAILABLE', DIAGNOSTICS.serviceUnavailable)
        : pdsError('UNKNOWN_ERROR', 'An unexpected error occurred (injected by the sandbox fault controls)');
  if (status !== 500) headers['Retry-After'] = String(retryAfterSeconds);
  return { status, headers, body: JSON.stringify(error.body) };
}
