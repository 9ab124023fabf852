import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { defaultSettings } from '../../electron/core/settings/settings.schema';
import { startSandbox, type Sandbox } from '../../electron/sandbox';
import type { AppointmentView, DayBook, SlotView } from '../../shared/contract/appointments';
import type { AttentionItem, SyncStatus } from '../../shared/contract/sync';
import type { Result } from '../../shared/result';
import { coreHarness, waitFor, type Harness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

/**
 * Outages through the whole core: real SQLite files (cache.db, outbox.db), the sandbox's GP Connect-style
 * service over loopback HTTP with its fault switches. What the desk shows, what waits, and what arrives upstream.
 */
const temp = useTempDir();
let sandbox: Sandbox;
const cores: Core[] = [];
const TODAY = '2026-11-25';
let PATIENT = '';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: TODAY });
  PATIENT = sandbox.population.demoPracticePatients().find((x) => !x.deceasedDateTime && x.name?.[0]?.family)!.id;
});
afterAll(async () => sandbox.close());
afterEach(async () => {
  sandbox.faults.reset();
  for (const c of cores.splice(0)) await c.close();
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function desk(dataDir = temp()): Promise<Harness> {
  const h = await coreHarness({
    dataDir,
    pdsBaseUrl: sandbox.baseUrl,
    appointmentsBaseUrl: sandbox.appointments.baseUrl,
    bookClock: () => sandbox.appointments.now(),
    halfOpenAfterMs: 200,
    outboxRetryMs: 100,
    settings: { nationalApi: { ...defaultSettings().nationalApi, rateLimitPerSecond: 0, requestTimeoutMs: 1_000 } },
  });
  cores.push(h.core);
  await h.signIn('04A1B2C3', '123456');
  return h;
}

/** Booked, non-cancelled appointments upstream for the patient in a slot, read from the sandbox's FHIR API. */
async function upstreamIn(slotId: string): Promise<string[]> {
  const res = await fetch(`${sandbox.appointments.baseUrl}/Appointment?_lastUpdated=gt2000-01-01T00:00:00Z`, {
    headers: { Accept: 'application/fhir+json', 'X-Request-ID': crypto.randomUUID() },
  });
  const bundle = (await res.json()) as { entry?: { resource: { id: string; status: string; slot: { reference: string }[] } }[] };
  return (bundle.entry ?? []).map((e) => e.resource).filter((a) => a.status === 'booked' && a.slot[0]?.reference === `Slot/${slotId}`).map((a) => a.id);
}

async function freeSlots(h: Harness, n = 3): Promise<SlotView[]> {
  const found = value(await h.call<SlotView[]>('book:find-free', { slotTypeIds: ['routine-gp'], limit: n }));
  expect(found.length).toBe(n);
  return found;
}

const status = async (h: Harness) => value(await h.call<SyncStatus>('sync:status'));
const goOffline = () => sandbox.faults.set({ outage: true });
const goOnline = () => sandbox.faults.reset();
const drained = (h: Harness) => waitFor(() => h.core.outbox.status().waiting === 0, 10_000);

describe('working through an outage', () => {
  it('books, arrives and cancels offline; each booking waits, then reaches the service exactly once', async () => {
    const h = await desk();
    value(await h.call('patients:open', { nhsNumber: PATIENT })); // in the local copy before the outage
    const [a, b] = await freeSlots(h, 2);
    goOffline();
    const booked = value(await h.call<AppointmentView>('book:book', { slotId: a!.id, nhsNumber: PATIENT }));
    expect(booked).toMatchObject({ status: 'booked', waitingToSend: true, slotId: a!.id });
    const s = await status(h);
    expect(s).toMatchObject({ state: 'offline', waiting: 1 });
    expect(s.lastProblem).toMatch(/not answering/);

    // The rest of the desk carries on from the local copy: the book, arrivals, the waiting room.
    const day = value(await h.call<DayBook>('book:day', { day: a!.start.slice(0, 10) }));
    expect(day.slots.find((x) => x.id === a!.id)?.display).toBe('booked');
    const today = value(await h.call<DayBook>('book:day', { day: TODAY }));
    const walkIn = today.appointments.find((x) => x.status === 'booked')!;
    expect(value(await h.call<AppointmentView>('book:act', { appointmentId: walkIn.id, action: 'arrive' })).status).toBe('arrived');
    expect(value(await h.call<{ appointmentId: string }[]>('book:waiting-room')).map((w) => w.appointmentId)).toContain(walkIn.id);
    const second = value(await h.call<AppointmentView>('book:book', { slotId: b!.id, nhsNumber: PATIENT }));
    const withdrawn = value(await h.call<AppointmentView>('book:cancel', { appointmentId: second.id, by: 'patient', reason: 'Feeling better' }));
    expect(withdrawn.status).toBe('cancelled-patient');
    expect((await status(h)).waiting).toBe(1); // a booking cancelled before it left is simply taken back

    goOnline();
    await drained(h);
    const after = await status(h);
    expect(after).toMatchObject({ state: 'online', waiting: 0, attention: 0, replay: null });
    expect(await upstreamIn(a!.id)).toHaveLength(1);
    expect(await upstreamIn(b!.id)).toHaveLength(0);
    const mine = value(await h.call<DayBook>('book:day', { day: a!.start.slice(0, 10) })).appointments.filter((x) => x.slotId === a!.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ waitingToSend: false, nhsNumber: PATIENT });
    expect(mine[0]!.id).not.toMatch(/^pending-/); // now known by its national id
  });

  it('keeps queued changes across a restart while still offline, and sends them once when the service returns', async () => {
    const dir = temp();
    const first = await desk(dir);
    value(await first.call('patients:open', { nhsNumber: PATIENT }));
    const [slot] = await freeSlots(first, 1);
    goOffline();
    value(await first.call<AppointmentView>('book:book', { slotId: slot!.id, nhsNumber: PATIENT, reason: 'Review' }));
    await first.core.close();
    cores.splice(cores.indexOf(first.core), 1);

    const again = await desk(dir);
    const s = await status(again);
    expect(s.waiting).toBe(1);
    expect(s.state).toBe('offline'); // the first refresh failed: it says so
    const day = value(await again.call<DayBook>('book:day', { day: slot!.start.slice(0, 10) }));
    expect(day.appointments.find((x) => x.slotId === slot!.id)).toMatchObject({ waitingToSend: true, reason: 'Review' });

    goOnline();
    await drained(again);
    expect(await upstreamIn(slot!.id)).toHaveLength(1);
  });

  it('puts a booking whose slot another desk took meanwhile in "needs attention", never double-booking', async () => {
    const h = await desk();
    value(await h.call('patients:open', { nhsNumber: PATIENT }));
    const [slot] = await freeSlots(h, 1);
    goOffline();
    value(await h.call<AppointmentView>('book:book', { slotId: slot!.id, nhsNumber: PATIENT }));
    sandbox.appointments.bookAsOtherDesk(slot!.id); // the in-code control is not affected by the outage
    goOnline();
    await drained(h);
    await waitFor(() => h.core.outbox.status().attention === 1, 5_000);

    const items = value(await h.call<AttentionItem[]>('sync:attention'));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'book', nhsNumber: PATIENT, problem: expect.stringMatching(/booked this slot/) });
    expect(items[0]!.intended).toMatch(/^Book \w+day \d+ \w+ \d\d:\d\d with /);
    expect(await upstreamIn(slot!.id)).toHaveLength(1); // the other desk's, only
    const day = value(await h.call<DayBook>('book:day', { day: slot!.start.slice(0, 10) }));
    expect(day.appointments.filter((x) => x.slotId === slot!.id && x.nhsNumber === PATIENT && !x.status.startsWith('cancelled'))).toHaveLength(0);

    expect(value(await h.call('sync:resolve', { requestId: items[0]!.requestId, resolution: 'patient-contacted' }))).toEqual({ resolved: true });
    expect(value(await h.call<AttentionItem[]>('sync:attention'))).toHaveLength(0);
    expect(await h.call('sync:resolve', { requestId: items[0]!.requestId, resolution: 'dismissed' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(h.core.repos.audit.listForPatient(PATIENT).map((r) => r.action)).toContain('outbox.resolve');
  });

  it('a move made offline whose new slot is taken leaves the patient in their original appointment', async () => {
    const h = await desk();
    value(await h.call('patients:open', { nhsNumber: PATIENT }));
    const [from, to] = await freeSlots(h, 2);
    const original = value(await h.call<AppointmentView>('book:book', { slotId: from!.id, nhsNumber: PATIENT }));
    expect(original.waitingToSend).toBe(false); // online: confirmed at once
    goOffline();
    value(await h.call<AppointmentView>('book:move', { appointmentId: original.id, toSlotId: to!.id }));
    expect((await status(h)).waiting).toBe(2); // the new booking, then the cancellation that depends on it
    sandbox.appointments.bookAsOtherDesk(to!.id);
    goOnline();
    await drained(h);

    expect(await upstreamIn(from!.id)).toEqual([original.id]); // never cancelled upstream
    const day = value(await h.call<DayBook>('book:day', { day: from!.start.slice(0, 10) }));
    expect(day.appointments.find((x) => x.id === original.id)?.status).toBe('booked');
    expect(day.slots.find((x) => x.id === from!.id)?.display).toBe('booked');
    expect(value(await h.call<AttentionItem[]>('sync:attention')).map((i) => i.kind)).toEqual(['book']);
  });

  it('a cancellation made offline reaches the service when it returns, and frees the slot there', async () => {
    const h = await desk();
    value(await h.call('patients:open', { nhsNumber: PATIENT }));
    const [slot] = await freeSlots(h, 1);
    const appt = value(await h.call<AppointmentView>('book:book', { slotId: slot!.id, nhsNumber: PATIENT }));
    goOffline();
    const cancelled = value(await h.call<AppointmentView>('book:cancel', { appointmentId: appt.id, by: 'practice', reason: 'Clinician unwell' }));
    expect(cancelled).toMatchObject({ status: 'cancelled-practice', waitingToSend: true });
    goOnline();
    expect(await upstreamIn(slot!.id)).toEqual([appt.id]); // still booked there until the replay
    await drained(h);
    expect(await upstreamIn(slot!.id)).toEqual([]);
  });

  it('online, a slot taken a moment ago is refused at once and nothing is left waiting or needing attention', async () => {
    const h = await desk();
    value(await h.call('patients:open', { nhsNumber: PATIENT }));
    const [slot] = await freeSlots(h, 1);
    sandbox.appointments.bookAsOtherDesk(slot!.id);
    const r = await h.call('book:book', { slotId: slot!.id, nhsNumber: PATIENT });
    expect(r).toMatchObject({ ok: false, error: { message: /Someone else has just booked that slot/ } });
    expect(await status(h)).toMatchObject({ waiting: 0, attention: 0 });
  });
});
