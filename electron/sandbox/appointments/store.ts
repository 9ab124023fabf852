/**
 * In-memory appointment book: slots indexed by start (sorted array + binary search) and by
 * schedule, appointments by id and by patient, plus a change log for the changes feed.
 * Every mutation is synchronous, so two racing bookings of one slot cannot both succeed.
 */
import { gpcError, type GpcError } from './errors';
import {
  appointmentExtensions,
  bookingOrganisation,
  idSeq,
  PRACTICE,
  ROLE_CODES,
  type AppointmentRecord,
  type AppointmentsData,
  type Clinician,
  type ScheduleRecord,
  type SlotRecord,
} from './data';
import { formatLondon } from './time';
import { GPC_EXTENSION, GPC_PROFILE, type Appointment, type Organization } from './types';

/**
 * The sandbox's clock. With a fixed `today` it starts at 07:30 London that day (before the surgery
 * opens and before on-the-day embargoes lift at 08:00) and runs in real time from there; tests can set it.
 */
/** The NHS App as the booking organisation of appointments patients make themselves (NHS England's ODS code). */
export const ONLINE_BOOKER = { odsCode: 'X26', name: 'NHS App', phone: '0300 311 22 33' } as const;

export class SandboxClock {
  private base: number;
  private startedAt = Date.now();
  private last = Number.NEGATIVE_INFINITY;

  constructor(startMs?: number) {
    this.base = startMs ?? Date.now();
  }

  now(): number {
    return this.base + (Date.now() - this.startedAt);
  }

  set(ms: number): void {
    this.base = ms;
    this.startedAt = Date.now();
    this.last = Number.NEGATIVE_INFINITY;
  }

  /** A strictly increasing "now" for meta.lastUpdated and feed cursors, so no change shares a cursor's millisecond. */
  stamp(): number {
    this.last = Math.max(this.now(), this.last + 1);
    return this.last;
  }
}

export interface BookingRequest {
  slotIds: string[];
  start: string;
  end: string;
  nhsNumber: string;
  locationId: string;
  practitionerId?: string;
  description: string;
  comment?: string;
  created?: string;
  bookingOrganisation: Organization;
  /** The X-Request-ID the booking arrived with, kept so tests can check a change landed exactly once. */
  requestId?: string;
}

/** One booked appointment as the sandbox control API reports it (GET /_sandbox/appointments/bookings). */
export interface SandboxBooking {
  id: string;
  /** The first (usually only) slot. */
  slotId: string;
  start: string;
  status: 'booked';
  /** null for generated appointments and other-desk bookings. */
  requestId: string | null;
}

export type StoreResult<T> = { ok: true; value: T } | { ok: false; error: GpcError };

const fail = <T>(error: GpcError): StoreResult<T> => ({ ok: false, error });

export interface AppointmentsStats {
  clinicians: number;
  locations: number;
  schedules: number;
  slots: { total: number; free: number; busy: number; busyUnavailable: number };
  appointments: { total: number; booked: number; cancelled: number };
  horizon: { start: string; end: string };
  now: string;
}

export class AppointmentStore {
  readonly slots: readonly SlotRecord[];
  private readonly slotsById = new Map<string, SlotRecord>();
  private readonly schedulesById = new Map<string, ScheduleRecord>();
  private readonly cliniciansById = new Map<string, Clinician>();
  private readonly appointmentsById = new Map<string, AppointmentRecord>();
  private readonly byPatient = new Map<string, AppointmentRecord[]>();
  /** (lastUpdatedMs, id) in order of change; an id may appear more than once. */
  private readonly changeLog: { ms: number; id: string }[] = [];
  /** Appointment id -> the X-Request-ID that created it. */
  private readonly requestIds = new Map<string, string>();
  private nextId: number;
  /** The ODS code of the organisation whose book this is: its own desks may book embargoed slots. */
  readonly ownOds: string;

