/**
 * The appointments endpoints under /appointments/FHIR/R4 (GP Connect Appointment Management 1.2
 * semantics, FHIR R4 shapes; NOTES §3). Handlers return a response object so server.ts can apply
 * faults uniformly. Nothing here logs.
 *
 *   GET  /Slot?status=free&start=ge..&end=le..&_include=Slot:schedule[&_include:recurse=…][&searchFilter=…]
 *   GET  /Slot?start=ge..&end=le..&_include=Slot:schedule&_all-states=true[&status=..][&schedule=..][&_revinclude=Appointment:slot]
 *        (sandbox extension: the practice's own book, every slot state, ≤ 28 days)
 *   GET  /Slot/{id}, /Schedule/{id}, /Practitioner/{id}, /Location/{id}, /Organization/{id}
 *   POST /Appointment                      book (X-Request-ID de-duplicated)
 *   GET  /Appointment?_lastUpdated=gt<instant>   changes feed (sandbox extension)
 *   GET  /Appointment/{id}                 read
 *   PUT  /Appointment/{id}   If-Match      amend description/comment, or cancel (served to other organisations:
 *                                          only by the booking organisation, named by the JWT's requesting_organization)
 *   GET  /Patient/{nhsNumber}/Appointment?start=ge<date>&start=le<date>
 *   POST /                                 transaction Bundle of Schedules/Slots (sandbox extension: slot
 *                                          publishing from the practice's rota; see publish.ts)
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { BodyTooLargeError, header, readBody, type RawResponse } from '../http';
import { isValidSandboxNhsNumber } from '../nhs-numbers';
import { parseIfMatch, responseHeaders } from '../pds.headers';
import { idSeq, ROLE_CODES, type AppointmentRecord, type SlotRecord } from './data';
import { gpcError, type GpcError } from './errors';
import { applyTransaction, type TransactionResponse } from './publish';
import type { AppointmentStore, BookingRequest } from './store';
import { DAY_MS, formatLondon, londonDay, londonStartOfDay, parseMoment } from './time';
import {
  GPC_EXTENSION,
  GPC_PROFILE,
  SANDBOX_EXTENSION,
  SYSTEM,
  type Appointment,
  type AppointmentsBundle,
  type AppointmentsResource,
  type BundleEntry,
  type Organization,
  type Schedule,
  type Slot,
} from './types';

export const APPOINTMENTS_BASE_PATH = '/appointments/FHIR/R4';
export const MAX_FREE_SLOT_DAYS = 14;
export const MAX_ALL_STATES_DAYS = 28;
const REMEMBERED_REPLIES = 10_000;
/** A transaction of 2,000 slots is about 1.5 MB. */
const PUBLISH_BODY_LIMIT = 4_000_000;

const RECURSE = new Set(['Schedule:actor:Practitioner', 'Schedule:actor:Location', 'Location:managingOrganization']);
const FILTER_SYSTEMS = new Set([SYSTEM.organisationType, SYSTEM.odsOrganisation]);

// ---------- request body schemas ----------

const ReferenceSchema = z.looseObject({
  reference: z.string().optional(),
  identifier: z.looseObject({ system: z.string(), value: z.string() }).optional(),
  display: z.string().optional(),
});
const ExtensionSchema = z.looseObject({
  url: z.string(),
  valueReference: ReferenceSchema.optional(),
  valueString: z.string().optional(),
  valueCode: z.string().optional(),
});
const ContainedOrganisationSchema = z.looseObject({
  resourceType: z.literal('Organization'),
  id: z.string().min(1),
  identifier: z.array(z.looseObject({ system: z.literal(SYSTEM.odsOrganisation), value: z.string().min(1) })).min(1),
  name: z.string().min(1),
});
const AppointmentBodySchema = z.looseObject({
  resourceType: z.literal('Appointment'),
  id: z.string().optional(),
  status: z.enum(['booked', 'cancelled']),
  start: z.string().refine((s) => parseMoment(s)?.kind === 'dateTime', 'must be a dateTime with a UTC offset'),
  end: z.string().refine((s) => parseMoment(s)?.kind === 'dateTime', 'must be a dateTime with a UTC offset'),
  slot: z.array(z.looseObject({ reference: z.string().regex(/^Slot\/[^/]+$/, 'must be Slot/{id}') })).min(1),
  participant: z.array(z.looseObject({ actor: ReferenceSchema, status: z.string().optional() })).min(1),
  description: z.string().trim().min(1).max(100),
  comment: z.string().max(500).optional(),
  created: z.string().optional(),
  contained: z.array(z.looseObject({ resourceType: z.string(), id: z.string().optional() })).optional(),
  extension: z.array(ExtensionSchema).optional(),
});
type AppointmentBody = z.infer<typeof AppointmentBodySchema>;

