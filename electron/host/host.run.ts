import { mkdirSync } from 'node:fs';
import { resolveDataDir } from '../core/paths';
import { bootCore } from '../core/boot';
import type { Core } from '../core/core';
import { createConfSettings } from '../core/settings/settings.conf';
import { prepareDataKey } from '../core/security/data-key';
import { keyFileVault } from '../core/security/key-vault';
import { startHost, type Host } from './host.server';

export const RUNNING_PREFIX = 'GP Reception is running at ';

export interface RunningHost {
  host: Host;
  /** The core behind the host, for in-process checks (tests and benches). */
  core: Core;
  sandboxUrl: string | null;
  stop(): Promise<void>;
}

/** Boot the core with conf-backed settings and serve the renderer beside it. */
export async function runHost(o: { rendererDir: string; port?: number; env?: NodeJS.ProcessEnv }): Promise<RunningHost> {
  const dataDir = resolveDataDir(o.env ?? process.env);
  mkdirSync(dataDir, { recursive: true });
  // No OS keystore here: the key is a file only this user can read, and the host says so (issue 9).
  const vault = keyFileVault(dataDir);
  const { key } = await prepareDataKey({ dataDir, vault }); // rotation, backup, restore: `npm run local-copy` (README)
  console.log(vault.description);
  const booted = await bootCore({ dataDir, dbKey: key, settings: createConfSettings(dataDir), transport: 'browser-host' });
  const host = await startHost({ core: booted.core, rendererDir: o.rendererDir, ...(o.port === undefined ? {} : { port: o.port }) });
  return {
    host,
    core: booted.core,
    sandboxUrl: booted.sandbox?.origin ?? null,
    async stop() {
      await host.close();
      await booted.close();
    },
  };
}
