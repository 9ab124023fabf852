import type { StaffSession } from '../../shared/contract/app';
import { createCore, type Core } from './core';
import type { Transport } from './call-context';
import { seedDemoCache } from './demo/demo-seed';
import { demoUser } from './organisations';
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
 * sandbox runs embedded on a loopback port and the local copy is seeded with the demo practice's list.
 */
export async function bootCore(o: { dataDir: string; settings: SettingsStore; transport: Transport; user?: StaffSession }): Promise<Booted> {
  const s = o.settings.get();
  const chosen = resolvePdsBaseUrl(s.nationalApi.pdsBaseUrl);
  const demo = chosen === EMBEDDED_SANDBOX;
  const sandbox = demo ? await startSandbox({ port: 0, population: s.sandbox.population }) : null;
  const pdsBaseUrl = sandbox ? sandbox.baseUrl : chosen;
  const core = createCore({
    dataDir: o.dataDir,
    settings: o.settings,
    transport: o.transport,
    pdsBaseUrl,
    nationalLabel: demo ? 'Demo national sandbox (synthetic patients)' : `PDS FHIR R4 at ${new URL(pdsBaseUrl).host}`,
    demo,
    version: APP_VERSION,
    user: o.user ?? demoUser,
  });
  if (sandbox) seedDemoCache(core.repos.patients, sandbox.population.demoPracticePatients());
  return {
    core,
    sandbox,
    async close() {
      core.close();
      await sandbox?.close();
    },
  };
}