/** Elements a consumer MUST NOT send when booking (NOTES §3.3); R4 names included. */
const FORBIDDEN_ON_BOOK = ['reason', 'reasonCode', 'reasonReference', 'specialty', 'cancelationReason'];

// ---------- responses ----------

export interface AppointmentsResponse {
  status: number;
  headers: Record<string, string>;
  body: AppointmentsResource | AppointmentsBundle | GpcError['body'] | TransactionResponse;
}

/** The organisation asking, as GP Connect names it: the searchFilter of a slot search, the booking organisation of a booking. */
export interface Consumer {
  odsCodes: string[];
  orgTypes: string[];
}

/**
 * Serving another organisation (GP Connect slot availability management): only slots the provider shares with the
 * consumer are searched and booked; the practice's own extensions (every slot state, publishing, the changes feed)
 * are not offered.
 */
export interface SlotSharing {
  shared(slot: SlotRecord, consumer: Consumer): boolean;
}

export interface AppointmentsApiOptions {
  /** Where this API is served (default /appointments/FHIR/R4, the practice's own book). */
  basePath?: string;
  /** Set when the API serves other organisations (the /gpconnect/{ods}/FHIR/R4 endpoints). */
  sharing?: SlotSharing;
}

interface StoredReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class AppointmentsApi {
  private readonly replies = new Map<string, StoredReply>();
  /**
   * Called with each valid booking just before it is applied (not for replays of a stored reply):
   * the takeNextBookedSlot fault uses it to let another desk take the slot first.
   */
  beforeBook: ((request: BookingRequest) => void) | null = null;

  constructor(
    readonly store: AppointmentStore,
    private readonly opts: AppointmentsApiOptions = {},
  ) {}

  private get base(): string {
    return this.opts.basePath ?? APPOINTMENTS_BASE_PATH;
  }

  /** Returns the raw response (body serialised), replaying stored replies for repeated X-Request-IDs. */
  async handle(req: IncomingMessage, url: URL): Promise<RawResponse> {
    const method = req.method ?? 'GET';
    const requestId = header(req, 'x-request-id')?.toLowerCase();
    const replayKey = requestId && (method === 'POST' || method === 'PUT') ? `${method} ${url.pathname} ${requestId}` : null;
    if (replayKey) {
      const earlier = this.replies.get(replayKey);
      if (earlier) return { status: earlier.status, headers: { ...responseHeaders(req), ...earlier.headers }, body: earlier.body };
    }
    const answer = await this.route(req, url);
    const raw: RawResponse = { status: answer.status, headers: answer.headers, body: JSON.stringify(answer.body) };
    // Only successful writes are remembered: a retried booking gets its first answer and books nothing more.
    if (replayKey && answer.status >= 200 && answer.status < 300) this.remember(replayKey, raw, req);
    return raw;
  }

