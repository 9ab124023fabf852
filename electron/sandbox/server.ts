/**
 * The embedded PDS sandbox server: node:http only, loopback only, silent (it never logs, so no
 * patient detail can end up in a log). One process-local instance per startSandbox() call.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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

export interface SandboxOptions {
  /** 0 (default) picks a free ephemeral port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), localhost or ::1. */
  host?: string;
  /** Generated patients, 1,000..1,000,000 (default 10,000); the official scenario patients are added on top. */
  population?: number;
  seed?: number;
  /** Fix "today" (yyyy-mm-dd) for byte-identical data across days. Appointments: slots start that day and the sandbox clock starts at 07:30 London. */
  today?: string;
  /** Clinicians in the appointments demo data (default 12). */
  clinicians?: number;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:53211 */
  origin: string;
  /** origin + /personal-demographics/FHIR/R4 */
  baseUrl: string;
  faults: { set(patch: Partial<Faults>): void; reset(): void; current(): Faults };
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
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

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
  const faults = new FaultControl();
  const seen = new Map<string, number>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (url.pathname === APPOINTMENTS_CONTROL_PATH || url.pathname.startsWith(`${APPOINTMENTS_CONTROL_PATH}/`)) {
      write(res, await appointments.control(req, url)); // faults never apply to the control API
      return;
    }
    if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) {
      write(res, await handleControl(req, url, faults)); // faults never apply to the control API
      return;
    }
    const requestId = header(req, 'x-request-id');
    if (requestId) seen.set(requestId.toLowerCase(), (seen.get(requestId.toLowerCase()) ?? 0) + 1);

    const f = faults.current();
    if (f.outage) {
      req.socket.destroy();
      return;
    }
    if (f.latencyMs > 0) await delay(f.latencyMs);
    const isAppointments = url.pathname === APPOINTMENTS_BASE_PATH || url.pathname.startsWith(`${APPOINTMENTS_BASE_PATH}/`);
    let response: RawResponse;
    if (f.status !== null) {
      response = isAppointments ? appointmentsFaultResponse(req, f.status, f.retryAfterSeconds) : faultResponse(req, f.status, f.retryAfterSeconds);
    } else if (isAppointments) {
      response = await appointments.api.handle(req, url);
    } else {
      const answer = await api.handle(req, url);
      response = { status: answer.status, headers: answer.headers, body: JSON.stringify(answer.body) };
    }
    if (f.malformed) response.body = malform(response.body);
    write(res, response);
  }

  const server = createServer((req, res) => {
    res.on('error', () => undefined); // client went away mid-answer (e.g. during injected latency)
    handle(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else write(res, { status: 500, headers: responseHeaders(req), body: JSON.stringify(pdsError('UNKNOWN_ERROR').body) });
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${hostInUrl}:${address.port}`;
  const first = scenarios.length;

  return {
    origin,
    baseUrl: `${origin}${BASE_PATH}`,
    faults: {
      set: (patch) => void faults.set(patch),
      reset: () => void faults.reset(),
      current: () => faults.current(),
    },
    requestsSeen: (id) => seen.get(id.toLowerCase()) ?? 0,
    appointments: appointments.handle(origin),
    population: {
      size: generated.length,
      demoPracticePatients: () => store.registeredWith(DEMO_PRACTICE_ODS).map((p) => store.read(p)),
      sample: (n) => {
        const count = Math.max(0, Math.min(Math.floor(n), generated.length));
        return Array.from({ length: count }, (_, i) =>
          store.nhsNumberAt(first + Math.floor(((i + 0.5) * generated.length) / count)),
        );
      },
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
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
