/**
 * The demo care network (issue 8): several organisations, each a GP Connect provider with its own appointment
 * book, served per organisation at /gpconnect/{ods}/FHIR/R4 (as the Spine Secure Proxy would route to each
 * provider's endpoint):
 *
 *   GET  /gpconnect/{ods}/FHIR/R4/Slot?status=free&start=ge..&end=le..&_include=Slot:schedule[&searchFilter=…]
 *        only slots the provider shares with the consumer named by searchFilter (ODS code and/or organisation
 *        type), released, in the future, in a range of at most 14 days; no searchFilter = nothing shared
 *   POST /gpconnect/{ods}/FHIR/R4/Appointment   book, BookingOrganisation = the consumer; 409 DUPLICATE_REJECTED
 *        when the slot was taken; 422 when the slot is not shared with that organisation; X-Request-ID de-duplicated
 *   GET/PUT /gpconnect/{ods}/FHIR/R4/Appointment/{id}, GET …/Patient/{nhs}/Appointment, GET …/{Resource}/{id}
 *        PUT (amend, or cancel: status cancelled + cancellation reason, If-Match, X-Request-ID de-duplicated) only by
 *        the booking organisation, named by the requesting_organization of the JWT in Authorization: 400 without it,
 *        403 ACCESS_DENIED for any other organisation; 422 when already cancelled or in the past
 *
 * The demo practice (Y90001) is served from the very same store as its own book at /appointments/FHIR/R4, so a
 * booking another organisation makes into its slots is in the practice's book, once. The neighbours and the
 * hub get books of their own from the same generator (another seed and size; ids prefixed with the ODS code,
 * so no id is shared between books). The out-of-hours centre is a consumer only: it has no book to offer.
 *
 * Controls (sandbox extensions, never faulted):
 *   GET  /_sandbox/gpconnect/directory                    organisations and the sharing table
 *   GET  /_sandbox/gpconnect/{ods}/bookings?nhsNumber=…   booked appointments with their X-Request-ID
 *   GET  /_sandbox/gpconnect/{ods}/patients               up to 50 living, unrestricted patients registered there
 *   POST /_sandbox/gpconnect/{ods}/take-slot { slotId }   the provider's own desk books the slot first
 *   POST /_sandbox/gpconnect/{ods}/cancel-appointment { appointmentId }   the provider's own desk cancels an appointment
 *   GET  /_sandbox/gpconnect/{ods}/stats
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import network from '../../../resources/demo-care-network.json';
import type { FhirPatient } from '../fhir.types';
import { readBody, type RawResponse } from '../http';
import { responseHeaders } from '../pds.headers';
import { bookingOrganisation, generateAppointmentsData, SLOT_TYPES, type ClinicianRole, type SessionTimes, type SlotRecord, type SlotType } from './data';
import { gpcError, type GpcErrorCode } from './errors';
import { AppointmentsApi, type Consumer, type SlotSharing } from './routes';
import { AppointmentStore, type AppointmentsStats, type BookingRequest, type SandboxBooking, type SandboxClock } from './store';
import { dayNumber, londonToday } from './time';
import { GPC_EXTENSION, type Appointment } from './types';

export const GPCONNECT_ROOT_PATH = '/gpconnect';
export const GPCONNECT_CONTROL_PATH = '/_sandbox/gpconnect';
export const gpConnectBasePath = (ods: string): string => `${GPCONNECT_ROOT_PATH}/${ods}/FHIR/R4`;

export type OrganisationKind = 'gp-practice' | 'extended-access-hub' | 'out-of-hours';

export interface NetworkOrganisation {
  odsCode: string;
  name: string;
  kind: OrganisationKind;
  /** GP Connect organisation type (searchFilter, booking organisation). */
  gpcType: string;
  phone: string;
}

export interface SharingRule {
  provider: string;
  consumer: { odsCode: string } | { orgType: string };
  slotTypes: string[];
}

