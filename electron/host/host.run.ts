import { mkdirSync } from 'node:fs';
import { resolveDataDir } from '../core/paths';
import { bootCore } from '../core/boot';
import { createConfSettings } from '../core/settings/settings.conf';
import { startHost, type Host } from './host.server';

export const RUNNING_PREFIX = 'GP Reception is running at ';

export interface RunningHost {
  host: Host;
  sandboxUrl: string | null;
  stop(): Promise<void>;
}

/** Boot the core with conf-backed settings and serve the renderer beside it. */
export async function runHost(o: { rendererDir: string; port?: number; env?: NodeJS.ProcessEnv }): Promise<RunningHost> {
  const dataDir = resolveDataDir(o.env ?? process.env);
  mkdirSync(dataDir, { recursive: true });
  const booted = await bootCore({ dataDir, settings: createConfSettings(dataDir), transport: 'browser-host' });
  const host = await startHost({ core: booted.core, rendererDir: o.rendererDir, ...(o.port === undefined ? {} : { port: o.port }) });
  return {
    host,
    sandboxUrl: booted.sandbox?.origin ?? null,
    async stop() {
      await host.close();
      await booted.close();
    },
  };
}
