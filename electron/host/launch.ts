import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { findElectron } from './electron.probe';

/**
 * `npm start`: open the Electron window when an Electron binary can be had (electron 45 fetches it on
 * first use; ELECTRON_OVERRIDE_DIST_PATH points at a provisioned one), otherwise say why in one line
 * and run the browser host instead.
 */
const appRoot = resolve(__dirname, '../..');
const found = findElectron(appRoot);
if ('path' in found) {
  const child = spawn(found.path, [appRoot], { stdio: 'inherit', env: process.env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron is not available (${found.reason}); starting the browser host instead.`);
  // A computed path keeps the bundler from inlining the host into the launcher.
  require(resolve(__dirname, 'host.js'));
}