export const NETWORK_ORGANISATIONS: readonly NetworkOrganisation[] = network.organisations.map((o) => ({
  odsCode: o.odsCode,
  name: o.name,
  kind: o.kind as OrganisationKind,
  gpcType: o.gpcType,
  phone: o.phone,
}));
export const SHARING: readonly SharingRule[] = network.sharing as SharingRule[];

/** Slot types shared by `provider` with a consumer (matched by its ODS code or its organisation type). */
export function sharedSlotTypes(provider: string, consumer: Consumer, rules: readonly SharingRule[] = SHARING): Set<string> {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.provider !== provider) continue;
    const match = 'odsCode' in r.consumer ? consumer.odsCodes.includes(r.consumer.odsCode.toUpperCase()) : consumer.orgTypes.includes(r.consumer.orgType);
    if (match) for (const t of r.slotTypes) out.add(t);
  }
  return out;
}

export function sharingFor(provider: string, rules: readonly SharingRule[] = SHARING): SlotSharing {
  return { shared: (slot: SlotRecord, consumer: Consumer) => sharedSlotTypes(provider, consumer, rules).has(slot.type.code) };
}

/** The hub works evenings (18:30–20:00) on weekdays and Saturday mornings. */
const HUB_SESSIONS = (wd: number): readonly SessionTimes[] =>
  wd === 0 ? [] : wd === 6 ? [{ name: 'am', from: 9 * 60, to: 12 * 60 }] : [{ name: 'pm', from: 18 * 60 + 30, to: 20 * 60 }];
const HUB_TYPES = (role: ClinicianRole, _session: 'am' | 'pm', i: number, count: number): SlotType =>
  role === 'nurse' ? SLOT_TYPES.nurse : role === 'hca' ? SLOT_TYPES.hcaBloods : i >= count - 2 ? SLOT_TYPES.telephone : SLOT_TYPES.routineGp;

export class NetworkSandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkSandboxError';
  }
}

export interface CareNetworkOptions {
  seed: number;
  today?: string;
  clock: SandboxClock;
  /** The demo practice's own book: the network serves Y90001 from it. */
  demoStore: AppointmentStore;
  /** Living, unrestricted patients registered at a practice (generated appointments are booked for them). */
  patientsOf: (ods: string) => readonly string[];
  /** Full records of up to `limit` such patients, for tests and demos to pick one. */
  patientRecordsOf: (ods: string, limit: number) => FhirPatient[];
  patientExists: (nhsNumber: string) => boolean;
}

export interface CareNetworkHandle {
  organisations: readonly NetworkOrganisation[];
  sharing: readonly SharingRule[];
  /** origin + /gpconnect/{ods}/FHIR/R4 */
  baseUrl(ods: string): string;
  /** The provider's booked (not cancelled) appointments for a patient, with the X-Request-ID that made each. */
  bookings(ods: string, nhsNumber: string): SandboxBooking[];
  /** The provider's own desk books this slot (for a patient of its own): "another organisation took it first". */
  takeSlot(ods: string, slotId: string): Appointment;
  /** The provider's own desk cancels an appointment (whoever booked it): "the other organisation already cancelled". */
  cancelAppointment(ods: string, appointmentId: string): Appointment;
  stats(ods: string): AppointmentsStats;
  patients(ods: string, limit?: number): FhirPatient[];
}

export interface CareNetwork {
  /** Requests under /gpconnect/. */
  handle(req: IncomingMessage, url: URL): Promise<RawResponse>;
  control(req: IncomingMessage, url: URL): Promise<RawResponse>;
  /** Called with each valid booking, before it is applied (the "another desk takes the next slot" fault). */
  beforeBook: ((ods: string, request: BookingRequest) => void) | null;
  takeSlot(ods: string, slotId: string): Appointment;
  cancelAppointment(ods: string, appointmentId: string): Appointment;
  handleFor(origin: string): CareNetworkHandle;
}

