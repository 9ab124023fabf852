/**
 * The prescriptions sandbox: repeat requests (FHIR Task) and repeat templates (MedicationRequest) at
 * /prescriptions/FHIR/R4 on the same loopback server, on the appointments sandbox's clock, plus
 * /_sandbox/prescriptions/* controls for tests and demos (sandbox extensions):
 *
 *   POST /_sandbox/prescriptions/arrive  { nhsNumber?, templateIds?, channel? }  -> 201 Task: a request arrives now
 *   POST /_sandbox/prescriptions/cancel-as-patient { taskId }                     -> 200 Task | error (only while requested)
 *   GET  /_sandbox/prescriptions/applied?requestId=…  -> { requestId, applied }: changes that X-Request-ID applied
 *   GET  /_sandbox/prescriptions/stats
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { readBody, type RawResponse } from '../http';
import { responseHeaders } from '../pds.headers';
import type { SandboxClock } from '../appointments/store';
import type { Prescriber, RxPatient } from './data';
import { PrescriptionsApi } from './routes';
import { medicationRequestResource, PRESCRIPTIONS_BASE_PATH, taskResource } from './resources';
import { PrescriptionStore, type PrescriptionsStats } from './store';
import { RX_CHANNELS, type MedicationRequest, type RxChannel, type Task } from './types';
import type { RxError } from './errors';

export { PRESCRIPTIONS_BASE_PATH } from './resources';
export { prescriptionsFaultResponse } from './errors';
export type { Prescriber, RxPatient } from './data';
export type { PrescriptionsStats } from './store';
export * from './types';

export const PRESCRIPTIONS_CONTROL_PATH = '/_sandbox/prescriptions';

/** A refusal from an in-code control, carrying the FHIR error it would have answered with. */
export class PrescriptionsSandboxError extends Error {
  constructor(readonly error: RxError) {
    super(error.body.issue[0]?.diagnostics ?? 'refused');
    this.name = 'PrescriptionsSandboxError';
  }
}

export interface PrescriptionsHandle {
  /** origin + /prescriptions/FHIR/R4 */
  baseUrl: string;
  /** Make an online request arrive now (for a patient and items, or the next ones the seed picks). */
  arrive(opts?: { nhsNumber?: string; templateIds?: string[]; channel?: RxChannel }): Task;
  /** The patient cancels in their app; refused unless the request is still requested. */
  cancelAsPatient(taskId: string): Task;
  /** How many changes this X-Request-ID applied (1 for a change sent once, however often it was resent). */
  applied(requestId: string): number;
  task(id: string): Task | null;
  templates(nhsNumber: string): MedicationRequest[];
  /** NHS numbers of patients who have repeat templates, in a fixed order. */
  patientsWithTemplates(): string[];
  stats(): PrescriptionsStats;
}

export interface PrescriptionsSandbox {
  api: PrescriptionsApi;
  store: PrescriptionStore;
  handle(origin: string): PrescriptionsHandle;
  control(req: IncomingMessage, url: URL): Promise<RawResponse>;
}

export function createPrescriptionsSandbox(o: {
  seed: number;
  clock: SandboxClock;
  patients: readonly RxPatient[];
  prescribers: readonly Prescriber[];
  /** Requests the starting backlog holds at least (default: the seed's own, about 200). */
  requests?: number;
}): PrescriptionsSandbox {
  const store = new PrescriptionStore(o.seed, o.clock, o.patients, o.prescribers, o.requests);
  const api = new PrescriptionsApi(store);
  const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: RxError }): T => {
    if (!r.ok) throw new PrescriptionsSandboxError(r.error);
    return r.value;
  };

  const arrive: PrescriptionsHandle['arrive'] = (opts = {}) => {
    store.catchUp();
    return taskResource(unwrap(store.arriveNow(opts)));
  };
  const cancelAsPatient = (taskId: string): Task => {
    store.catchUp();
    return taskResource(unwrap(store.cancelAsPatient(taskId)));
  };

  async function control(req: IncomingMessage, url: URL): Promise<RawResponse> {
    const method = req.method ?? 'GET';
    const json = (status: number, body: unknown): RawResponse => ({ status, headers: { ...responseHeaders(req), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const notAllowed = (allow: string): RawResponse => ({ ...json(405, { error: `Method ${method} not allowed` }), headers: { 'Content-Type': 'application/json', Allow: allow } });
    const input = async <T>(schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; reply: RawResponse }> => {
      try {
        const text = await readBody(req, 10_000);
        const parsed = schema.safeParse(text.trim() ? JSON.parse(text) : {});
        if (parsed.success) return { ok: true, value: parsed.data };
        return { ok: false, reply: json(400, { error: 'Invalid body', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) }) };
      } catch {
        return { ok: false, reply: json(400, { error: 'Body must be JSON' }) };
      }
    };
    const refused = (e: unknown): RawResponse => {
      if (!(e instanceof PrescriptionsSandboxError)) throw e;
      return { status: e.error.status, headers: responseHeaders(req), body: JSON.stringify(e.error.body) };
    };

    const sub = url.pathname.slice(PRESCRIPTIONS_CONTROL_PATH.length);
    if (sub === '/stats') return method === 'GET' ? json(200, store.stats()) : notAllowed('GET');
    if (sub === '/applied') {
      if (method !== 'GET') return notAllowed('GET');
      const requestId = url.searchParams.get('requestId') ?? '';
      if (!requestId) return json(400, { error: 'Query parameter requestId is required' });
      return json(200, { requestId, applied: store.applied(requestId) });
    }
    if (sub === '/arrive') {
      if (method !== 'POST') return notAllowed('POST');
      const body = await input(
        z.object({ nhsNumber: z.string().regex(/^\d{10}$/).optional(), templateIds: z.array(z.string().min(1)).min(1).optional(), channel: z.enum(RX_CHANNELS as [RxChannel, ...RxChannel[]]).optional() }).strict(),
      );
      if (!body.ok) return body.reply;
      try {
        const opts: Parameters<PrescriptionsHandle['arrive']>[0] = {};
        if (body.value.nhsNumber) opts.nhsNumber = body.value.nhsNumber;
        if (body.value.templateIds) opts.templateIds = body.value.templateIds;
        if (body.value.channel) opts.channel = body.value.channel;
        return { status: 201, headers: responseHeaders(req), body: JSON.stringify(arrive(opts)) };
      } catch (e) {
        return refused(e);
      }
    }
    if (sub === '/cancel-as-patient') {
      if (method !== 'POST') return notAllowed('POST');
      const body = await input(z.object({ taskId: z.string().min(1) }).strict());
      if (!body.ok) return body.reply;
      try {
        return { status: 200, headers: responseHeaders(req), body: JSON.stringify(cancelAsPatient(body.value.taskId)) };
      } catch (e) {
        return refused(e);
      }
    }
    return json(404, { error: `No sandbox control at ${url.pathname}` });
  }

  return {
    api,
    store,
    control,
    handle: (origin) => ({
      baseUrl: `${origin}${PRESCRIPTIONS_BASE_PATH}`,
      arrive,
      cancelAsPatient,
      applied: (requestId) => store.applied(requestId),
      task: (id) => {
        store.catchUp();
        const t = store.task(id);
        return t ? taskResource(t) : null;
      },
      templates: (nhsNumber) => store.templatesOf(nhsNumber).map((t) => medicationRequestResource(t, store.patient(nhsNumber)?.nominatedPharmacy ?? null)),
      patientsWithTemplates: () => store.patientsWithTemplates(),
      stats: () => store.stats(),
    }),
  };
}
