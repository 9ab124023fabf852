import { createCore, type Core } from './core';
import type { Transport } from './call-context';
import type { DbKey } from './db/connection';
import { seedDemoCache } from './demo/demo-seed';
import { seedDemoStaff } from './demo/demo-staff';
import { seedDemoRota } from './demo/demo-rota';
import { seedDemoShifts } from './demo/demo-shifts';
import { createCardReader } from './devices';
import type { CardReader } from './devices/card-reader';
import { EMBEDDED_SANDBOX, resolvePdsBaseUrl, type SettingsStore } from './settings/settings.schema';
import { APPOINTMENTS_BASE_PATH, BASE_PATH, GPCONNECT_ROOT_PATH, PRESCRIPTIONS_BASE_PATH, startSandbox, type Sandbox } from '../sandbox';
import { remoteFaultSwitches, type SandboxFaultSwitches } from './demo/demo-faults';
import { startOnlineArrivals } from './demo/online-arrivals';

export const APP_VERSION = '0.1.0';
/**
 * The desk's first screen is served before the first national refreshes begin (someone signing in starts them at
 * once): on a 2-core practice PC their parsing otherwise doubles the time to a usable sign-in screen (bench
 * cold-start). A person takes longer than this to sign in, so their book is being fetched by then.
 */
const FIRST_REFRESH_AFTER_MS = 1_500;

export interface Booted {
  core: Core;
  sandbox: Sandbox | null;
  close(): Promise<void>;
}

/**
 * Start the core for a host (Electron or browser). In demo mode (the default setting) the national-API
 * sandbox runs embedded on a loopback port, the local copy is seeded with the demo practice's list, demo
 * staff get cards, and the card reader is the simulated one.
 */
