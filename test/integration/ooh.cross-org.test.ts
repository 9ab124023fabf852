import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { defaultSettings } from '../../electron/core/settings/settings.schema';
import { GPCONNECT_ROOT_PATH, startSandbox, type Sandbox } from '../../electron/sandbox';
import type { CrossBookingView, EncounterView, OohBoard, OohReport, ProviderView, SharedSlotView } from '../../shared/contract/ooh';
import { CancelRefusedError, GpConnectClient } from '../../electron/core/national/gpconnect.client';
import { FhirTransport } from '../../electron/core/national/http.transport';
import type { AttentionItem } from '../../shared/contract/sync';
import type { DayBook } from '../../shared/contract/appointments';
import type { Result } from '../../shared/result';
import { coreHarness, waitFor, type Harness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

/**
 * Issue 8 through the sandbox's care network over real HTTP and the whole core on real SQLite files: GP Connect
 * free-slot search respects each provider's sharing table and the 14-day limit; a booking the out-of-hours centre
 * makes into another practice's slot lands in that practice's book exactly once (counted by X-Request-ID), named
 * with the centre as the booking organisation; a booking into the demo practice shows in its own book once; a
 * slot just taken elsewhere is refused cleanly; offline it waits in the outbox and lands once on recovery.
 */
const temp = useTempDir();
let sandbox: Sandbox;
const cores: Core[] = [];
const TODAY = '2026-11-25'; // a Wednesday; the sandbox clock starts at 07:30 London
const ORG_TYPE = 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1';
const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
const SLOT_FLAGS = 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-SlotFlags';
const CANCEL_REASON = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: TODAY });
});
afterAll(async () => sandbox.close());
afterEach(async () => {
  await sandbox.faults.reset();
  for (const c of cores.splice(0)) await c.close();
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

/** A living patient registered at `ods`, with a name. */
function patientAt(ods: string, skip = 0): string {
  const p = sandbox.network.patients(ods).filter((x) => x.name?.[0]?.family)[skip];
  if (!p) throw new Error(`no patient at ${ods}`);
  return p.id;
}

async function desk(mode: 'out-of-hours' | 'practice' = 'out-of-hours', o: { fetch?: typeof fetch } = {}): Promise<Harness> {
  const s = defaultSettings();
  const h = await coreHarness({
    dataDir: temp(),
    pdsBaseUrl: sandbox.baseUrl,
    appointmentsBaseUrl: sandbox.appointments.baseUrl,
    bookClock: () => sandbox.appointments.now(),
    gpConnectRootUrl: `${sandbox.origin}${GPCONNECT_ROOT_PATH}`,
    settings: { outOfHours: { ...s.outOfHours, mode } },
    outboxRetryMs: 100,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  cores.push(h.core);
  await h.signIn('04A1B2C3', '123456');
  return h;
}

type Bundle = { total: number; entry?: { resource: { resourceType: string; id: string; extension?: { url: string; extension?: { url: string; valueCode?: string }[] }[] } }[]; issue?: { details: { coding: { code: string }[] } }[] };

async function search(ods: string, filters: string[], start = `ge${TODAY}`, end = 'le2026-12-08', extra = ''): Promise<{ status: number; body: Bundle }> {
  const q = `status=free&start=${start}&end=${end}&_include=Slot:schedule${filters.map((f) => `&searchFilter=${encodeURIComponent(f)}`).join('')}${extra}`;
  const res = await fetch(`${sandbox.network.baseUrl(ods)}/Slot?${q}`, { headers: { 'X-Request-ID': crypto.randomUUID() } });
  return { status: res.status, body: (await res.json()) as Bundle };
}

const slotTypes = (b: Bundle): Set<string> =>
  new Set(
    (b.entry ?? [])
      .filter((e) => e.resource.resourceType === 'Slot')
      .map((e) => e.resource.extension?.find((x) => x.url === SLOT_FLAGS)?.extension?.find((f) => f.url === 'slotType')?.valueCode ?? '?'),
  );
const spine = (b: Bundle) => b.issue?.[0]?.details.coding[0]?.code;

describe('the care network (sandbox): GP Connect free-slot search per organisation', () => {
  it('offers each consumer only the slot types the provider shares with it', async () => {
    const ooh = await search('Y90002', [`${ORG_TYPE}|urgent-care`, `${ODS}|Y90020`]);
    expect(ooh.status).toBe(200);
    expect(ooh.body.total).toBeGreaterThan(10);
    // Telephone slots are released 48 hours ahead, so routine GP slots are most of what is free.
    expect(slotTypes(ooh.body).has('routine-gp')).toBe(true);
    expect([...slotTypes(ooh.body)].every((t) => ['routine-gp', 'telephone'].includes(t))).toBe(true);

    const hub = await search('Y90002', [`${ORG_TYPE}|gp-practice`, `${ODS}|Y90010`]);
    expect([...slotTypes(hub.body)].every((t) => ['routine-gp', 'nurse-15'].includes(t))).toBe(true);
    expect(slotTypes(hub.body).has('nurse-15')).toBe(true);

    // A neighbouring practice Castle Street shares nothing with, and a search naming nobody: no slots.
    expect((await search('Y90002', [`${ORG_TYPE}|gp-practice`, `${ODS}|Y90003`])).body.total).toBe(0);
    expect((await search('Y90002', [])).body.total).toBe(0);

    // The hub shares with organisation types: any GP practice sees its routine, nurse and telephone slots.
    const fromHub = await search('Y90010', [`${ORG_TYPE}|gp-practice`, `${ODS}|Y90003`]);
    expect(fromHub.body.total).toBeGreaterThan(0);
    expect([...slotTypes(fromHub.body)].every((t) => ['routine-gp', 'nurse-15', 'telephone'].includes(t))).toBe(true);
  });

  it('keeps to the 14-day window, refuses the practice-only extensions and names no book for the OOH centre', async () => {
    const ok = await search('Y90002', [`${ODS}|Y90020`], `ge${TODAY}`, 'le2026-12-09');
    expect(ok.status).toBe(200);
    const tooLong = await search('Y90002', [`${ODS}|Y90020`], `ge${TODAY}`, 'le2026-12-10');
    expect(tooLong.status).toBe(422);
    expect(spine(tooLong.body)).toBe('INVALID_PARAMETER');
    const allStates = await search('Y90002', [`${ODS}|Y90020`], `ge${TODAY}`, 'le2026-12-01', '&_all-states=true');
    expect(allStates.status).toBe(422);
    const centre = await search('Y90020', [`${ODS}|Y90010`]);
    expect(centre.status).toBe(404);
    expect(spine(centre.body)).toBe('ORGANISATION_NOT_FOUND');
    // Slots in one book never share an id with another's.
    const ids = (b: Bundle) => (b.entry ?? []).filter((e) => e.resource.resourceType === 'Slot').map((e) => e.resource.id);
    expect(ids(ok.body).every((id) => id.startsWith('Y90002-'))).toBe(true);
  });
});

/** GP Connect's consumer JWT (unsigned, alg none) naming the requesting organisation. */
const jwt = (ods: string): string => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ requesting_organization: { resourceType: 'Organization', identifier: [{ system: ODS, value: ods }] } })}.`;
};

type FhirAppointment = { id: string; status: string; meta: { versionId: string }; slot: { reference: string }[]; extension?: { url: string; valueString?: string }[]; issue?: Bundle['issue'] };

async function readAppointment(ods: string, id: string): Promise<FhirAppointment> {
  return (await (await fetch(`${sandbox.network.baseUrl(ods)}/Appointment/${id}`)).json()) as FhirAppointment;
}

/** PUT the appointment back cancelled, as `asOds` (null: no JWT at all). */
async function putCancel(ods: string, a: FhirAppointment, asOds: string | null, version = a.meta.versionId): Promise<{ status: number; body: FhirAppointment }> {
  const body = { ...a, status: 'cancelled', extension: [...(a.extension ?? []), { url: CANCEL_REASON, valueString: 'Test' }] };
  const res = await fetch(`${sandbox.network.baseUrl(ods)}/Appointment/${a.id}`, {
    method: 'PUT', body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/fhir+json', 'If-Match': `W/"${version}"`, 'X-Request-ID': crypto.randomUUID(), ...(asOds ? { Authorization: `Bearer ${jwt(asOds)}` } : {}) },
  });
  return { status: res.status, body: (await res.json()) as FhirAppointment };
}

describe('the care network (sandbox): cancelling, only by the organisation that booked', () => {
  it('refuses an unnamed or different organisation (400 / 403 ACCESS_DENIED), cancels for the booking organisation once, then 422', async () => {
    const h = await desk();
    const nhs = patientAt('Y90002', 5);
    const { slots } = value(await h.call<{ slots: SharedSlotView[] }>('gpconnect:find-slots', { nhsNumber: nhs, providerOds: 'Y90002' }));
    const booked = value(await h.call<CrossBookingView>('gpconnect:book', { nhsNumber: nhs, slot: slots[5]! }));
    const a = await readAppointment('Y90002', booked.appointmentId!);
    expect(a.status).toBe('booked');

    const anonymous = await putCancel('Y90002', a, null);
    expect(anonymous.status).toBe(400);
    expect(spine(anonymous.body as unknown as Bundle)).toBe('BAD_REQUEST');
    for (const other of ['Y90010', 'Y90002', 'Y90001']) {
      // The hub, the provider's own ODS code and the demo practice: none of them booked it through GP Connect.
      const r = await putCancel('Y90002', a, other);
      expect(r.status).toBe(403);
      expect(spine(r.body as unknown as Bundle)).toBe('ACCESS_DENIED');
    }
    expect(await readAppointment('Y90002', a.id)).toMatchObject({ status: 'booked', meta: { versionId: '1' } });

    const mine = await putCancel('Y90002', a, 'Y90020');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } });
    const again = await putCancel('Y90002', mine.body, 'Y90020');
    expect(again.status).toBe(422);
    expect(spine(again.body as unknown as Bundle)).toBe('INVALID_RESOURCE');
  });

  it("the desk's GP Connect client, acting for another organisation, is refused in words and changes nothing", async () => {
    const h = await desk();
    const nhs = patientAt('Y90002', 6);
    const { slots } = value(await h.call<{ slots: SharedSlotView[] }>('gpconnect:find-slots', { nhsNumber: nhs, providerOds: 'Y90002' }));
    const booked = value(await h.call<CrossBookingView>('gpconnect:book', { nhsNumber: nhs, slot: slots[6]! }));
    const hubClient = new GpConnectClient({
      transport: new FhirTransport({ baseUrl: `${sandbox.origin}${GPCONNECT_ROOT_PATH}`, timeoutMs: 5_000, maxRetryAfterWaitMs: 0 }),
      consumer: () => ({ odsCode: 'Y90010', name: 'Leeds Central Extended Access Hub', gpcType: 'gp-practice', phone: '' }),
      providerName: () => 'Castle Street Surgery',
    });
    const requestId = crypto.randomUUID();
    const refused = await hubClient
      .cancel({ providerOds: 'Y90002', providerName: 'Castle Street Surgery', appointmentId: booked.appointmentId!, reason: 'Not ours to cancel', requestId })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CancelRefusedError);
    expect((refused as CancelRefusedError).plain).toBe('Castle Street Surgery would not let this organisation cancel it: only the organisation that booked an appointment may cancel it.');
    expect(await readAppointment('Y90002', booked.appointmentId!)).toMatchObject({ status: 'booked', meta: { versionId: '1' } });
    expect(sandbox.network.bookings('Y90002', nhs).filter((b) => b.id === booked.appointmentId)).toHaveLength(1);
  });
});

describe('out-of-hours desk: cross-organisation booking through the core', () => {
  it('finds shared slots at the registered practice and the hub (≤ 14 days), books one: the practice holds it once, booked by the centre', async () => {
    const h = await desk();
    const nhs = patientAt('Y90002');
    const record = value(await h.call<{ gpOdsCode: string; gpName: string }>('patients:open', { nhsNumber: nhs }));
    expect(record).toMatchObject({ gpOdsCode: 'Y90002', gpName: 'Castle Street Surgery' });

    const found = value(await h.call<{ providers: ProviderView[]; slots: SharedSlotView[] }>('gpconnect:find-slots', { nhsNumber: nhs, days: 14, limit: 200 }));
    expect(found.providers.map((p) => [p.odsCode, p.relation])).toEqual([['Y90002', 'registered-practice'], ['Y90010', 'hub']]);
    expect(found.providers.every((p) => p.problem === null)).toBe(true);
    expect(new Set(found.slots.map((s) => s.providerOds))).toEqual(new Set(['Y90002', 'Y90010']));
    const lastDay = Date.parse('2026-12-09T00:00:00Z');
    expect(found.slots.every((s) => Date.parse(s.start) < lastDay)).toBe(true);
    expect((await h.call('gpconnect:find-slots', { nhsNumber: nhs, days: 15 })).ok).toBe(false);

    const slot = found.slots.find((s) => s.providerOds === 'Y90002')!;
    const booked = value(await h.call<CrossBookingView>('gpconnect:book', { nhsNumber: nhs, slot }));
    expect(booked).toMatchObject({ status: 'booked', providerName: 'Castle Street Surgery', bookingOrganisation: { odsCode: 'Y90020', name: 'Leeds Out-of-Hours Centre' } });

    // In the practice's book exactly once, with the X-Request-ID it was sent with, and the centre as booking organisation.
    const inBook = sandbox.network.bookings('Y90002', nhs).filter((b) => b.slotId === slot.slotId);
    expect(inBook).toHaveLength(1);
    expect(inBook[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sandbox.requestsSeen(inBook[0]!.requestId!)).toBe(1);
    const appt = (await (await fetch(`${sandbox.network.baseUrl('Y90002')}/Appointment/${booked.appointmentId}`)).json()) as { contained: { identifier: { value: string }[]; name: string }[] };
    expect(appt.contained[0]).toMatchObject({ identifier: [{ value: 'Y90020' }], name: 'Leeds Out-of-Hours Centre' });

    // A repeat with the same X-Request-ID (a lost reply, a crash) books nothing more.
    const again = await fetch(`${sandbox.network.baseUrl('Y90002')}/Appointment`, {
      method: 'POST', headers: { 'Content-Type': 'application/fhir+json', 'X-Request-ID': inBook[0]!.requestId! }, body: JSON.stringify(appt),
    });
    expect(again.status).toBe(201);
    expect(sandbox.network.bookings('Y90002', nhs).filter((b) => b.requestId === inBook[0]!.requestId)).toHaveLength(1);

    // Listed on the desk with the other practice's name; audited against the patient.
    expect(value(await h.call<CrossBookingView[]>('gpconnect:bookings', { nhsNumber: nhs }))).toEqual([expect.objectContaining({ providerName: 'Castle Street Surgery', status: 'booked' })]);
    expect(h.core.repos.audit.listForPatient(nhs).map((r) => r.action)).toEqual(expect.arrayContaining(['cross-org.search', 'cross-org.book']));
  });

  it("a booking into the demo practice's slots is in the practice's own book exactly once", async () => {
    const centre = await desk();
    const nhs = patientAt('Y90001', 2);
    const found = value(await centre.call<{ providers: ProviderView[]; slots: SharedSlotView[] }>('gpconnect:find-slots', { nhsNumber: nhs, providerOds: 'Y90001' }));
    const slot = found.slots[0]!;
    expect(slot.slotId).toMatch(/^\d+$/); // the practice's own ids: the same store as its book
    const booked = value(await centre.call<CrossBookingView>('gpconnect:book', { nhsNumber: nhs, slot }));

    // The practice's own API (its desks' view of the book) holds it once...
    expect(sandbox.appointments.bookings(nhs).filter((b) => b.id === booked.appointmentId)).toHaveLength(1);
    // ...and a practice desk sees it once after its refresh.
    const practice = await desk('practice');
    const day = value(await practice.call<DayBook>('book:day', { day: slot.start.slice(0, 10) }));
    expect(day.appointments.filter((a) => a.id === booked.appointmentId)).toHaveLength(1);
    expect(day.slots.find((s) => s.id === slot.slotId)).toMatchObject({ display: 'booked', appointmentIds: [booked.appointmentId] });
  });

  it('refuses cleanly a slot another organisation has just taken, leaving nothing behind', async () => {
    const h = await desk();
    const nhs = patientAt('Y90002', 1);
    const { slots } = value(await h.call<{ slots: SharedSlotView[] }>('gpconnect:find-slots', { nhsNumber: nhs, providerOds: 'Y90002' }));
    const slot = slots[1]!;
    sandbox.network.takeSlot('Y90002', slot.slotId); // Castle Street's own reception books it first
    const r = await h.call('gpconnect:book', { nhsNumber: nhs, slot });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Another organisation has just booked that Castle Street Surgery slot/) } });
    expect(value(await h.call<CrossBookingView[]>('gpconnect:bookings', { nhsNumber: nhs }))).toEqual([]);
    expect(value(await h.call<AttentionItem[]>('sync:attention'))).toEqual([]);
    expect(h.core.repos.audit.listForPatient(nhs).find((a) => a.action === 'cross-org.book')).toMatchObject({ outcome: 'refused' });
  });

  it('offline, the booking waits in the outbox and lands exactly once when the practice answers again', async () => {
    const h = await desk();
    const nhs = patientAt('Y90002', 2);
    const { slots } = value(await h.call<{ slots: SharedSlotView[] }>('gpconnect:find-slots', { nhsNumber: nhs, providerOds: 'Y90002' }));
    const slot = slots[2]!;
    await sandbox.faults.set({ down: true });
    const queued = value(await h.call<CrossBookingView>('gpconnect:book', { nhsNumber: nhs, slot }));
    expect(queued).toMatchObject({ status: 'waiting-to-send', appointmentId: null });
    expect(sandbox.network.bookings('Y90002', nhs).filter((b) => b.slotId === slot.slotId)).toEqual([]);
    await sandbox.faults.reset();
    await h.core.outbox.kick();
    await waitFor(() => h.core.outbox.status().waiting === 0, 5_000);
    const after = value(await h.call<CrossBookingView[]>('gpconnect:bookings', { nhsNumber: nhs }));
    expect(after).toEqual([expect.objectContaining({ status: 'booked', appointmentId: expect.stringMatching(/^Y90002-/) })]);
    expect(sandbox.network.bookings('Y90002', nhs).filter((b) => b.slotId === slot.slotId)).toHaveLength(1);
  });
});

describe('out-of-hours desk: cancelling a booking made at another organisation', () => {
  /** A booking made online at Castle Street for a patient of theirs. */
  async function bookAtCastleStreet(h: Harness, skip: number, slotIndex: number): Promise<{ nhs: string; slot: SharedSlotView; booked: CrossBookingView }> {
    const nhs = patientAt('Y90002', skip);
    const { slots } = value(await h.call<{ slots: SharedSlotView[] }>('gpconnect:find-slots', { nhsNumber: nhs, providerOds: 'Y90002', limit: 200 }));
    const slot = slots[slotIndex]!;
    const booked = value(await h.call<CrossBookingView>('gpconnect:book', { nhsNumber: nhs, slot }));
    expect(booked).toMatchObject({ status: 'booked', cancellable: true });
    return { nhs, slot, booked };
  }
  /** Free slots Castle Street shares with the centre now, with this id (0 or 1). */
  const freeAgain = async (slotId: string) => (await search('Y90002', [`${ORG_TYPE}|urgent-care`, `${ODS}|Y90020`], `ge${TODAY}`, 'le2026-12-08')).body.entry?.filter((e) => e.resource.id === slotId).length ?? 0;
  const cancelsSent = (h: Harness) => h.core.outbox.recentlySent('gpconnect.cancel');

  it('online: the other organisation cancels it once, the slot is free again, the list says cancelled, audited against the NHS number', async () => {
    const h = await desk();
    const { nhs, slot, booked } = await bookAtCastleStreet(h, 7, 3);
    expect(await freeAgain(slot.slotId)).toBe(0);

    const cancelled = value(await h.call<CrossBookingView>('gpconnect:cancel', { bookingId: booked.id, reason: 'Patient feeling better' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellable: false, cancellation: { reason: 'Patient feeling better', beforeSending: false }, problem: null });

    // At Castle Street: cancelled once (one new version, one reason), with the desk's X-Request-ID seen once; the slot is free again, once.
    const a = await readAppointment('Y90002', booked.appointmentId!);
    expect(a).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } });
    expect(a.extension?.filter((x) => x.url === CANCEL_REASON)).toEqual([{ url: CANCEL_REASON, valueString: 'Patient feeling better' }]);
    const sent = cancelsSent(h);
    expect(sent).toHaveLength(1);
    expect(sandbox.requestsSeen(sent[0]!.requestId)).toBe(1);
    expect(sandbox.network.bookings('Y90002', nhs).filter((b) => b.slotId === slot.slotId)).toEqual([]);
    expect(await freeAgain(slot.slotId)).toBe(1);

    expect(value(await h.call<CrossBookingView[]>('gpconnect:bookings', { nhsNumber: nhs }))).toEqual([expect.objectContaining({ id: booked.id, status: 'cancelled' })]);
    expect(h.core.repos.audit.listForPatient(nhs).find((r) => r.action === 'cross-org.cancel')).toMatchObject({ outcome: 'ok' });
    expect(await h.call('gpconnect:cancel', { bookingId: booked.id, reason: 'Again' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/already cancelled/) } });
    expect(await h.call('gpconnect:cancel', { bookingId: 'xorg-nope', reason: 'Nothing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(value(await h.call<AttentionItem[]>('sync:attention'))).toEqual([]);
  });

  it('offline: the cancellation waits in the outbox and lands exactly once when Castle Street answers again', async () => {
    const h = await desk();
    const { nhs, slot, booked } = await bookAtCastleStreet(h, 8, 4);
    await sandbox.faults.set({ down: true });
    const queued = value(await h.call<CrossBookingView>('gpconnect:cancel', { bookingId: booked.id, reason: 'Going to A&E instead' }));
    expect(queued).toMatchObject({ status: 'cancel-waiting-to-send', cancellable: false });
    expect(h.core.outbox.status().waiting).toBe(1);
    expect(await readAppointment('Y90002', booked.appointmentId!).catch(() => null)).toBeNull(); // down: nothing answers
    expect(sandbox.network.bookings('Y90002', nhs).filter((b) => b.slotId === slot.slotId)).toHaveLength(1);

    await sandbox.faults.reset();
    await h.core.outbox.kick();
    await waitFor(() => h.core.outbox.status().waiting === 0, 5_000);
    expect(value(await h.call<CrossBookingView[]>('gpconnect:bookings', { nhsNumber: nhs }))).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    const a = await readAppointment('Y90002', booked.appointmentId!);
    expect(a).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } }); // one change: landed once
    expect(a.extension?.filter((x) => x.url === CANCEL_REASON)).toHaveLength(1);
    expect(sandbox.network.bookings('Y90002', nhs).filter((b) => b.slotId === slot.slotId)).toEqual([]);
    expect(await freeAgain(slot.slotId)).toBe(1);
    expect(cancelsSent(h)).toHaveLength(1);
    // Sent again (as after a crash before it was marked sent) with the same X-Request-ID: answered, not applied twice.
    const centreClient = new GpConnectClient({
      transport: new FhirTransport({ baseUrl: `${sandbox.origin}${GPCONNECT_ROOT_PATH}`, timeoutMs: 5_000, maxRetryAfterWaitMs: 0 }),
      consumer: () => ({ odsCode: 'Y90020', name: 'Leeds Out-of-Hours Centre', gpcType: 'urgent-care', phone: '' }),
      providerName: () => 'Castle Street Surgery',
    });
    const replayed = await centreClient.cancel({
      providerOds: 'Y90002', providerName: 'Castle Street Surgery', appointmentId: booked.appointmentId!, reason: 'Going to A&E instead', requestId: cancelsSent(h)[0]!.requestId,
    });
    expect(replayed.etag).toBe('W/"2"');
    expect((await readAppointment('Y90002', booked.appointmentId!)).meta.versionId).toBe('2');
  });

  it('reply lost mid-cancel: Castle Street cancels it, the desk waits to send, and the replay settles it as cancelled, once', async () => {
    // The sandbox's resetMidResponse fault, switched on only around the cancellation's PUT: switched on for every
    // request, the read that comes before the PUT is cut too and the cancellation never reaches Castle Street.
    let losingReplies = true;
    const lossy: typeof fetch = async (input, init) => {
      const cancelPut = losingReplies && init?.method === 'PUT' && /\/gpconnect\/Y90002\/FHIR\/R4\/Appointment\//.test(String(input));
      if (!cancelPut) return fetch(input, init);
      await sandbox.faults.set({ resetMidResponse: true });
      try {
        return await fetch(input, init); // resolves on the headers; the body is cut after it
      } finally {
        await sandbox.faults.set({ resetMidResponse: false });
      }
    };
    const h = await desk('out-of-hours', { fetch: lossy });
    const { nhs, slot, booked } = await bookAtCastleStreet(h, 12, 10);
    const cancelledBefore = sandbox.network.stats('Y90002').appointments.cancelled;

    const r = await h.call<CrossBookingView>('gpconnect:cancel', { bookingId: booked.id, reason: 'Seen at the centre tonight' });
    expect(r.ok).toBe(true); // not refused: the desk cannot know whether it landed, so it keeps it to send again
    expect(value(r)).toMatchObject({ status: 'cancel-waiting-to-send', cancellable: false, problem: null });
    expect(value(await h.call<AttentionItem[]>('sync:attention'))).toEqual([]);
    const requestId = h.core.outbox.pendingEntries().find((e) => e.kind === 'gpconnect.cancel')!.requestId;

    // Yet Castle Street did cancel it: the reply, not the change, was lost.
    const there = await readAppointment('Y90002', booked.appointmentId!);
    expect(there).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } });
    expect(there.extension?.filter((x) => x.url === CANCEL_REASON)).toEqual([{ url: CANCEL_REASON, valueString: 'Seen at the centre tonight' }]);
    expect(sandbox.network.stats('Y90002').appointments.cancelled).toBe(cancelledBefore + 1);

    // Replies arrive again: the replay finds it cancelled and resends with the same X-Request-ID, which is answered again.
    losingReplies = false;
    await h.core.outbox.kick();
    await waitFor(() => h.core.outbox.status().waiting === 0, 5_000);
    expect(value(await h.call<CrossBookingView[]>('gpconnect:bookings', { nhsNumber: nhs }))).toEqual([
      expect.objectContaining({ id: booked.id, status: 'cancelled', problem: null, cancellation: expect.objectContaining({ reason: 'Seen at the centre tonight', beforeSending: false }) }),
    ]);
    expect(value(await h.call<AttentionItem[]>('sync:attention'))).toEqual([]); // not "already cancelled there"
    expect(h.core.outbox.attention()).toEqual([]);
    expect(cancelsSent(h).map((e) => e.requestId)).toEqual([requestId]);

    // Cancelled once at Castle Street: one new version, one reason, one more cancellation, though sent more than once.
    const after = await readAppointment('Y90002', booked.appointmentId!);
    expect(after).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } });
    expect(after.extension?.filter((x) => x.url === CANCEL_REASON)).toHaveLength(1);
    expect(sandbox.network.stats('Y90002').appointments.cancelled).toBe(cancelledBefore + 1);
    expect(sandbox.requestsSeen(requestId)).toBeGreaterThan(1);
    expect(sandbox.network.bookings('Y90002', nhs).filter((b) => b.slotId === slot.slotId)).toEqual([]);
    expect(await freeAgain(slot.slotId)).toBe(1);

    const audited = h.core.repos.audit.listForPatient(nhs).filter((a) => a.action === 'cross-org.cancel');
    expect(audited).toEqual([expect.objectContaining({ outcome: 'ok', detail: expect.stringContaining(`booking=${booked.id}`) })]);
  });

  it('a booking still waiting to send is taken back: nothing reaches Castle Street, before or after it answers', async () => {
    const h = await desk();
    const nhs = patientAt('Y90002', 9);
    const { slots } = value(await h.call<{ slots: SharedSlotView[] }>('gpconnect:find-slots', { nhsNumber: nhs, providerOds: 'Y90002', limit: 200 }));
    const slot = slots[7]!;
    await sandbox.faults.set({ down: true });
    const queued = value(await h.call<CrossBookingView>('gpconnect:book', { nhsNumber: nhs, slot }));
    expect(queued).toMatchObject({ status: 'waiting-to-send', cancellable: true });
    const bookRequestId = h.core.outbox.pendingEntries().find((e) => e.kind === 'gpconnect.book')!.requestId;
    const triedWhileDown = sandbox.requestsSeen(bookRequestId);

    const withdrawn = value(await h.call<CrossBookingView>('gpconnect:cancel', { bookingId: queued.id, reason: 'Booked the wrong patient' }));
    expect(withdrawn).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Booked the wrong patient', beforeSending: true } });
    expect(h.core.outbox.status().waiting).toBe(0);
    expect(h.core.outbox.pendingEntries()).toEqual([]);

    await sandbox.faults.reset();
    await h.core.outbox.kick();
    expect(sandbox.requestsSeen(bookRequestId)).toBe(triedWhileDown); // never sent again
    expect(sandbox.network.bookings('Y90002', nhs).filter((b) => b.slotId === slot.slotId || b.requestId !== null)).toEqual([]);
    expect(await freeAgain(slot.slotId)).toBe(1);
    expect(cancelsSent(h)).toEqual([]);
    expect(value(await h.call<AttentionItem[]>('sync:attention'))).toEqual([]);
    expect(h.core.repos.audit.listForPatient(nhs).find((r) => r.action === 'cross-org.cancel')).toMatchObject({ outcome: 'ok', detail: expect.stringContaining('withdrawn-before-sending') });
  });

  it('already cancelled by Castle Street: told at once when online; from the outbox, it goes to "needs attention"', async () => {
    const h = await desk();
    // Online: the desk hears it in words, and the list shows it cancelled (the patient holds nothing there).
    const first = await bookAtCastleStreet(h, 10, 8);
    sandbox.network.cancelAppointment('Y90002', first.booked.appointmentId!);
    const told = await h.call('gpconnect:cancel', { bookingId: first.booked.id, reason: 'No longer needed' });
    expect(told).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'Castle Street Surgery had already cancelled this appointment.' } });
    expect(value(await h.call<CrossBookingView[]>('gpconnect:bookings', { nhsNumber: first.nhs }))).toEqual([
      expect.objectContaining({ status: 'cancelled', problem: 'Castle Street Surgery had already cancelled this appointment.' }),
    ]);
    expect(value(await h.call<AttentionItem[]>('sync:attention'))).toEqual([]);
    expect(h.core.repos.audit.listForPatient(first.nhs).find((r) => r.action === 'cross-org.cancel')).toMatchObject({ outcome: 'refused' });

    // Queued while Castle Street was down, and cancelled there meanwhile: a person is asked to look.
    const second = await bookAtCastleStreet(h, 11, 9);
    await sandbox.faults.set({ down: true });
    expect(value(await h.call<CrossBookingView>('gpconnect:cancel', { bookingId: second.booked.id, reason: 'No longer needed' }))).toMatchObject({ status: 'cancel-waiting-to-send' });
    sandbox.network.cancelAppointment('Y90002', second.booked.appointmentId!);
    await sandbox.faults.reset();
    await h.core.outbox.kick();
    await waitFor(() => h.core.outbox.status().waiting === 0, 5_000);
    const attention = value(await h.call<AttentionItem[]>('sync:attention'));
    expect(attention).toEqual([
      expect.objectContaining({
        kind: 'cancel', nhsNumber: second.nhs, intended: expect.stringMatching(/^Cancel the booking at Castle Street Surgery, /),
        problem: 'Castle Street Surgery had already cancelled this appointment.',
      }),
    ]);
    expect(value(await h.call<CrossBookingView[]>('gpconnect:bookings', { nhsNumber: second.nhs }))).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  });
});

describe('out-of-hours desk: least privilege', () => {
  it("is refused the practice's repeat-prescription queue and rotas, which a practice desk still has", async () => {
    const centre = await desk('out-of-hours');
    for (const [verb, input] of [['rx:counts', {}], ['rx:queue', {}], ['rota:overview', {}]] as const) {
      expect(await centre.call(verb, input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE', message: expect.stringMatching(/out-of-hours desk/) } });
    }
    const practice = await desk('practice');
    expect(await practice.call('rota:overview', {})).toMatchObject({ ok: true });
  });
});

describe('out-of-hours desk: the encounter board', () => {
  it('records arrival, re-triage, clinician and outcome, each audited against the NHS number; board and report follow', async () => {
    const h = await desk();
    const nhs = patientAt('Y90003');
    const ctx = value(await h.call<{ mode: string; organisation: { odsCode: string } }>('ooh:context'));
    expect(ctx).toMatchObject({ mode: 'out-of-hours', organisation: { odsCode: 'Y90020' } });

    const e = value(await h.call<EncounterView>('ooh:arrive', { nhsNumber: nhs, priority: 'less-urgent', site: "St James's Urgent Treatment Centre", reason: 'Earache' }));
    expect(e).toMatchObject({ state: 'waiting', registeredOds: 'Y90003', registeredName: 'Meadowbank Health Centre', wait: { targetMinutes: 360, overdue: false } });
    expect((await h.call('ooh:arrive', { nhsNumber: nhs, priority: 'urgent', site: 'X' })).ok).toBe(false); // already on the board

    const urgent = value(await h.call<EncounterView>('ooh:triage', { encounterId: e.id, priority: 'urgent' }));
    expect(urgent.wait.targetMinutes).toBe(120);
    const board = value(await h.call<OohBoard>('ooh:board', {}));
    expect(board.encounters.map((x) => x.id)).toEqual([e.id]);

    value(await h.call('ooh:seen', { encounterId: e.id, clinician: 'Dr Sam Okafor' }));
    expect((await h.call('ooh:triage', { encounterId: e.id, priority: 'emergency' })).ok).toBe(false);
    const done = value(await h.call<EncounterView>('ooh:outcome', { encounterId: e.id, outcome: 'follow-up-own-gp' }));
    expect(done).toMatchObject({ state: 'completed', clinician: 'Dr Sam Okafor', wait: { met: true } });
    expect(value(await h.call<OohBoard>('ooh:board', {})).encounters).toEqual([]);
    expect(value(await h.call<OohBoard>('ooh:board', { includeCompleted: true })).encounters).toHaveLength(1);

    expect(h.core.repos.audit.listForPatient(nhs).map((r) => r.action)).toEqual(expect.arrayContaining(['ooh.arrive', 'ooh.triage', 'ooh.seen', 'ooh.outcome']));
    const report = value(await h.call<OohReport>('ooh:report', {}));
    expect(report.total).toBe(1);
    expect(report.perHour.reduce((n, x) => n + x.contacts, 0)).toBe(1);
    expect(report.byPriority.find((p) => p.priority === 'urgent')).toMatchObject({ contacts: 1, seen: 1, seenWithinTarget: 1, percentWithinTarget: 100 });
  });
});
