import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Is there an Electron binary? Asked in a child process so the electron package's download chatter
 * (electron 45 fetches its binary on first use) never reaches the user's terminal.
 */
export function findElectron(appRoot: string): { path: string } | { reason: string } {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: appRoot,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const path = probe.stdout?.trim();
  if (probe.status === 0 && path && existsSync(path)) return { path };
  const stderr = probe.stderr ?? '';
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|download/i.test(stderr)) return { reason: 'its binary could not be downloaded on this machine' };
  const said = stderr.split('\n').find((l) => /fail|error|not found/i.test(l));
  return { reason: said?.trim().slice(0, 140) || 'no Electron binary was found' };
}