export async function bootCore(o: { dataDir: string; dbKey: DbKey; settings: SettingsStore; transport: Transport }): Promise<Booted> {
  const s = o.settings.get();
  const chosen = resolvePdsBaseUrl(s.nationalApi.pdsBaseUrl);
  const demo = chosen === EMBEDDED_SANDBOX;
  // RECEPTION_SANDBOX_TODAY (yyyy-mm-dd) pins the demo sandbox's day, starting at 07:30 London: tests use it.
  // RECEPTION_SANDBOX_CLINICIANS sizes its book (default 12; the benchmark uses 40).
  const today = process.env.RECEPTION_SANDBOX_TODAY?.trim();
  const clinicians = Number(process.env.RECEPTION_SANDBOX_CLINICIANS) || undefined;
  // RECEPTION_SANDBOX_RX_REQUESTS tops up its repeat-prescription backlog (about 200 by default; the benchmark uses 5,000).
  const rxRequests = Number(process.env.RECEPTION_SANDBOX_RX_REQUESTS) || undefined;
  // RECEPTION_SANDBOX_URL (+ RECEPTION_SANDBOX_CONTROL_URL): use a sandbox running in its own process instead,
  // so the desk can be restarted while "the national service" keeps its state (the outage end-to-end test).
  const external = demo ? await externalSandbox() : null;
  const sandbox = demo && !external
    ? await startSandbox({ port: 0, population: s.sandbox.population, ...(today ? { today } : {}), ...(clinicians ? { clinicians } : {}), ...(rxRequests ? { rxRequests } : {}) })
    : null;
  const pdsBaseUrl = sandbox ? sandbox.baseUrl : external ? external.pdsBaseUrl : chosen;

  const simulated = s.cardReader.driver === 'simulated' || (s.cardReader.driver === 'auto' && demo);
  const simulator = simulated ? createCardReader({ driver: 'simulated' }) : null;
  const reader: CardReader = simulator ?? createCardReader({ driver: 'node-hid', readers: s.cardReader.readers, pollIntervalMs: s.cardReader.pollIntervalMs });

  const demoFaults: SandboxFaultSwitches | null = sandbox ? sandbox.faults : (external?.faults ?? null);
  const core = createCore({
    dataDir: o.dataDir,
    dbKey: o.dbKey,
    settings: o.settings,
    transport: o.transport,
    pdsBaseUrl,
    nationalLabel: demo ? 'Demo national sandbox (synthetic patients)' : `PDS FHIR R4 at ${new URL(pdsBaseUrl).host}`,
    demo,
    version: APP_VERSION,
    reader,
    appointmentsBaseUrl: sandbox ? sandbox.appointments.baseUrl : (external?.appointmentsBaseUrl ?? s.nationalApi.appointmentsBaseUrl),
    prescriptionsBaseUrl: sandbox ? sandbox.prescriptions.baseUrl : (external?.prescriptionsBaseUrl ?? s.nationalApi.prescriptionsBaseUrl),
    // Other organisations' GP Connect endpoints (the care network, issue 8): the sandbox's in demo mode.
    gpConnectRootUrl: sandbox ? `${sandbox.origin}${GPCONNECT_ROOT_PATH}` : external ? `${external.origin}${GPCONNECT_ROOT_PATH}` : s.nationalApi.gpConnectRootUrl,
    ...(sandbox ? { bookClock: () => sandbox.appointments.now() } : external ? { bookClock: external.clock } : {}),
    // RECEPTION_FIRST_REFRESH_AFTER_MS: end-to-end tests sign in faster than a person can, so they set 0.
    deferFirstRefreshMs: Number(process.env.RECEPTION_FIRST_REFRESH_AFTER_MS ?? FIRST_REFRESH_AFTER_MS) || 0,
    ...(demoFaults ? { demoFaults } : {}),
    ...(simulator ? { demoCards: { present: (id: string) => simulator.present(id), withdraw: () => simulator.withdraw() } } : {}),
  });
  if (sandbox) await seedDemoCache(core.repos.patients, () => sandbox.population.demoPracticePatients());
  if (external) await seedDemoCache(core.repos.patients, () => external.demoPracticePatients());
  if (demo) await seedDemoStaff(core.repos.staff);
  if (demo) seedDemoRota(core.repos.rota);
  // The out-of-hours centre's week of shifts, on the demo book's clock (it may be pinned to a test day).
  if (demo) {
    const now = sandbox ? sandbox.appointments.now() : external ? external.clock() : new Date();
    seedDemoShifts(core.ooh.repo, { sites: s.outOfHours.sites, clinicians: s.outOfHours.clinicians, now });
  }
  await core.start();
  const stopOnline = sandbox ? startOnlineArrivals(() => sandbox.appointments.bookOnline()) : () => undefined;
  return {
    core,
    sandbox,
    async close() {
      stopOnline();
      await core.close();
      await sandbox?.close();
    },
  };
}

/** The sandbox named by RECEPTION_SANDBOX_URL / RECEPTION_SANDBOX_CONTROL_URL, or null when they are not set. */
async function externalSandbox() {
  const origin = process.env.RECEPTION_SANDBOX_URL?.trim().replace(/\/$/, '');
  if (!origin) return null;
  const control = process.env.RECEPTION_SANDBOX_CONTROL_URL?.trim().replace(/\/$/, '') || origin;
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(`${control}${path}`);
    if (!res.ok) throw new Error(`The sandbox at ${control} answered ${res.status} for ${path}`);
    return res.json();
  };
  // Run on the sandbox's clock (it may be pinned to a test day): keep the offset from this machine's clock.
  const { now } = (await get('/_sandbox/appointments/clock')) as { now: string };
  const offset = Date.parse(now) - Date.now();
  return {
    origin,
    pdsBaseUrl: `${origin}${BASE_PATH}`,
    appointmentsBaseUrl: `${origin}${APPOINTMENTS_BASE_PATH}`,
    prescriptionsBaseUrl: `${origin}${PRESCRIPTIONS_BASE_PATH}`,
    clock: () => new Date(Date.now() + offset),
    faults: remoteFaultSwitches(control),
    demoPracticePatients: async () => (await get('/_sandbox/demo-practice-patients')) as unknown[],
  };
}
