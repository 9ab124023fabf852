/**
 * SANDBOX EXTENSION, not GP Connect: publishing the slots a practice generates from its rota.
 *
 * GP Connect has no API to create slots: the practice's own clinical system owns its Schedules and Slots. The desk
 * plays that system here, so the sandbox takes them as a FHIR R4 transaction at the service base:
 *
 *   POST /appointments/FHIR/R4   Bundle type 'transaction' (at most MAX_ENTRIES entries), each entry one of:
 *   - Schedule, request POST 'Schedule' with ifNoneExist 'actor=Practitioner/{id}&actor=Location/{id}' and a
 *     'urn:uuid:' fullUrl: the clinician's schedule at that site, created only when there is none; Slots refer to
 *     it by that fullUrl (or to an existing 'Schedule/{id}' directly);
 *   - Slot, request PUT 'Slot/{id}': created when new (status free or busy-unavailable; never busy). A slot that
 *     already exists with the same time and schedule is left exactly as it is (a booked slot stays booked), so
 *     publishing the same slots again changes nothing: idempotent by id. A different time or schedule is refused
 *     (a published slot never moves), and so is a new slot overlapping another slot of the same clinician;
 *   - Slot, request PATCH 'Slot/{id}' with a FHIRPath Patch Parameters resource replacing Slot.status with 'free' or
 *     'busy-unavailable' (leave blocks slots; removing it gives them back). A booked slot is refused (409): its
 *     appointment must be moved first.
 * All or nothing: every entry is checked before any is applied. The answer is a 'transaction-response' Bundle.
 * X-Request-ID de-duplicates a retried POST like any other write (routes.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SlotRecord, SlotType, ScheduleRecord } from './data';
import { gpcError, type GpcError } from './errors';
import type { AppointmentStore } from './store';
import { formatLondon, parseMoment } from './time';
import { GPC_EXTENSION, SANDBOX_EXTENSION, type DeliveryChannel } from './types';

export const MAX_ENTRIES = 2_000;
/** Longest slot accepted (the rota's own limit); it also bounds the overlap search. */
export const MAX_SLOT_MINUTES = 240;
const MINUTE = 60_000;

const FhirId = z.string().regex(/^[A-Za-z0-9.-]{1,64}$/, 'must be a FHIR id (1–64 letters, digits, - or .)');
const DateTime = z.string().refine((s) => parseMoment(s)?.kind === 'dateTime', 'must be a dateTime with a UTC offset');
const Flag = z.looseObject({ url: z.string(), valueCode: z.string().optional(), valueBoolean: z.boolean().optional(), valueDateTime: DateTime.optional() });
const Extension = Flag.extend({ extension: z.array(Flag).optional() });

const Entry = z.looseObject({
  fullUrl: z.string().optional(),
  resource: z.looseObject({ resourceType: z.string() }),
  request: z.looseObject({ method: z.enum(['POST', 'PUT', 'PATCH']), url: z.string(), ifNoneExist: z.string().optional() }),
});
const Transaction = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('transaction', "only 'transaction' bundles are accepted"),
  entry: z.array(Entry).min(1, 'a transaction needs at least one entry').max(MAX_ENTRIES, `at most ${MAX_ENTRIES} entries in one transaction`),
});
const ScheduleResource = z.looseObject({ resourceType: z.literal('Schedule'), actor: z.array(z.looseObject({ reference: z.string() })).min(2) });
const SlotResource = z.looseObject({
  resourceType: z.literal('Slot'),
  id: FhirId,
  status: z.enum(['free', 'busy-unavailable'], "a published slot is 'free' or 'busy-unavailable' (it cannot be created booked)"),
  start: DateTime,
  end: DateTime,
  schedule: z.looseObject({ reference: z.string() }),
  serviceType: z.array(z.looseObject({ text: z.string().min(1) })).min(1, 'serviceType[0].text names the slot type'),
  extension: z.array(Extension).optional(),
});
const StatusPatch = z.looseObject({
  resourceType: z.literal('Parameters'),
  parameter: z
    .array(
      z.looseObject({
        name: z.literal('operation'),
        part: z.array(z.looseObject({ name: z.string(), valueCode: z.string().optional(), valueString: z.string().optional() })),
      }),
    )
    .length(1, 'exactly one operation'),
});