  constructor(
    readonly data: AppointmentsData,
    readonly clock: SandboxClock,
    private readonly patientExists: (nhsNumber: string) => boolean,
  ) {
    this.slots = data.slots;
    for (const s of data.slots) this.slotsById.set(s.id, s);
    for (const s of data.schedules) this.schedulesById.set(s.id, s);
    for (const c of data.clinicians) this.cliniciansById.set(c.practitioner.id, c);
    const ordered = [...data.appointments].sort((a, b) => a.lastUpdatedMs - b.lastUpdatedMs);
    for (const a of ordered) this.index(a);
    this.nextId = data.appointments.reduce((m, a) => Math.max(m, idSeq(a.resource.id) || 0), 0) + 1;
    this.ownOds = (data.organization.identifier[0]?.value ?? PRACTICE.odsCode).toUpperCase();
  }

  private index(a: AppointmentRecord): void {
    this.appointmentsById.set(a.resource.id, a);
    const list = this.byPatient.get(a.nhsNumber);
    if (list) list.push(a);
    else this.byPatient.set(a.nhsNumber, [a]);
    this.changeLog.push({ ms: a.lastUpdatedMs, id: a.resource.id });
  }

  patientKnown(nhsNumber: string): boolean {
    return this.patientExists(nhsNumber);
  }

  slot(id: string): SlotRecord | undefined {
    return this.slotsById.get(id);
  }
  schedule(id: string): ScheduleRecord | undefined {
    return this.schedulesById.get(id);
  }
  clinician(practitionerId: string): Clinician | undefined {
    return this.cliniciansById.get(practitionerId);
  }
  appointment(id: string): AppointmentRecord | undefined {
    return this.appointmentsById.get(id);
  }