export function createCareNetwork(o: CareNetworkOptions): CareNetwork {
  const stores = new Map<string, AppointmentStore>();
  const apis = new Map<string, AppointmentsApi>();
  const today = o.today ?? londonToday(o.clock.now());
  dayNumber(today); // a bad date fails here, at start

  for (const org of network.organisations) {
    if (!org.book) continue;
    let store: AppointmentStore;
    if (org.odsCode === o.demoStore.ownOds) {
      store = o.demoStore;
    } else {
      const patients = org.kind === 'extended-access-hub'
        ? network.organisations.filter((p) => p.kind === 'gp-practice').flatMap((p) => o.patientsOf(p.odsCode))
        : o.patientsOf(org.odsCode);
      const data = generateAppointmentsData({
        seed: o.seed + org.book.seedOffset * 7919,
        today,
        nowMs: o.clock.now(),
        patients,
        clinicians: org.book.clinicians ?? undefined,
        organisation: { odsCode: org.odsCode, name: org.name, phone: org.phone, sites: org.sites },
        idPrefix: `${org.odsCode}-`,
        ...(org.kind === 'extended-access-hub' ? { sessionsOn: HUB_SESSIONS, typeFor: HUB_TYPES } : {}),
      });
      store = new AppointmentStore(data, o.clock, o.patientExists);
    }
    stores.set(org.odsCode, store);
    const api = new AppointmentsApi(store, { basePath: gpConnectBasePath(org.odsCode), sharing: sharingFor(org.odsCode) });
    api.beforeBook = (request) => net.beforeBook?.(org.odsCode, request);
    apis.set(org.odsCode, api);
  }

  const raise = (code: GpcErrorCode, message: string): never => {
    const e = gpcError(code, message);
    throw new NetworkSandboxError(e.status, code, message);
  };
  const storeOf = (ods: string): AppointmentStore => stores.get(ods.toUpperCase()) ?? raise('ORGANISATION_NOT_FOUND', `No appointment book for ${ods}`);

  let taken = 0;
  function takeSlot(ods: string, slotId: string): Appointment {
    const store = storeOf(ods);
    const slot = store.slot(slotId) ?? raise('REFERENCE_NOT_FOUND', `Slot/${slotId} does not exist`);
    const schedule = store.schedule(slot.scheduleId)!;
    const org = store.data.organization;
    const patients = ods.toUpperCase() === o.demoStore.ownOds ? o.patientsOf(ods) : o.patientsOf(ods).length ? o.patientsOf(ods) : o.patientsOf(o.demoStore.ownOds);
    if (patients.length === 0) return raise('PATIENT_NOT_FOUND', 'No patients to book for');
    const result = store.book({
      slotIds: [slot.id],
      start: slot.start,
      end: slot.end,
      nhsNumber: patients[(taken++ * 7919) % patients.length]!,
      locationId: schedule.locationId,
      practitionerId: schedule.practitionerId,
      description: 'Booked at the practice',
      bookingOrganisation: bookingOrganisation(org.identifier[0]!.value, org.name, org.telecom?.[0]?.value ?? ''),
    });
    return result.ok ? structuredClone(result.value.resource) : raise(result.error.body.issue[0]!.details.coding[0]!.code as GpcErrorCode, result.error.body.issue[0]?.diagnostics ?? 'refused');
  }

  function cancelAppointment(ods: string, appointmentId: string): Appointment {
    const store = storeOf(ods);
    const record = store.appointment(appointmentId) ?? raise('NO_RECORD_FOUND', `Appointment/${appointmentId} does not exist`);
    const body = structuredClone(record.resource);
    body.status = 'cancelled';
    body.extension = [...(body.extension ?? []), { url: GPC_EXTENSION.cancellationReason, valueString: 'Cancelled at the practice' }];
    const result = store.update(appointmentId, body);
    return result.ok ? structuredClone(result.value.resource) : raise(result.error.body.issue[0]!.details.coding[0]!.code as GpcErrorCode, result.error.body.issue[0]?.diagnostics ?? 'refused');
  }

  async function handle(req: IncomingMessage, url: URL): Promise<RawResponse> {
    const m = /^\/gpconnect\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const ods = m?.[1]?.toUpperCase() ?? '';
    const api = apis.get(ods);
    if (!api || url.pathname.slice(GPCONNECT_ROOT_PATH.length + 1 + ods.length).split('/').slice(0, 3).join('/') !== '/FHIR/R4') {
      const known = network.organisations.some((x) => x.odsCode === ods);
      const e = gpcError('ORGANISATION_NOT_FOUND', known ? `${ods} offers no appointments through GP Connect` : `No GP Connect provider with ODS code ${ods || '(none)'}`);
      return { status: e.status, headers: responseHeaders(req), body: JSON.stringify(e.body) };
    }
    return api.handle(req, url);
  }

  async function control(req: IncomingMessage, url: URL): Promise<RawResponse> {
    const method = req.method ?? 'GET';
    const json = (status: number, body: unknown): RawResponse => ({ status, headers: { ...responseHeaders(req), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const sub = url.pathname.slice(GPCONNECT_CONTROL_PATH.length);
    if (sub === '/directory') {
      return method === 'GET' ? json(200, { organisations: NETWORK_ORGANISATIONS, sharing: SHARING, books: [...stores.keys()] }) : json(405, { error: 'GET only' });
    }
    const m = /^\/([A-Za-z0-9]{3,10})\/(bookings|patients|take-slot|cancel-appointment|stats)$/.exec(sub);
    if (!m) return json(404, { error: `No sandbox control at ${url.pathname}` });
    const ods = m[1]!.toUpperCase();
    const what = m[2]!;
    try {
      if (what === 'patients') {
        if (method !== 'GET') return json(405, { error: 'GET only' });
        return json(200, o.patientRecordsOf(ods, 50));
      }
      if (what === 'bookings') {
        if (method !== 'GET') return json(405, { error: 'GET only' });
        const nhsNumber = url.searchParams.get('nhsNumber') ?? '';
        if (!/^\d{10}$/.test(nhsNumber)) return json(400, { error: 'Query parameter nhsNumber must be a 10-digit NHS number' });
        return json(200, storeOf(ods).bookings(nhsNumber));
      }
      if (what === 'stats') return method === 'GET' ? json(200, storeOf(ods).stats()) : json(405, { error: 'GET only' });
      if (method !== 'POST') return json(405, { error: 'POST only' });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req, 10_000));
      } catch {
        return json(400, { error: 'Body must be JSON' });
      }
      if (what === 'cancel-appointment') {
        const parsed = z.object({ appointmentId: z.string().min(1) }).strict().safeParse(body);
        if (!parsed.success) return json(400, { error: 'Body must be { appointmentId }' });
        return json(200, cancelAppointment(ods, parsed.data.appointmentId));
      }
      const parsed = z.object({ slotId: z.string().min(1) }).strict().safeParse(body);
      if (!parsed.success) return json(400, { error: 'Body must be { slotId }' });
      return json(201, takeSlot(ods, parsed.data.slotId));
    } catch (e) {
      if (!(e instanceof NetworkSandboxError)) throw e;
      return { status: e.status, headers: responseHeaders(req), body: JSON.stringify(gpcError(e.code as GpcErrorCode, e.message).body) };
    }
  }

  const net: CareNetwork = {
    handle,
    control,
    beforeBook: null,
    takeSlot,
    cancelAppointment,
    handleFor: (origin) => ({
      organisations: NETWORK_ORGANISATIONS,
      sharing: SHARING,
      baseUrl: (ods) => `${origin}${gpConnectBasePath(ods)}`,
      bookings: (ods, nhs) => storeOf(ods).bookings(nhs),
      takeSlot,
      cancelAppointment,
      stats: (ods) => storeOf(ods).stats(),
      patients: (ods, limit = 50) => o.patientRecordsOf(ods, limit),
    }),
  };
  return net;
}