export interface TransactionResponse {
  resourceType: 'Bundle';
  id: string;
  meta: { lastUpdated: string };
  type: 'transaction-response';
  entry: { response: { status: string; location: string; etag: string; lastModified: string } }[];
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: GpcError };
const invalid = (at: number, message: string): Outcome<never> => ({ ok: false, error: gpcError('INVALID_RESOURCE', `entry[${at}]: ${message}`) });
const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(resource)'} ${i.message}`).join('; ');

/** The Schedule an entry stands for: found, or to be created when the transaction applies. */
interface ScheduleRef {
  practitionerId: string;
  locationId: string;
  existing: ScheduleRecord | undefined;
}

interface NewSlot {
  at: number;
  id: string;
  schedule: ScheduleRef;
  startMs: number;
  endMs: number;
  status: 'free' | 'busy-unavailable';
  typeKey: string;
  type: Omit<SlotType, 'role'>;
  online: boolean;
  bookableFromMs: number;
}

type Step =
  | { kind: 'schedule'; ref: ScheduleRef }
  | { kind: 'create'; slot: NewSlot }
  | { kind: 'unchanged'; slot: SlotRecord }
  | { kind: 'status'; slot: SlotRecord; status: 'free' | 'busy-unavailable' };

function actorIds(refs: readonly string[]): { practitionerId: string | null; locationId: string | null } {
  const pick = (type: string) => refs.find((r) => r.startsWith(`${type}/`))?.slice(type.length + 1) ?? null;
  return { practitionerId: pick('Practitioner'), locationId: pick('Location') };
}

function readSchedule(store: AppointmentStore, at: number, entry: z.infer<typeof Entry>): Outcome<ScheduleRef> {
  if (entry.request.method !== 'POST' || entry.request.url !== 'Schedule') return invalid(at, "a Schedule is created with POST 'Schedule'");
  if (!entry.fullUrl?.startsWith('urn:uuid:')) return invalid(at, "a new Schedule needs a 'urn:uuid:' fullUrl for the Slots to refer to");
  const r = ScheduleResource.safeParse(entry.resource);
  if (!r.success) return invalid(at, `invalid Schedule: ${issues(r.error)}`);
  const { practitionerId, locationId } = actorIds(r.data.actor.map((a) => a.reference));
  if (!practitionerId || !locationId) return invalid(at, 'Schedule.actor must reference a Practitioner and a Location');
  const wanted = new URLSearchParams(entry.request.ifNoneExist ?? '').getAll('actor').sort();
  if (wanted.join('&') !== [`Location/${locationId}`, `Practitioner/${practitionerId}`].join('&')) {
    return invalid(at, 'Schedules are created conditionally: ifNoneExist=actor=Practitioner/{id}&actor=Location/{id}, naming the same actors, so publishing twice makes one');
  }
  if (!store.clinician(practitionerId)) return { ok: false, error: gpcError('REFERENCE_NOT_FOUND', `entry[${at}]: Practitioner/${practitionerId} does not exist`) };
  if (!store.locationExists(locationId)) return { ok: false, error: gpcError('REFERENCE_NOT_FOUND', `entry[${at}]: Location/${locationId} does not exist`) };
  return { ok: true, value: { practitionerId, locationId, existing: store.scheduleAt(practitionerId, locationId) } };
}

