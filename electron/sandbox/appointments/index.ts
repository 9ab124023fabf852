/**
 * The appointments sandbox: GP Connect Appointment Management semantics over FHIR R4 shapes at
 * /appointments/FHIR/R4 on the same loopback server as PDS, plus /_sandbox/appointments/* controls
 * for tests and demos (sandbox extensions, not GP Connect):
 *
 *   GET  /_sandbox/appointments/stats
 *   GET  /_sandbox/appointments/bookings?nhsNumber=…  -> [{ id, slotId, start, status, requestId }] booked, not cancelled
 *   GET  /_sandbox/appointments/clock              -> { now }
 *   PUT  /_sandbox/appointments/clock  { now }     move the sandbox clock (ISO instant); it runs on from there
 *   POST /_sandbox/appointments/book-as-other-desk   { slotId }          -> 201 Appointment | GP Connect error
 *   POST /_sandbox/appointments/cancel-as-other-desk { appointmentId, reason? } -> 200 Appointment | GP Connect error
 *   POST /_sandbox/appointments/book-online   { slotId? }   a patient books through the NHS App (online slots only)
 *   POST /_sandbox/appointments/cancel-online { appointmentId }
 *
 * And one extension on the service itself: POST /appointments/FHIR/R4 with a transaction Bundle publishes the
 * Schedules and Slots a practice generates from its rota (GP Connect has none; see publish.ts).
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { readBody, type RawResponse } from '../http';
import { responseHeaders } from '../pds.headers';
import { generateAppointmentsData, type GenerateOptions } from './data';
import { gpcError, type GpcError, type GpcErrorCode } from './errors';
import { APPOINTMENTS_BASE_PATH, AppointmentsApi } from './routes';
import { AppointmentStore, SandboxClock, type AppointmentsStats, type SandboxBooking } from './store';
import { londonInstant, londonToday, dayNumber } from './time';
import { GPC_EXTENSION, type Appointment } from './types';

export { APPOINTMENTS_BASE_PATH, MAX_ALL_STATES_DAYS, MAX_FREE_SLOT_DAYS } from './routes';
export { MAX_ENTRIES as MAX_PUBLISH_ENTRIES, MAX_SLOT_MINUTES, type TransactionResponse } from './publish';
export { DEFAULT_CLINICIANS, MAX_CLINICIANS, ROLE_CODES, SLOT_TYPES, SESSIONS, WEEKS_OF_SLOTS, type SlotType, type ClinicianRole } from './data';
export type { AppointmentsStats, SandboxBooking } from './store';
export { GPC_CODES, type GpcErrorCode } from './errors';
export { formatLondon } from './time';
export * from './types';

export const APPOINTMENTS_CONTROL_PATH = '/_sandbox/appointments';

/** A GP Connect error raised by the in-code controls (bookAsOtherDesk / cancelAsOtherDesk). */
export class AppointmentsSandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppointmentsSandboxError';
  }
}

export interface AppointmentsOptions {
  seed: number;
  /** yyyy-mm-dd. When given, the sandbox clock starts at 07:30 London that day; otherwise it is the real clock. */
  today?: string;
  clinicians?: number;
  /** NHS numbers that generated appointments are booked for. */
  patients: readonly string[];
  patientExists: (nhsNumber: string) => boolean;
}

export interface AppointmentsHandle {
  /** origin + /appointments/FHIR/R4 */
  baseUrl: string;
  /** Simulate another desk of the practice booking a free slot (for a deterministic patient). */
  bookAsOtherDesk(slotId: string): Appointment;
  /** Simulate another desk cancelling an appointment; the slot becomes free. */
  cancelAsOtherDesk(appointmentId: string, reason?: string): Appointment;
  /** Simulate a patient booking online (the NHS App): the given slot, or the next one offered online and released. */
  bookOnline(slotId?: string): Appointment;
  /** Simulate a patient cancelling online. */
  cancelOnline(appointmentId: string): Appointment;
  stats(): AppointmentsStats;
  /** The patient's booked (not cancelled) appointments with the X-Request-ID that created each: "exactly once upstream" checks. */
  bookings(nhsNumber: string): SandboxBooking[];
  /** The sandbox clock (embargoes, "future only", lastUpdated). */
  now(): Date;
  setNow(instant: Date | string): void;
}

export interface AppointmentsSandbox {
  api: AppointmentsApi;
  store: AppointmentStore;
  bookAsOtherDesk(slotId: string): Appointment;
  handle(origin: string): AppointmentsHandle;
  control(req: IncomingMessage, url: URL): Promise<RawResponse>;
}