  private remember(key: string, raw: RawResponse, req: IncomingMessage): void {
    if (this.replies.size >= REMEMBERED_REPLIES) {
      const oldest = this.replies.keys().next();
      if (!oldest.done) this.replies.delete(oldest.value);
    }
    const own = new Set(Object.keys(responseHeaders(req)));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.headers)) if (!own.has(k) || k === 'Content-Type') headers[k] = v;
    this.replies.set(key, { status: raw.status, headers, body: raw.body });
  }

  private async route(req: IncomingMessage, url: URL): Promise<AppointmentsResponse> {
    const method = req.method ?? 'GET';
    const error = (e: GpcError): AppointmentsResponse => ({ status: e.status, headers: { ...responseHeaders(req), ...e.headers }, body: e.body });
    const path = url.pathname;
    const base = this.base;
    if (path !== base && !path.startsWith(`${base}/`)) {
      return error(gpcError('NO_RECORD_FOUND', 'No such resource path'));
    }
    const parts = path.slice(base.length).split('/').filter(Boolean).map(safeDecode);
    const only = (allow: string): AppointmentsResponse => error(methodNotAllowed(method, allow));
    const origin = `http://${header(req, 'host') ?? 'localhost'}`;
    const ctx: Ctx = { req, url, origin, error };

    const [type, id, sub] = parts;
    // Serving other organisations: publishing and the changes feed belong to the practice's own system.
    const external = this.opts.sharing !== undefined;
    if (external && (type === undefined || (type === 'Appointment' && id === undefined && method === 'GET'))) {
      return error(gpcError('NOT_IMPLEMENTED', 'Not offered to other organisations'));
    }
    if (type === undefined) return method === 'POST' ? this.publish(ctx) : only('POST');
    if (type === 'Slot' && id === undefined) return method === 'GET' ? this.searchSlots(ctx) : only('GET');
    if (type === 'Appointment' && id === undefined) {
      if (method === 'POST') return this.book(ctx);
      if (method === 'GET') return this.changes(ctx);
      return only('GET, POST');
    }
    if (type === 'Appointment' && id !== undefined && sub === undefined) {
      if (method === 'GET') return this.readAppointment(ctx, id);
      if (method === 'PUT') return this.update(ctx, id);
      return only('GET, PUT');
    }
    if (type === 'Patient' && id !== undefined && sub === 'Appointment' && parts.length === 3) {
      return method === 'GET' ? this.patientAppointments(ctx, id) : only('GET');
    }
    if (type !== undefined && id !== undefined && sub === undefined && ['Slot', 'Schedule', 'Practitioner', 'Location', 'Organization'].includes(type)) {
      if (method !== 'GET') return only('GET');
      const resource = this.readOther(type, id, origin);
      return resource ? ok(req, resource) : error(gpcError('NO_RECORD_FOUND', `${type}/${id} does not exist`));
    }
    return error(gpcError('NO_RECORD_FOUND', 'No such resource path'));
  }

  // ---------- Slot search ----------

  private searchSlots(ctx: Ctx): AppointmentsResponse {
    const q = ctx.url.searchParams;
    const allStates = q.get('_all-states') === 'true';
    if (q.has('_all-states') && !allStates) return ctx.error(gpcError('INVALID_PARAMETER', "_all-states must be 'true' when sent"));

    const statuses = q.getAll('status');
    let wanted: Set<string> | null = null;
    if (allStates) {
      if (statuses.length > 0) {
        wanted = new Set(statuses.flatMap((s) => s.split(',')));
        for (const s of wanted) if (!['free', 'busy', 'busy-unavailable'].includes(s)) return ctx.error(gpcError('INVALID_PARAMETER', `Unknown slot status '${s}'`));
      }
    } else {
      if (statuses.length === 0) return ctx.error(gpcError('BAD_REQUEST', "The 'status' parameter is mandatory and must be 'free'"));
      if (statuses.length > 1 || statuses[0] !== 'free') return ctx.error(gpcError('INVALID_PARAMETER', "The 'status' parameter must be 'free'"));
    }

    const includes = q.getAll('_include');
    if (!includes.includes('Slot:schedule')) return ctx.error(gpcError('BAD_REQUEST', "The '_include=Slot:schedule' parameter is mandatory"));
    for (const i of includes) if (i !== 'Slot:schedule') return ctx.error(gpcError('INVALID_PARAMETER', `Unsupported _include '${i}'`));
    const recurse = new Set(q.getAll('_include:recurse'));
    for (const r of recurse) if (!RECURSE.has(r)) return ctx.error(gpcError('INVALID_PARAMETER', `Unsupported _include:recurse '${r}'`));
    const consumer: Consumer = { odsCodes: [], orgTypes: [] };
    for (const f of q.getAll('searchFilter')) {
      const [system, value] = f.split('|');
      if (!system || !value || !FILTER_SYSTEMS.has(system as never)) return ctx.error(gpcError('INVALID_PARAMETER', `Unsupported searchFilter '${f}'`));
      if (system === SYSTEM.odsOrganisation) consumer.odsCodes.push(value.toUpperCase());
      else consumer.orgTypes.push(value);
    }
    const sharing = this.opts.sharing;
    if (sharing && allStates) return ctx.error(gpcError('INVALID_PARAMETER', '_all-states is not offered to other organisations'));
    const revinclude = q.getAll('_revinclude');
    for (const r of revinclude) {
      if (r !== 'Appointment:slot' || !allStates) return ctx.error(gpcError('INVALID_PARAMETER', `Unsupported _revinclude '${r}'`));
    }

    const range = parseRange(q, allStates ? MAX_ALL_STATES_DAYS : MAX_FREE_SLOT_DAYS);
    if (!range.ok) return ctx.error(range.error);

    let scheduleFilter: Set<string> | null = null;
    if (allStates && q.has('schedule')) {
      scheduleFilter = new Set(q.getAll('schedule').flatMap((s) => s.split(',')).map((s) => s.replace(/^Schedule\//, '')));
    }

    const now = this.store.clock.now();
    const slots = allStates
      ? this.store.slotsWithin(range.fromMs, range.toMs, (s) => (!wanted || wanted.has(s.status)) && (!scheduleFilter || scheduleFilter.has(s.scheduleId)))
      : this.store.slotsWithin(range.fromMs, range.toMs, (s) => this.store.isBookableNow(s, now) && (!sharing || sharing.shared(s, consumer)));

    const base = this.base;
    const entries: BundleEntry[] = slots.map((s) => entry(ctx.origin, base, this.slotResource(s, allStates), 'match'));
    if (slots.length > 0) {
      const scheduleIds = unique(slots.map((s) => s.scheduleId));
      const schedules = scheduleIds.map((id) => this.scheduleResource(id));
      entries.push(...schedules.map((s) => entry(ctx.origin, base, s, 'include')));
      const records = scheduleIds.map((id) => this.store.schedule(id)!);
      if (recurse.has('Schedule:actor:Practitioner')) {
        for (const pid of unique(records.map((r) => r.practitionerId))) entries.push(entry(ctx.origin, base, this.store.clinician(pid)!.practitioner, 'include'));
      }
      if (recurse.has('Schedule:actor:Location')) {
        for (const lid of unique(records.map((r) => r.locationId))) entries.push(entry(ctx.origin, base, this.store.data.locations.find((l) => l.id === lid)!, 'include'));
      }
      // GP Connect: the Organization is always returned with the slots.
      entries.push(entry(ctx.origin, base, this.store.data.organization, 'include'));
      if (revinclude.length > 0) {
        for (const aid of unique(slots.flatMap((s) => (s.appointmentId ? [s.appointmentId] : [])))) {
          entries.push(entry(ctx.origin, base, this.store.appointment(aid)!.resource, 'include'));
        }
      }
    }
    return ok(ctx.req, bundle(entries, slots.length, this.store.clock.stamp()));
  }

  // ---------- Slot publishing (sandbox extension) ----------

  private async publish(ctx: Ctx): Promise<AppointmentsResponse> {
    let json: unknown;
    try {
      json = JSON.parse(await readBody(ctx.req, PUBLISH_BODY_LIMIT));
    } catch (e) {
      return ctx.error(gpcError('BAD_REQUEST', e instanceof BodyTooLargeError ? e.message : 'The request body is not valid JSON'));
    }
    const result = applyTransaction(this.store, json);
    if (!result.ok) return ctx.error(result.error);
    return ok(ctx.req, result.value);
  }

  // ---------- Appointments ----------

  private async book(ctx: Ctx): Promise<AppointmentsResponse> {
    const parsed = await readAppointmentBody(ctx.req);
    if (!parsed.ok) return ctx.error(parsed.error);
    const body = parsed.value;
    const forbidden = FORBIDDEN_ON_BOOK.filter((k) => k in body);
    if (forbidden.length > 0) return ctx.error(gpcError('INVALID_RESOURCE', `Must not be sent when booking: ${forbidden.join(', ')}`));
    if (body.status !== 'booked') return ctx.error(gpcError('INVALID_RESOURCE', "status must be 'booked'"));
    if ((body.extension ?? []).some((e) => e.url === GPC_EXTENSION.cancellationReason)) {
      return ctx.error(gpcError('INVALID_RESOURCE', 'Must not send a cancellation reason when booking'));
    }
    const request = toBookingRequest(body);
    if (!request.ok) return ctx.error(request.error);
    const sharing = this.opts.sharing;
    if (sharing) {
      const org = request.value.bookingOrganisation;
      const consumer: Consumer = {
        odsCodes: org.identifier.map((i) => i.value.toUpperCase()),
        orgTypes: (org.type ?? []).flatMap((t) => (t.coding ?? []).flatMap((c) => (c.system === SYSTEM.organisationType && c.code ? [c.code] : []))),
      };
      for (const slotId of request.value.slotIds) {
        const slot = this.store.slot(slotId);
        if (slot && !sharing.shared(slot, consumer)) {
          return ctx.error(gpcError('INVALID_RESOURCE', `Slot/${slotId} is not offered to the booking organisation`));
        }
      }
    }
    const requestId = header(ctx.req, 'x-request-id');
    if (requestId) request.value.requestId = requestId;
    this.beforeBook?.(request.value);
    const result = this.store.book(request.value);
    if (!result.ok) return ctx.error(result.error);
    return this.appointmentReply(ctx, result.value, 201);
  }

  private readAppointment(ctx: Ctx, id: string): AppointmentsResponse {
    const record = this.store.appointment(id);
    if (!record) return ctx.error(gpcError('NO_RECORD_FOUND', `Appointment/${id} does not exist`));
    return this.appointmentReply(ctx, record, 200);
  }

  private async update(ctx: Ctx, id: string): Promise<AppointmentsResponse> {
    const record = this.store.appointment(id);
    if (!record) return ctx.error(gpcError('NO_RECORD_FOUND', `Appointment/${id} does not exist`));
    // Serving other organisations: only the organisation that booked an appointment may amend or cancel it.
    if (this.opts.sharing) {
      const asking = requestingOrganisation(ctx.req);
      if (!asking.ok) return ctx.error(asking.error);
      if (bookingOrganisationOds(record.resource) !== asking.value) {
        return ctx.error(gpcError('ACCESS_DENIED', `Appointment/${id} was not booked by ${asking.value}: only the booking organisation may amend or cancel it`));
      }
    }
    const ifMatch = header(ctx.req, 'if-match');
    if (!ifMatch) return ctx.error(gpcError('PRECONDITION_FAILED', 'If-Match header must be supplied to update an appointment'));
    const version = parseIfMatch(ifMatch);
    if (version === null) return ctx.error(gpcError('BAD_REQUEST', `Invalid If-Match '${ifMatch}': expected W/"<version>"`));
    const parsed = await readAppointmentBody(ctx.req);
    if (!parsed.ok) return ctx.error(parsed.error);
    if (parsed.value.id !== id) return ctx.error(gpcError('BAD_REQUEST', 'The Appointment id in the body must match the id in the URL'));
    if (version !== String(record.version)) {
      return ctx.error(gpcError('CONFLICT', `Appointment/${id} is at version ${record.version}; re-read it and apply the change again`));
    }
    const result = this.store.update(id, parsed.value as unknown as Appointment);
    if (!result.ok) return ctx.error(result.error);
    return this.appointmentReply(ctx, result.value, 200);
  }

  private changes(ctx: Ctx): AppointmentsResponse {
    const values = ctx.url.searchParams.getAll('_lastUpdated');
    if (values.length !== 1) return ctx.error(gpcError('BAD_REQUEST', "Exactly one '_lastUpdated=gt<instant>' parameter is required"));
    const raw = values[0]!.replace(/ /g, '+');
    const m = /^(gt|ge)(.+)$/.exec(raw);
    const moment = m ? parseMoment(m[2]!) : null;
    if (!m || !moment) return ctx.error(gpcError('INVALID_PARAMETER', "_lastUpdated must be gt<instant> or ge<instant>, e.g. gt2026-11-25T07:30:00.000Z"));
    const ms = moment.kind === 'date' ? londonStartOfDay(moment.day) : moment.ms;
    const changed = this.store.changedSince(m[1] === 'ge' ? ms - 1 : ms);
    const entries = changed.map((a) => entry(ctx.origin, this.base, a.resource, 'match'));
    return ok(ctx.req, bundle(entries, entries.length, this.store.clock.stamp()));
  }

  private patientAppointments(ctx: Ctx, nhsNumber: string): AppointmentsResponse {
    if (!/^\d{10}$/.test(nhsNumber) || !isValidSandboxNhsNumber(nhsNumber)) return ctx.error(gpcError('INVALID_NHS_NUMBER', 'The patient id must be a valid NHS number'));
    if (!this.store.patientKnown(nhsNumber)) return ctx.error(gpcError('PATIENT_NOT_FOUND', 'No patient with that NHS number'));
    const starts = ctx.url.searchParams.getAll('start');
    const ge = starts.filter((s) => s.startsWith('ge'));
    const le = starts.filter((s) => s.startsWith('le'));
    if (starts.length !== 2 || ge.length !== 1 || le.length !== 1) {
      return ctx.error(gpcError('INVALID_PARAMETER', "Exactly two 'start' parameters are required: start=ge<yyyy-mm-dd>&start=le<yyyy-mm-dd>"));
    }
    const from = parseMoment(ge[0]!.slice(2));
    const to = parseMoment(le[0]!.slice(2));
    if (from?.kind !== 'date' || to?.kind !== 'date') return ctx.error(gpcError('INVALID_PARAMETER', "The 'start' parameters must be dates (yyyy-mm-dd)"));
    if (to.day < from.day) return ctx.error(gpcError('INVALID_PARAMETER', 'The search range ends before it starts'));
    if (from.day < londonDay(this.store.clock.now())) return ctx.error(gpcError('INVALID_PARAMETER', 'The search range must not start in the past'));
    const found = this.store.patientAppointments(nhsNumber, londonStartOfDay(from.day), londonStartOfDay(to.day + 1));
    const entries = found.map((a) => entry(ctx.origin, this.base, a.resource, 'match'));
    return ok(ctx.req, bundle(entries, entries.length, this.store.clock.stamp()));
  }

  private appointmentReply(ctx: Ctx, record: AppointmentRecord, status: 200 | 201): AppointmentsResponse {
    const headers: Record<string, string> = { ...responseHeaders(ctx.req), ETag: `W/"${record.version}"` };
    if (status === 201) headers.Location = `${ctx.origin}${this.base}/Appointment/${record.resource.id}`;
    return { status, headers, body: structuredClone(record.resource) };
  }

  // ---------- resource views ----------

  slotResource(s: SlotRecord, withAppointment: boolean): Slot {
    const flags: NonNullable<Slot['extension'][number]['extension']> = [
      { url: 'slotType', valueCode: s.type.code },
      { url: 'urgent', valueBoolean: s.type.urgent },
      { url: 'onlineBookable', valueBoolean: s.online },
    ];
    if (Number.isFinite(s.bookableFromMs)) flags.push({ url: 'embargoedUntil', valueDateTime: formatLondon(s.bookableFromMs) });
    const extension: Slot['extension'] = [
      { url: GPC_EXTENSION.deliveryChannel, valueCode: s.type.deliveryChannel },
      { url: SANDBOX_EXTENSION.slotFlags, extension: flags },
    ];
    if (withAppointment && s.appointmentId) extension.push({ url: SANDBOX_EXTENSION.slotAppointment, valueReference: { reference: `Appointment/${s.appointmentId}` } });
    return {
      resourceType: 'Slot',
      id: s.id,
      meta: { versionId: String(s.version), lastUpdated: new Date(s.lastUpdatedMs).toISOString(), profile: [GPC_PROFILE.slot] },
      extension,
      serviceType: [{ text: s.type.name }],
      schedule: { reference: `Schedule/${s.scheduleId}` },
      status: s.status,
      start: s.start,
      end: s.end,
    };
  }

  scheduleResource(id: string): Schedule {
    const r = this.store.schedule(id)!;
    const role = ROLE_CODES[r.role];
    const { horizonStartMs, horizonEndMs, organization } = this.store.data;
    return {
      resourceType: 'Schedule',
      id: r.id,
      meta: { versionId: '1', lastUpdated: organization.meta.lastUpdated ?? new Date(0).toISOString(), profile: [GPC_PROFILE.schedule] },
      extension: [
        { url: GPC_EXTENSION.practitionerRole, valueCodeableConcept: { coding: [{ system: SYSTEM.sdsJobRole, code: role.code, display: role.display }] } },
      ],
      serviceCategory: [{ text: role.category }],
      actor: [{ reference: `Location/${r.locationId}` }, { reference: `Practitioner/${r.practitionerId}` }],
      planningHorizon: { start: formatLondon(horizonStartMs), end: formatLondon(horizonEndMs) },
    };
  }

  private readOther(type: string, id: string, _origin: string): AppointmentsResource | undefined {
    const d = this.store.data;
    switch (type) {
      case 'Slot': {
        const s = this.store.slot(id);
        return s ? this.slotResource(s, true) : undefined;
      }
      case 'Schedule':
        return this.store.schedule(id) ? this.scheduleResource(id) : undefined;
      case 'Practitioner':
        return this.store.clinician(id)?.practitioner;
      case 'Location':
        return d.locations.find((l) => l.id === id);
      case 'Organization':
        return d.organization.id === id ? d.organization : undefined;
      default:
        return undefined;
    }
  }
}

interface Ctx {
  req: IncomingMessage;
  url: URL;
  origin: string;
  error: (e: GpcError) => AppointmentsResponse;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: GpcError };

async function readAppointmentBody(req: IncomingMessage): Promise<Parsed<AppointmentBody>> {
  let json: unknown;
  try {
    json = JSON.parse(await readBody(req, 100_000));
  } catch (e) {
    return { ok: false, error: gpcError('BAD_REQUEST', e instanceof BodyTooLargeError ? e.message : 'The request body is not valid JSON') };
  }
  const parsed = AppointmentBodySchema.safeParse(json);
  if (!parsed.success) {
    // Paths and rule messages only: never echo values (they may carry patient details).
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return { ok: false, error: gpcError('INVALID_RESOURCE', `Invalid Appointment: ${issues}`) };
  }
  return { ok: true, value: parsed.data };
}

function toBookingRequest(body: AppointmentBody): Parsed<BookingRequest> {
  const invalid = (msg: string): Parsed<BookingRequest> => ({ ok: false, error: gpcError('INVALID_RESOURCE', msg) });
  let nhsNumber: string | undefined;
  let locationId: string | undefined;
  let practitionerId: string | undefined;
  for (const p of body.participant) {
    const ref = p.actor.reference ?? '';
    const ident = p.actor.identifier;
    if (ref.startsWith('Patient/') || ident?.system === SYSTEM.nhsNumber) {
      const value = ref.startsWith('Patient/') ? ref.slice('Patient/'.length) : ident!.value;
      if (nhsNumber !== undefined) return invalid('Exactly one Patient participant is allowed');
      nhsNumber = value;
    } else if (ref.startsWith('Location/')) {
      if (locationId !== undefined) return invalid('Exactly one Location participant is allowed');
      locationId = ref.slice('Location/'.length);
    } else if (ref.startsWith('Practitioner/')) {
      if (practitionerId !== undefined) return invalid('At most one Practitioner participant is allowed');
      practitionerId = ref.slice('Practitioner/'.length);
    } else {
      return invalid('Participants must reference a Patient (NHS number), a Location or a Practitioner');
    }
  }
  if (nhsNumber === undefined) return invalid('A Patient participant (Patient/{nhsNumber} or an NHS number identifier) is required');
  if (!isValidSandboxNhsNumber(nhsNumber)) return { ok: false, error: gpcError('INVALID_NHS_NUMBER', 'The Patient participant is not a valid NHS number') };
  if (locationId === undefined) return invalid('A Location participant is required');

  const bookingExt = (body.extension ?? []).find((e) => e.url === GPC_EXTENSION.bookingOrganisation);
  const ref = bookingExt?.valueReference?.reference;
  if (!ref || !ref.startsWith('#')) return invalid('The BookingOrganisation extension referencing a contained Organization is required');
  const contained = (body.contained ?? []).find((c) => c.id === ref.slice(1));
  const org = ContainedOrganisationSchema.safeParse(contained);
  if (!org.success) return invalid('The booking organisation must be a contained Organization with an ODS code and a name');

  const request: BookingRequest = {
    slotIds: body.slot.map((s) => s.reference.slice('Slot/'.length)),
    start: body.start,
    end: body.end,
    nhsNumber,
    locationId,
    description: body.description,
    bookingOrganisation: org.data as unknown as Organization,
  };
  if (practitionerId !== undefined) request.practitionerId = practitionerId;
  if (body.comment !== undefined) request.comment = body.comment;
  if (body.created !== undefined) request.created = body.created;
  return { ok: true, value: request };
}

const JwtClaims = z.looseObject({
  requesting_organization: z.looseObject({
    resourceType: z.literal('Organization'),
    identifier: z.array(z.looseObject({ system: z.string(), value: z.string().min(1) })).min(1),
  }),
});

/**
 * The consumer's organisation, as GP Connect names it on every request: the `requesting_organization` claim of
 * the unsigned JWT in `Authorization: Bearer …` (alg none; the Spine Secure Proxy vouches for the caller). The
 * sandbox reads only that claim. Its ODS code, upper-cased; 400 BAD_REQUEST when missing or unreadable.
 */
export function requestingOrganisation(req: IncomingMessage): Parsed<string> {
  const bad = (msg: string): Parsed<string> => ({ ok: false, error: gpcError('BAD_REQUEST', msg) });
  const auth = header(req, 'authorization');
  const m = auth ? /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.?([A-Za-z0-9_-]*)$/.exec(auth.trim()) : null;
  if (!m) return bad('The Authorization header must carry the consumer\'s GP Connect JWT (Bearer), naming the requesting organisation');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(m[2]!, 'base64url').toString('utf8'));
  } catch {
    return bad('The JWT in the Authorization header could not be read');
  }
  const parsed = JwtClaims.safeParse(claims);
  const ods = parsed.success ? parsed.data.requesting_organization.identifier.find((i) => i.system === SYSTEM.odsOrganisation)?.value : undefined;
  if (!ods) return bad('The JWT must name the requesting_organization with its ODS code');
  return { ok: true, value: ods.toUpperCase() };
}