function readSlot(store: AppointmentStore, at: number, entry: z.infer<typeof Entry>, urns: ReadonlyMap<string, ScheduleRef>): Outcome<Step> {
  const r = SlotResource.safeParse(entry.resource);
  if (!r.success) return invalid(at, `invalid Slot: ${issues(r.error)}`);
  const s = r.data;
  if (entry.request.url !== `Slot/${s.id}`) return invalid(at, `request.url must be Slot/${s.id}`);
  const ref = s.schedule.reference;
  let schedule: ScheduleRef | undefined = urns.get(ref);
  if (!schedule && ref.startsWith('Schedule/')) {
    const found = store.schedule(ref.slice('Schedule/'.length));
    if (found) schedule = { practitionerId: found.practitionerId, locationId: found.locationId, existing: found };
  }
  if (!schedule) return { ok: false, error: gpcError('REFERENCE_NOT_FOUND', `entry[${at}]: Slot.schedule ${ref} is neither a Schedule nor a Schedule entry of this transaction`) };
  const startMs = Date.parse(s.start);
  const endMs = Date.parse(s.end);
  if (endMs <= startMs) return invalid(at, 'Slot.end must be after Slot.start');
  if (endMs - startMs > MAX_SLOT_MINUTES * MINUTE) return invalid(at, `a slot is at most ${MAX_SLOT_MINUTES} minutes long`);

  const known = store.slot(s.id);
  if (known) {
    const was = store.schedule(known.scheduleId)!;
    const same = known.startMs === startMs && known.endMs === endMs && was.practitionerId === schedule.practitionerId && was.locationId === schedule.locationId;
    if (!same) return invalid(at, `Slot/${s.id} already exists at another time or in another schedule: a published slot never moves`);
    return { ok: true, value: { kind: 'unchanged', slot: known } };
  }

  const flags = (s.extension ?? []).find((e) => e.url === SANDBOX_EXTENSION.slotFlags)?.extension ?? [];
  const flag = (url: string) => flags.find((f) => f.url === url);
  const channel = (s.extension ?? []).find((e) => e.url === GPC_EXTENSION.deliveryChannel)?.valueCode ?? 'In-person';
  if (!['In-person', 'Telephone', 'Video', 'Visit'].includes(channel)) return invalid(at, `unknown delivery channel '${channel}'`);
  const embargo = flag('embargoedUntil')?.valueDateTime;
  const type: NewSlot['type'] = {
    code: flag('slotType')?.valueCode ?? 'unknown',
    name: s.serviceType[0]!.text,
    minutes: Math.round((endMs - startMs) / MINUTE),
    urgent: flag('urgent')?.valueBoolean ?? false,
    onlineBookable: flag('onlineBookable')?.valueBoolean ?? false,
    embargo: { kind: 'none' }, // the release instant is given per slot (bookableFromMs)
    deliveryChannel: channel as DeliveryChannel,
    bookable: s.status === 'free',
  };
  return {
    ok: true,
    value: {
      kind: 'create',
      slot: {
        at, id: s.id, schedule, startMs, endMs, status: s.status, type, typeKey: JSON.stringify(type),
        online: type.onlineBookable, bookableFromMs: embargo ? Date.parse(embargo) : Number.NEGATIVE_INFINITY,
      },
    },
  };
}

function readPatch(store: AppointmentStore, at: number, entry: z.infer<typeof Entry>): Outcome<Step> {
  const m = /^Slot\/([^/]+)$/.exec(entry.request.url);
  if (!m) return invalid(at, 'PATCH is accepted for Slot/{id} only');
  const p = StatusPatch.safeParse(entry.resource);
  if (!p.success) return invalid(at, `invalid FHIRPath Patch: ${issues(p.error)}`);
  const part = (name: string) => p.data.parameter[0]!.part.find((x) => x.name === name);
  const value = part('value')?.valueCode;
  if (part('type')?.valueCode !== 'replace' || part('path')?.valueString !== 'Slot.status' || (value !== 'free' && value !== 'busy-unavailable')) {
    return invalid(at, "only 'replace Slot.status' with 'free' or 'busy-unavailable' is accepted");
  }
  const slot = store.slot(m[1]!);
  if (!slot) return { ok: false, error: gpcError('NO_RECORD_FOUND', `entry[${at}]: Slot/${m[1]} does not exist`) };
  if (slot.status === 'busy') return { ok: false, error: gpcError('DUPLICATE_REJECTED', `entry[${at}]: Slot/${slot.id} is booked: move its appointment first`) };
  return { ok: true, value: { kind: 'status', slot, status: value } };
}

/** New slots must not overlap each other or any slot of the same clinician (at any of their sites). */
function overlapping(store: AppointmentStore, created: readonly NewSlot[]): string | null {
  const byClinician = new Map<string, NewSlot[]>();
  for (const s of created) byClinician.set(s.schedule.practitionerId, [...(byClinician.get(s.schedule.practitionerId) ?? []), s]);
  for (const [practitionerId, list] of byClinician) {
    list.sort((a, b) => a.startMs - b.startMs);
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.startMs < list[i - 1]!.endMs) return `entry[${list[i]!.at}]: Slot/${list[i]!.id} overlaps Slot/${list[i - 1]!.id} of the same transaction`;
    }
    const schedules = store.schedulesOf(practitionerId);
    for (const s of list) {
      for (const schedule of schedules) {
        const slots = schedule.slots;
        let lo = 0;
        let hi = slots.length;
        const earliest = s.startMs - MAX_SLOT_MINUTES * MINUTE;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (slots[mid]!.startMs < earliest) lo = mid + 1;
          else hi = mid;
        }
        for (let i = lo; i < slots.length && slots[i]!.startMs < s.endMs; i++) {
          if (slots[i]!.endMs > s.startMs) return `entry[${s.at}]: Slot/${s.id} overlaps Slot/${slots[i]!.id} of the same practitioner`;
        }
      }
    }
  }
  return null;
}

