import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { defaultSettings } from '../../electron/core/settings/settings.schema';
import { GPCONNECT_ROOT_PATH, startSandbox, type Sandbox } from '../../electron/sandbox';
import type { CrossBookingView, EncounterView, OohBoard, OohReport, ProviderView, SharedSlotView } from '../../shared/contract/ooh';
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

async function desk(mode: 'out-of-hours' | 'practice' = 'out-of-hours'): Promise<Harness> {
  const s = defaultSettings();
  const h = await coreHarness({
    dataDir: temp(),
    pdsBaseUrl: sandbox.baseUrl,
    appointmentsBaseUrl: sandbox.appointments.baseUrl,
    bookClock: () => sandbox.appointments.now(),
    gpConnectRootUrl: `${sandbox.origin}${GPCONNECT_ROOT_PATH}`,
    settings: { outOfHours: { ...s.outOfHours, mode } },
    outboxRetryMs: 100,
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