  /** Slots lying fully inside [fromMs, toMs], in start order. */
  slotsWithin(fromMs: number, toMs: number, keep: (s: SlotRecord) => boolean): SlotRecord[] {
    const all = this.slots;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (all[mid]!.startMs < fromMs) lo = mid + 1;
      else hi = mid;
    }
    const out: SlotRecord[] = [];
    for (let i = lo; i < all.length; i++) {
      const s = all[i]!;
      if (s.startMs >= toMs) break;
      if (s.endMs <= toMs && keep(s)) out.push(s);
    }
    return out;
  }

  /** GP Connect free-slot rules: free, released (embargo over), in the future, not a home visit. */
  isBookableNow(s: SlotRecord, nowMs: number): boolean {
    return s.status === 'free' && s.bookableFromMs <= nowMs && s.startMs > nowMs && s.type.deliveryChannel !== 'Visit';
  }

  patientAppointments(nhsNumber: string, fromMs: number, toMs: number): AppointmentRecord[] {
    return (this.byPatient.get(nhsNumber) ?? [])
      .filter((a) => a.startMs >= fromMs && a.startMs < toMs)
      .sort((a, b) => a.startMs - b.startMs || idSeq(a.resource.id) - idSeq(b.resource.id));
  }

  /** The patient's booked (not cancelled) appointments, past and future, in start order. */
  bookings(nhsNumber: string): SandboxBooking[] {
    return (this.byPatient.get(nhsNumber) ?? [])
      .filter((a) => a.resource.status === 'booked')
      .sort((a, b) => a.startMs - b.startMs || idSeq(a.resource.id) - idSeq(b.resource.id))
      .map((a) => ({ id: a.resource.id, slotId: a.slotIds[0]!, start: a.resource.start, status: 'booked', requestId: this.requestIds.get(a.resource.id) ?? null }));
  }

  /** Appointments created or changed strictly after `ms`, oldest change first, each once (latest state). */
  changedSince(ms: number): AppointmentRecord[] {
    const log = this.changeLog;
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (log[mid]!.ms <= ms) lo = mid + 1;
      else hi = mid;
    }
    const seen = new Set<string>();
    const out: AppointmentRecord[] = [];
    for (let i = log.length - 1; i >= lo; i--) {
      const id = log[i]!.id;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(this.appointmentsById.get(id)!);
    }
    return out.reverse();
  }

  book(req: BookingRequest): StoreResult<AppointmentRecord> {
    const now = this.clock.now();
    const slots: SlotRecord[] = [];
    for (const id of req.slotIds) {
      const s = this.slotsById.get(id);
      if (!s) return fail(gpcError('REFERENCE_NOT_FOUND', `Slot/${id} does not exist`));
      slots.push(s);
    }
    slots.sort((a, b) => a.startMs - b.startMs);
    const first = slots[0]!;
    const last = slots[slots.length - 1]!;
    for (let i = 1; i < slots.length; i++) {
      const prev = slots[i - 1]!;
      const s = slots[i]!;
      if (s.scheduleId !== first.scheduleId || s.startMs !== prev.endMs || s.type.deliveryChannel !== first.type.deliveryChannel || s.type.name !== first.type.name) {
        return fail(gpcError('INVALID_RESOURCE', 'Multiple slots must be adjacent, from the same Schedule, with the same delivery channel and service type'));
      }
    }
    if (Date.parse(req.start) !== first.startMs || Date.parse(req.end) !== last.endMs) {
      return fail(gpcError('INVALID_RESOURCE', 'Appointment start and end must match the start of the first slot and the end of the last slot'));
    }
    const schedule = this.schedulesById.get(first.scheduleId)!;
    if (req.locationId !== schedule.locationId) {
      return fail(gpcError('INVALID_RESOURCE', `The Location participant must be the slot's Location (Location/${schedule.locationId})`));
    }
    if (req.practitionerId !== undefined && req.practitionerId !== schedule.practitionerId) {
      return fail(gpcError('INVALID_RESOURCE', `The Practitioner participant must be the slot's Practitioner (Practitioner/${schedule.practitionerId})`));
    }
    if (!this.patientExists(req.nhsNumber)) return fail(gpcError('REFERENCE_NOT_FOUND', 'The Patient participant does not exist'));
    if (first.startMs <= now) return fail(gpcError('INVALID_RESOURCE', 'Appointments can only be booked in the future'));
    for (const s of slots) {
      if (s.status !== 'free') return fail(gpcError('DUPLICATE_REJECTED', `Slot/${s.id} is no longer free`));
      // The practice's own desks may book into embargoed slots; other organisations only once they are released.
      const own = req.bookingOrganisation.identifier.some((i) => i.value.toUpperCase() === this.ownOds);
      if (!own && s.bookableFromMs > now) return fail(gpcError('DUPLICATE_REJECTED', `Slot/${s.id} is not released for booking until ${formatLondon(s.bookableFromMs)}`));
      // Patients booking for themselves (the NHS App) see only the slots the practice offers online.
      const online = req.bookingOrganisation.identifier.some((i) => i.value.toUpperCase() === ONLINE_BOOKER.odsCode);
      if (online && !s.online) return fail(gpcError('DUPLICATE_REJECTED', `Slot/${s.id} is not offered for online booking`));
    }

    const stamp = this.clock.stamp();
    const clinician = this.cliniciansById.get(schedule.practitionerId)!;
    const id = `${this.data.idPrefix ?? ''}${this.nextId++}`;
    const resource: AppointmentRecord['resource'] = {
      resourceType: 'Appointment',
      id,
      meta: { versionId: '1', lastUpdated: new Date(stamp).toISOString(), profile: [GPC_PROFILE.appointment] },
      contained: [{ ...req.bookingOrganisation, meta: { ...req.bookingOrganisation.meta, profile: [GPC_PROFILE.organization] } }],
      extension: [
        { url: GPC_EXTENSION.bookingOrganisation, valueReference: { reference: `#${req.bookingOrganisation.id}` } },
        ...appointmentExtensions(clinician.role, first.type),
      ],
      status: 'booked',
      serviceCategory: [{ text: ROLE_CODES[clinician.role].category }],
      serviceType: [{ text: first.type.name }],
      description: req.description,
      start: first.start,
      end: last.end,
      slot: slots.map((s) => ({ reference: `Slot/${s.id}` })),
      created: req.created ?? formatLondon(stamp),
      participant: [
        { actor: { reference: `Patient/${req.nhsNumber}`, identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: req.nhsNumber } }, status: 'accepted' },
        { actor: { reference: `Location/${schedule.locationId}`, display: this.data.locations.find((l) => l.id === schedule.locationId)?.name ?? '' }, status: 'accepted' },
        { actor: { reference: `Practitioner/${schedule.practitionerId}` }, status: 'accepted' },
      ],
    };
    if (req.comment !== undefined) resource.comment = req.comment;
    const record: AppointmentRecord = { resource, startMs: first.startMs, nhsNumber: req.nhsNumber, slotIds: slots.map((s) => s.id), version: 1, lastUpdatedMs: stamp };
    for (const s of slots) {
      s.status = 'busy';
      s.appointmentId = id;
      s.version++;
      s.lastUpdatedMs = stamp;
    }
    this.index(record);
    if (req.requestId !== undefined) this.requestIds.set(id, req.requestId);
    return { ok: true, value: record };
  }

  /**
   * Amend (description/comment) or cancel (status -> cancelled + cancellation reason) from a full
   * Appointment body, after the If-Match check the caller made.
   */
  update(id: string, body: Appointment): StoreResult<AppointmentRecord> {
    const record = this.appointmentsById.get(id);
    if (!record) return fail(gpcError('NO_RECORD_FOUND', `Appointment/${id} does not exist`));
    const current = record.resource;
    if (current.status === 'cancelled') return fail(gpcError('INVALID_RESOURCE', 'A cancelled appointment cannot be changed'));
    if (record.startMs <= this.clock.now()) return fail(gpcError('INVALID_RESOURCE', 'Past appointments cannot be amended or cancelled'));
    if (canonical(unchangeable(current)) !== canonical(unchangeable(body))) {
      return fail(gpcError('INVALID_RESOURCE', 'Only description and comment can be amended, or status changed to cancelled with a cancellation reason'));
    }
    const reason = (body.extension ?? []).find((e) => e.url === GPC_EXTENSION.cancellationReason);
    if (body.status === 'booked' && reason) return fail(gpcError('INVALID_RESOURCE', 'A cancellation reason can only be sent when cancelling'));
    if (body.status === 'cancelled' && (typeof reason?.valueString !== 'string' || reason.valueString.trim() === '')) {
      return fail(gpcError('INVALID_RESOURCE', 'Cancelling needs the AppointmentCancellationReason extension with a valueString'));
    }

    const stamp = this.clock.stamp();
    const next: AppointmentRecord['resource'] = structuredClone(current);
    next.description = body.description;
    if (body.comment === undefined) delete next.comment;
    else next.comment = body.comment;
    next.status = body.status;
    if (body.status === 'cancelled' && reason) {
      next.extension = [...(next.extension ?? []), { url: GPC_EXTENSION.cancellationReason, valueString: reason.valueString ?? '' }];
      for (const slotId of record.slotIds) {
        const s = this.slotsById.get(slotId);
        if (s && s.appointmentId === id) {
          s.status = 'free';
          s.appointmentId = null;
          s.version++;
          s.lastUpdatedMs = stamp;
        }
      }
    }
    record.version++;
    record.lastUpdatedMs = stamp;
    next.meta = { ...next.meta, versionId: String(record.version), lastUpdated: new Date(stamp).toISOString() };
    record.resource = next;
    this.changeLog.push({ ms: stamp, id });
    return { ok: true, value: record };
  }

  // ---------- slot publishing (sandbox extension, see publish.ts) ----------

  /** The clinician's schedules, one per site they work at. */
  schedulesOf(practitionerId: string): ScheduleRecord[] {
    return this.data.schedules.filter((s) => s.practitionerId === practitionerId);
  }

  scheduleAt(practitionerId: string, locationId: string): ScheduleRecord | undefined {
    return this.data.schedules.find((s) => s.practitionerId === practitionerId && s.locationId === locationId);
  }

  locationExists(locationId: string): boolean {
    return this.data.locations.some((l) => l.id === locationId);
  }

  /** A new Schedule for a clinician at a site (numeric ids, like the generated ones). */
  addSchedule(practitionerId: string, locationId: string): ScheduleRecord {
    const clinician = this.cliniciansById.get(practitionerId);
    if (!clinician) throw new RangeError(`Practitioner/${practitionerId} does not exist`);
    const id = String(this.data.schedules.reduce((m, s) => Math.max(m, Number(s.id) || 0), 0) + 1);
    const record: ScheduleRecord = { id, practitionerId, locationId, role: clinician.role, slots: [] };
    this.data.schedules.push(record);
    this.schedulesById.set(id, record);
    return record;
  }

  /** Add published slots, keeping the start-ordered indexes (the global list and each schedule's) in order. */
  addSlots(records: readonly SlotRecord[]): void {
    if (records.length === 0) return;
    const touched = new Set<ScheduleRecord>();
    for (const r of records) {
      this.data.slots.push(r);
      this.slotsById.set(r.id, r);
      const schedule = this.schedulesById.get(r.scheduleId)!;
      schedule.slots.push(r);
      touched.add(schedule);
    }
    // Both lists were sorted and the additions are one more run: the sort merges rather than starts again.
    this.data.slots.sort(byStartThenId);
    for (const s of touched) s.slots.sort(byStartThenId);
  }

  setSlotStatus(slot: SlotRecord, status: 'free' | 'busy-unavailable', stampMs: number): boolean {
    if (slot.status === status) return false;
    slot.status = status;
    slot.version++;
    slot.lastUpdatedMs = stampMs;
    return true;
  }

  stats(): AppointmentsStats {
    let free = 0;
    let busy = 0;
    let busyUnavailable = 0;
    for (const s of this.slots) {
      if (s.status === 'free') free++;
      else if (s.status === 'busy') busy++;
      else busyUnavailable++;
    }
    let booked = 0;
    let cancelled = 0;
    for (const a of this.appointmentsById.values()) {
      if (a.resource.status === 'booked') booked++;
      else cancelled++;
    }
    return {
      clinicians: this.data.clinicians.length,
      locations: this.data.locations.length,
      schedules: this.data.schedules.length,
      slots: { total: this.slots.length, free, busy, busyUnavailable },
      appointments: { total: booked + cancelled, booked, cancelled },
      horizon: { start: formatLondon(this.data.horizonStartMs), end: formatLondon(this.data.horizonEndMs) },
      now: formatLondon(this.clock.now()),
    };
  }

  /** Patients booking online, through the NHS App. */
  static onlineAsBookingOrganisation(): Organization {
    return bookingOrganisation(ONLINE_BOOKER.odsCode, ONLINE_BOOKER.name, ONLINE_BOOKER.phone);
  }

  /** The next slot a patient could book online now: free, released, offered online, in the future. */
  nextOnlineSlot(nowMs: number, skip = 0): SlotRecord | undefined {
    let seen = 0;
    for (const s of this.slots) if (s.online && this.isBookableNow(s, nowMs) && seen++ >= skip) return s;
    return undefined;
  }

  /** The practice's own organisation as a booking organisation (desks and the sandbox controls). */
  static practiceAsBookingOrganisation(): Organization {
    return bookingOrganisation(PRACTICE.odsCode, PRACTICE.name, PRACTICE.phone);
  }
}

/** The generated order (start, then numeric id), with published ids (not numbers) after numeric ones at the same start. */
function byStartThenId(a: SlotRecord, b: SlotRecord): number {
  if (a.startMs !== b.startMs) return a.startMs - b.startMs;
  const x = Number(a.id);
  const y = Number(b.id);
  const xn = Number.isFinite(x);
  const yn = Number.isFinite(y);
  if (xn && yn) return x - y;
  if (xn !== yn) return xn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const AMENDABLE = new Set(['meta', 'id', 'description', 'comment', 'status', 'text']);

/** The parts of an Appointment that amend/cancel must leave alone. */
function unchangeable(a: Appointment): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) if (!AMENDABLE.has(k) && v !== undefined) out[k] = v;
  const ext = (a.extension ?? []).filter((e) => e.url !== GPC_EXTENSION.cancellationReason);
  if (ext.length > 0) out.extension = ext.map((e) => canonical(e)).sort();
  else delete out.extension;
  return out;
}

/** JSON with object keys sorted, so key order does not count as a change. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
