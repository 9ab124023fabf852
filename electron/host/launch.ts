import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `npm start`: open the Electron window when an Electron binary can be had (electron 45 fetches it on
 * first use; ELECTRON_OVERRIDE_DIST_PATH points at a provisioned one), otherwise say why in one line
 * and run the browser host instead.
 */
const appRoot = resolve(__dirname, '../..');

function findElectron(): { path: string } | { reason: string } {
  // In a child process so the package's download chatter does not reach the user's terminal.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: appRoot,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const path = probe.stdout?.trim();
  if (probe.status === 0 && path && existsSync(path)) return { path };
  const said = `${probe.stderr ?? ''}`.split('\n').find((l) => /fail|error|ENOTFOUND|not found/i.test(l));
  const why = /fetch failed|ENOTFOUND|download/i.test(probe.stderr ?? '')
    ? 'its binary could not be downloaded on this machine'
    : said?.trim().slice(0, 140) || 'no Electron binary was found';
  return { reason: why };
}

const found = findElectron();
if ('path' in found) {
  const child = spawn(found.path, [appRoot], { stdio: 'inherit', env: process.env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron is not available (${found.reason}); starting the browser host instead.`);
  // A computed path keeps the bundler from inlining the host into the launcher.
  require(resolve(__dirname, 'host.js'));
}
