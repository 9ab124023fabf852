import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { defaultSettings } from '../../electron/core/settings/settings.schema';
import { startSandbox, type Faults, type Sandbox } from '../../electron/sandbox';
import type { AppointmentView, SlotView } from '../../shared/contract/appointments';
import type { SyncStatus } from '../../shared/contract/sync';
import type { Result } from '../../shared/result';
import { coreHarness, waitFor, type Harness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

/**
 * Every sandbox fault switch met by a booking through the whole core: the desk does not crash, the indicator
 * shows the right state, the receptionist reads a plain message, and the booking lands upstream exactly once
 * when the fault clears (or is refused at once, for a slot another desk just took).
 */
const temp = useTempDir();
let sandbox: Sandbox;
let h: Harness;
const cores: Core[] = [];
let PATIENT = '';
const TECHNICAL = /ECONN|socket|fetch failed|undefined|\bnull\b|stack|Error:|\{/;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: '2026-11-25' });
  PATIENT = sandbox.population.demoPracticePatients().find((x) => !x.deceasedDateTime && x.name?.[0]?.family)!.id;
  h = await coreHarness({
    dataDir: temp(),
    pdsBaseUrl: sandbox.baseUrl,
    appointmentsBaseUrl: sandbox.appointments.baseUrl,
    bookClock: () => sandbox.appointments.now(),
    halfOpenAfterMs: 200,
    outboxRetryMs: 100,
    settings: { nationalApi: { ...defaultSettings().nationalApi, rateLimitPerSecond: 0, requestTimeoutMs: 800, maxRetryAfterWaitMs: 1_000 } },
  });
  cores.push(h.core);
  await h.signIn('04A1B2C3', '123456');
  value(await h.call('patients:open', { nhsNumber: PATIENT }));
}, 30_000);
afterAll(async () => {
  for (const c of cores) await c.close();
  await sandbox.close();
});
afterEach(async () => {
  await sandbox.faults.reset();
  await h.call('sync:retry-now');
  await waitFor(() => h.core.outbox.status().waiting === 0, 15_000);
});

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const status = async () => value(await h.call<SyncStatus>('sync:status'));

async function nextFree(): Promise<SlotView> {
  const found = value(await h.call<SlotView[]>('book:find-free', { slotTypeIds: ['routine-gp'], limit: 1 }));
  return found[0]!;
}
const upstreamIn = (slotId: string) => sandbox.appointments.bookings(PATIENT).filter((b) => b.slotId === slotId);

/** Faults the desk rides out by queueing: the state it should show, and what the receptionist reads. */
const QUEUEING: { name: string; faults: Partial<Faults>; state: SyncStatus['state']; says: RegExp }[] = [
  { name: 'down (connection refused)', faults: { down: true }, state: 'offline', says: /not answering/ },
  { name: 'hang (no answer)', faults: { hang: true }, state: 'offline', says: /not answering/ },
  { name: '500 error', faults: { status: 500 }, state: 'offline', says: /not answering/ },
  { name: '503 with a long Retry-After', faults: { status: 503, retryAfterSeconds: 4 }, state: 'degraded', says: /busy; trying again in 4 s/ },
  { name: '429 with a long Retry-After', faults: { status: 429, retryAfterSeconds: 4 }, state: 'degraded', says: /busy; trying again in 4 s/ },
  { name: 'reset mid-response (the booking lands, the reply is lost)', faults: { resetMidResponse: true }, state: 'offline', says: /not answering/ },
  { name: 'malformed reply (the booking lands, the reply is unreadable)', faults: { malformed: true }, state: 'online', says: /could not read/ },
];

describe('fault switches met by a booking', () => {
  for (const c of QUEUEING) {
    it(`${c.name}: the booking waits, the indicator says ${c.state}, and it lands exactly once afterwards`, async () => {
      const slot = await nextFree();
      await sandbox.faults.set(c.faults);
      const r = await h.call<AppointmentView>('book:book', { slotId: slot.id, nhsNumber: PATIENT });
      expect(r.ok).toBe(true); // kept, not lost: saved locally and queued
      expect(value(r).waitingToSend).toBe(true);
      const s = await status();
      expect(s.state).toBe(c.state);
      expect(s.waiting).toBe(1);
      expect(s.lastProblem).toMatch(c.says);
      expect(s.lastProblem).not.toMatch(TECHNICAL);

      await sandbox.faults.reset();
      await h.call('sync:retry-now');
      await waitFor(() => h.core.outbox.status().waiting === 0, 40_000);
      expect(upstreamIn(slot.id)).toHaveLength(1);
      expect((await status()).attention).toBe(0);
    }, 60_000);
  }

  it('slow (fixed latency under the timeout): the booking is confirmed, just later, and the desk stays online', async () => {
    const slot = await nextFree();
    await sandbox.faults.set({ latencyMs: 300 });
    const appt = value(await h.call<AppointmentView>('book:book', { slotId: slot.id, nhsNumber: PATIENT }));
    expect(appt.waitingToSend).toBe(false);
    expect((await status()).state).toBe('online');
    expect(upstreamIn(slot.id)).toHaveLength(1);
  });

  it('another desk booked this slot: refused at once in plain words, nothing queued, nothing double-booked', async () => {
    const slot = await nextFree();
    await sandbox.faults.set({ takeNextBookedSlot: true });
    const r = await h.call('book:book', { slotId: slot.id, nhsNumber: PATIENT });
    expect(r).toMatchObject({ ok: false, error: { message: 'Someone else has just booked that slot. The book has been refreshed: choose another slot.' } });
    expect(await status()).toMatchObject({ waiting: 0, attention: 0 });
    expect(upstreamIn(slot.id)).toHaveLength(0);
  });
});