/** The ODS code of the organisation that booked an appointment (its BookingOrganisation, a contained Organization). */
function bookingOrganisationOds(a: Appointment): string | null {
  const ref = (a.extension ?? []).find((e) => e.url === GPC_EXTENSION.bookingOrganisation)?.valueReference?.reference;
  const org = (a.contained ?? []).find((c) => c.resourceType === 'Organization' && (!ref || `#${c.id}` === ref));
  return org?.identifier.find((i) => i.system === SYSTEM.odsOrganisation)?.value.toUpperCase() ?? null;
}

type Range = { ok: true; fromMs: number; toMs: number } | { ok: false; error: GpcError };

/** start=ge<date|dateTime> and end=le<date|dateTime>, each exactly once; a date end includes that whole day. */
function parseRange(q: URLSearchParams, maxDays: number): Range {
  const starts = q.getAll('start');
  const ends = q.getAll('end');
  if (starts.length === 0 || ends.length === 0) return { ok: false, error: gpcError('BAD_REQUEST', "The 'start' and 'end' parameters are mandatory") };
  if (starts.length > 1 || ends.length > 1) return { ok: false, error: gpcError('INVALID_PARAMETER', "'start' and 'end' may each be sent once") };
  // A '+' in an offset that was not %-encoded arrives as a space.
  const s = starts[0]!.replace(/ /g, '+');
  const e = ends[0]!.replace(/ /g, '+');
  if (!s.startsWith('ge') || !e.startsWith('le')) return { ok: false, error: gpcError('INVALID_PARAMETER', "Use start=ge<date> and end=le<date>") };
  const from = parseMoment(s.slice(2));
  const to = parseMoment(e.slice(2));
  if (!from || !to) return { ok: false, error: gpcError('INVALID_PARAMETER', "'start'/'end' must be yyyy-mm-dd or yyyy-mm-ddThh:mm:ss+hh:mm") };
  const fromMs = from.kind === 'date' ? londonStartOfDay(from.day) : from.ms;
  const toValueMs = to.kind === 'date' ? londonStartOfDay(to.day) : to.ms;
  const toMs = to.kind === 'date' ? londonStartOfDay(to.day + 1) : to.ms;
  if (toValueMs < fromMs) return { ok: false, error: gpcError('INVALID_PARAMETER', "'end' is before 'start'") };
  const span = from.kind === 'date' && to.kind === 'date' ? (to.day - from.day) * DAY_MS : toValueMs - fromMs - 3_600_000; // an hour's grace across a clock change
  if (span > maxDays * DAY_MS) return { ok: false, error: gpcError('INVALID_PARAMETER', `The search range must not be longer than ${maxDays} days`) };
  return { ok: true, fromMs, toMs };
}

function ok(req: IncomingMessage, body: AppointmentsResponse['body']): AppointmentsResponse {
  return { status: 200, headers: responseHeaders(req), body };
}

function entry(origin: string, base: string, resource: AppointmentsResource, mode: 'match' | 'include'): BundleEntry {
  return { fullUrl: `${origin}${base}/${resource.resourceType}/${resource.id ?? ''}`, resource, search: { mode } };
}

function bundle(entries: BundleEntry[], total: number, stampMs: number): AppointmentsBundle {
  return { resourceType: 'Bundle', id: randomUUID(), meta: { lastUpdated: new Date(stampMs).toISOString() }, type: 'searchset', total, entry: entries };
}

function methodNotAllowed(method: string, allow: string): GpcError {
  const e = gpcError('METHOD_NOT_ALLOWED', `Method '${method}' is not supported here`);
  return { ...e, headers: { Allow: allow } };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)].sort((a, b) => idSeq(a) - idSeq(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