/** Check every entry, then apply them all (or none). */
export function applyTransaction(store: AppointmentStore, body: unknown): Outcome<TransactionResponse> {
  const bundle = Transaction.safeParse(body);
  if (!bundle.success) return { ok: false, error: gpcError('INVALID_RESOURCE', `Invalid transaction Bundle: ${issues(bundle.error)}`) };
  const entries = bundle.data.entry;
  const urns = new Map<string, ScheduleRef>();
  const steps: Step[] = [];
  const ids = new Set<string>();
  for (const [at, entry] of entries.entries()) {
    const type = entry.resource.resourceType;
    let step: Outcome<Step>;
    if (type === 'Schedule') {
      const ref = readSchedule(store, at, entry);
      if (!ref.ok) return ref;
      urns.set(entry.fullUrl!, ref.value);
      step = { ok: true, value: { kind: 'schedule', ref: ref.value } };
    } else if (type === 'Slot' && entry.request.method === 'PUT') {
      step = readSlot(store, at, entry, urns);
    } else if (type === 'Parameters' && entry.request.method === 'PATCH') {
      step = readPatch(store, at, entry);
    } else {
      return invalid(at, 'accepted are: Schedule (conditional POST), Slot (PUT) and Slot status (PATCH with Parameters)');
    }
    if (!step.ok) return step;
    const slotId = step.value.kind === 'create' ? step.value.slot.id : step.value.kind === 'schedule' ? null : step.value.slot.id;
    if (slotId !== null) {
      if (ids.has(slotId)) return invalid(at, `Slot/${slotId} appears twice in the transaction`);
      ids.add(slotId);
    }
    steps.push(step.value);
  }
  const clash = overlapping(store, steps.flatMap((s) => (s.kind === 'create' ? [s.slot] : [])));
  if (clash) return { ok: false, error: gpcError('INVALID_RESOURCE', clash) };

  // Everything checked: apply.
  const stamp = store.clock.stamp();
  const lastModified = new Date(stamp).toISOString();
  const schedules = new Map<string, ScheduleRecord>();
  const scheduleOf = (ref: ScheduleRef): ScheduleRecord => {
    const key = `${ref.practitionerId}|${ref.locationId}`;
    let s = schedules.get(key) ?? ref.existing ?? store.scheduleAt(ref.practitionerId, ref.locationId);
    s ??= store.addSchedule(ref.practitionerId, ref.locationId);
    schedules.set(key, s);
    return s;
  };
  const types = new Map<string, SlotType>(); // one shared type object per kind of slot, as in the generated data
  const records: SlotRecord[] = [];
  const answer = (status: string, location: string, version: number) => ({ response: { status, location, etag: `W/"${version}"`, lastModified } });
  const out: TransactionResponse['entry'] = steps.map((step) => {
    switch (step.kind) {
      case 'schedule': {
        const existed = step.ref.existing !== undefined || schedules.has(`${step.ref.practitionerId}|${step.ref.locationId}`);
        const s = scheduleOf(step.ref);
        return answer(existed ? '200 OK' : '201 Created', `Schedule/${s.id}/_history/1`, 1);
      }
      case 'unchanged':
        return answer('200 OK', `Slot/${step.slot.id}/_history/${step.slot.version}`, step.slot.version);
      case 'status':
        store.setSlotStatus(step.slot, step.status, stamp);
        return answer('200 OK', `Slot/${step.slot.id}/_history/${step.slot.version}`, step.slot.version);
      case 'create': {
        const n = step.slot;
        const schedule = scheduleOf(n.schedule);
        let type = types.get(`${schedule.role}|${n.typeKey}`);
        if (!type) types.set(`${schedule.role}|${n.typeKey}`, (type = { ...n.type, role: schedule.role }));
        records.push({
          id: n.id, scheduleId: schedule.id, type, startMs: n.startMs, endMs: n.endMs, start: formatLondon(n.startMs), end: formatLondon(n.endMs),
          status: n.status, appointmentId: null, version: 1, lastUpdatedMs: stamp, bookableFromMs: n.bookableFromMs, online: n.online,
        });
        return answer('201 Created', `Slot/${n.id}/_history/1`, 1);
      }
    }
  });
  store.addSlots(records);
  return { ok: true, value: { resourceType: 'Bundle', id: randomUUID(), meta: { lastUpdated: lastModified }, type: 'transaction-response', entry: out } };
}
