import { createCore, type Core } from './core';
import type { Transport } from './call-context';
import { seedDemoCache } from './demo/demo-seed';
import { seedDemoStaff } from './demo/demo-staff';
import { createCardReader } from './devices';
import type { CardReader } from './devices/card-reader';
import { EMBEDDED_SANDBOX, resolvePdsBaseUrl, type SettingsStore } from './settings/settings.schema';
import { startSandbox, type Sandbox } from '../sandbox';

export const APP_VERSION = '0.1.0';

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
export async function bootCore(o: { dataDir: string; settings: SettingsStore; transport: Transport }): Promise<Booted> {
  const s = o.settings.get();
  const chosen = resolvePdsBaseUrl(s.nationalApi.pdsBaseUrl);
  const demo = chosen === EMBEDDED_SANDBOX;
  // RECEPTION_SANDBOX_TODAY (yyyy-mm-dd) pins the demo sandbox's day, starting at 07:30 London: tests use it.
  // RECEPTION_SANDBOX_CLINICIANS sizes its book (default 12; the benchmark uses 40).
  const today = process.env.RECEPTION_SANDBOX_TODAY?.trim();
  const clinicians = Number(process.env.RECEPTION_SANDBOX_CLINICIANS) || undefined;
  const sandbox = demo
    ? await startSandbox({ port: 0, population: s.sandbox.population, ...(today ? { today } : {}), ...(clinicians ? { clinicians } : {}) })
    : null;
  const pdsBaseUrl = sandbox ? sandbox.baseUrl : chosen;

  const simulated = s.cardReader.driver === 'simulated' || (s.cardReader.driver === 'auto' && demo);
  const simulator = simulated ? createCardReader({ driver: 'simulated' }) : null;
  const reader: CardReader = simulator ?? createCardReader({ driver: 'node-hid', readers: s.cardReader.readers, pollIntervalMs: s.cardReader.pollIntervalMs });

  const core = createCore({
    dataDir: o.dataDir,
    settings: o.settings,
    transport: o.transport,
    pdsBaseUrl,
    nationalLabel: demo ? 'Demo national sandbox (synthetic patients)' : `PDS FHIR R4 at ${new URL(pdsBaseUrl).host}`,
    demo,
    version: APP_VERSION,
    reader,
    appointmentsBaseUrl: sandbox ? sandbox.appointments.baseUrl : null,
    ...(sandbox ? { bookClock: () => sandbox.appointments.now() } : {}),
    ...(simulator ? { demoCards: { present: (id: string) => simulator.present(id), withdraw: () => simulator.withdraw() } } : {}),
  });
  if (sandbox) seedDemoCache(core.repos.patients, sandbox.population.demoPracticePatients());
  if (demo) await seedDemoStaff(core.repos.staff);
  await core.start();
  return {
    core,
    sandbox,
    async close() {
      await core.close();
      await sandbox?.close();
    },
  };
}