export function createAppointmentsSandbox(opts: AppointmentsOptions): AppointmentsSandbox {
  const clock = new SandboxClock(opts.today ? londonInstant(dayNumber(opts.today), 7 * 60 + 30) : undefined);
  const today = opts.today ?? londonToday(clock.now());
  const gen: GenerateOptions = { seed: opts.seed, today, nowMs: clock.now(), patients: opts.patients };
  if (opts.clinicians !== undefined) gen.clinicians = opts.clinicians;
  const store = new AppointmentStore(generateAppointmentsData(gen), clock, opts.patientExists);
  const api = new AppointmentsApi(store);
  let otherDeskBookings = 0;

  const raise = (e: GpcError): never => {
    const code = e.body.issue[0]?.details.coding[0]?.code ?? 'UNKNOWN';
    throw new AppointmentsSandboxError(e.status, code, e.body.issue[0]?.diagnostics ?? code);
  };

  function bookAsOtherDesk(slotId: string): Appointment {
    const slot = store.slot(slotId);
    if (!slot) return raise(gpcError('REFERENCE_NOT_FOUND', `Slot/${slotId} does not exist`));
    const schedule = store.schedule(slot.scheduleId)!;
    const patients = opts.patients;
    if (patients.length === 0) return raise(gpcError('PATIENT_NOT_FOUND', 'The sandbox has no demo-practice patients'));
    const nhsNumber = patients[(otherDeskBookings++ * 7919) % patients.length]!;
    const result = store.book({
      slotIds: [slot.id],
      start: slot.start,
      end: slot.end,
      nhsNumber,
      locationId: schedule.locationId,
      practitionerId: schedule.practitionerId,
      description: 'Booked at another desk',
      bookingOrganisation: AppointmentStore.practiceAsBookingOrganisation(),
    });
    return result.ok ? structuredClone(result.value.resource) : raise(result.error);
  }

  let onlineBookings = 0;
  function bookOnline(slotId?: string): Appointment {
    const slot = slotId ? store.slot(slotId) : store.nextOnlineSlot(clock.now(), onlineBookings * 3);
    if (!slot) return raise(gpcError(slotId ? 'REFERENCE_NOT_FOUND' : 'DUPLICATE_REJECTED', slotId ? `Slot/${slotId} does not exist` : 'No slot is offered online now'));
    const schedule = store.schedule(slot.scheduleId)!;
    if (opts.patients.length === 0) return raise(gpcError('PATIENT_NOT_FOUND', 'The sandbox has no demo-practice patients'));
    const nhsNumber = opts.patients[(onlineBookings++ * 104_729 + 17) % opts.patients.length]!;
    const result = store.book({
      slotIds: [slot.id],
      start: slot.start,
      end: slot.end,
      nhsNumber,
      locationId: schedule.locationId,
      practitionerId: schedule.practitionerId,
      description: 'Booked online',
      bookingOrganisation: AppointmentStore.onlineAsBookingOrganisation(),
    });
    return result.ok ? structuredClone(result.value.resource) : raise(result.error);
  }

  function cancelOnline(appointmentId: string): Appointment {
    return cancelAsOtherDesk(appointmentId, 'Cancelled by the patient online');
  }

  function cancelAsOtherDesk(appointmentId: string, reason = 'Cancelled at another desk'): Appointment {
    const record = store.appointment(appointmentId);
    if (!record) return raise(gpcError('NO_RECORD_FOUND', `Appointment/${appointmentId} does not exist`));
    const body: Appointment = structuredClone(record.resource);
    body.status = 'cancelled';
    body.extension = [...(body.extension ?? []), { url: GPC_EXTENSION.cancellationReason, valueString: reason }];
    const result = store.update(appointmentId, body);
    return result.ok ? structuredClone(result.value.resource) : raise(result.error);
  }

  function setNow(instant: Date | string): void {
    const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
    if (Number.isNaN(ms)) throw new RangeError('setNow needs an ISO instant');
    clock.set(ms);
  }

  async function control(req: IncomingMessage, url: URL): Promise<RawResponse> {
    const method = req.method ?? 'GET';
    const json = (status: number, body: unknown): RawResponse => ({ status, headers: { ...responseHeaders(req), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const fhir = (status: number, body: unknown): RawResponse => ({ status, headers: responseHeaders(req), body: JSON.stringify(body) });
    const notAllowed = (allow: string): RawResponse => ({ ...json(405, { error: `Method ${method} not allowed` }), headers: { 'Content-Type': 'application/json', Allow: allow } });
    const input = async <T>(schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; reply: RawResponse }> => {
      try {
        const parsed = schema.safeParse(JSON.parse(await readBody(req, 10_000)));
        if (parsed.success) return { ok: true, value: parsed.data };
        return { ok: false, reply: json(400, { error: 'Invalid body', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) }) };
      } catch {
        return { ok: false, reply: json(400, { error: 'Body must be JSON' }) };
      }
    };
    const asError = (e: unknown): RawResponse => {
      if (!(e instanceof AppointmentsSandboxError)) throw e;
      return fhir(e.status, gpcError(e.code as GpcErrorCode, e.message).body);
    };

    const sub = url.pathname.slice(APPOINTMENTS_CONTROL_PATH.length);
    if (sub === '/stats') return method === 'GET' ? json(200, store.stats()) : notAllowed('GET');
    if (sub === '/bookings') {
      if (method !== 'GET') return notAllowed('GET');
      const nhsNumber = url.searchParams.get('nhsNumber') ?? '';
      // The value is never echoed back: it is patient data.
      if (!/^\d{10}$/.test(nhsNumber)) return json(400, { error: 'Query parameter nhsNumber must be a 10-digit NHS number' });
      return json(200, store.bookings(nhsNumber));
    }
    if (sub === '/clock') {
      if (method === 'GET') return json(200, { now: new Date(clock.now()).toISOString() });
      if (method !== 'PUT') return notAllowed('GET, PUT');
      const body = await input(z.object({ now: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO instant') }).strict());
      if (!body.ok) return body.reply;
      setNow(body.value.now);
      return json(200, { now: new Date(clock.now()).toISOString() });
    }
    if (sub === '/book-as-other-desk') {
      if (method !== 'POST') return notAllowed('POST');
      const body = await input(z.object({ slotId: z.string().min(1) }).strict());
      if (!body.ok) return body.reply;
      try {
        return fhir(201, bookAsOtherDesk(body.value.slotId));
      } catch (e) {
        return asError(e);
      }
    }
    if (sub === '/book-online') {
      if (method !== 'POST') return notAllowed('POST');
      const body = await input(z.object({ slotId: z.string().min(1).optional() }).strict());
      if (!body.ok) return body.reply;
      try {
        return fhir(201, bookOnline(body.value.slotId));
      } catch (e) {
        return asError(e);
      }
    }
    if (sub === '/cancel-online') {
      if (method !== 'POST') return notAllowed('POST');
      const body = await input(z.object({ appointmentId: z.string().min(1) }).strict());
      if (!body.ok) return body.reply;
      try {
        return fhir(200, cancelOnline(body.value.appointmentId));
      } catch (e) {
        return asError(e);
      }
    }
    if (sub === '/cancel-as-other-desk') {
      if (method !== 'POST') return notAllowed('POST');
      const body = await input(z.object({ appointmentId: z.string().min(1), reason: z.string().min(1).max(200).optional() }).strict());
      if (!body.ok) return body.reply;
      try {
        return fhir(200, cancelAsOtherDesk(body.value.appointmentId, body.value.reason));
      } catch (e) {
        return asError(e);
      }
    }
    return json(404, { error: `No sandbox control at ${url.pathname}` });
  }

  return {
    api,
    store,
    control,
    bookAsOtherDesk,
    handle: (origin) => ({
      baseUrl: `${origin}${APPOINTMENTS_BASE_PATH}`,
      bookAsOtherDesk,
      cancelAsOtherDesk,
      bookOnline,
      cancelOnline,
      stats: () => store.stats(),
      bookings: (nhsNumber) => store.bookings(nhsNumber),
      now: () => new Date(clock.now()),
      setNow,
    }),
  };
}

/** The answer an injected status fault gives on the appointments API: a GP Connect-shaped OperationOutcome. */
export function appointmentsFaultResponse(req: IncomingMessage, status: 429 | 500 | 503, retryAfterSeconds: number): RawResponse {
  const code: GpcErrorCode = status === 429 ? 'TOO_MANY_REQUESTS' : status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR';
  const headers = responseHeaders(req);
  if (status !== 500) headers['Retry-After'] = String(retryAfterSeconds);
  return { status, headers, body: JSON.stringify(gpcError(code, 'Injected by the sandbox fault controls').body) };
}
