import { resolve } from 'node:path';
import { findElectron } from '../../electron/host/electron.probe';

/** Say up front, in the run's own output, whether the Electron-only tests will run and why not. */
export default function globalSetup(): void {
  const found = findElectron(resolve(__dirname, '../..'));
  process.stderr.write(
    'path' in found
      ? `Electron binary found at ${found.path}: Electron-only tests will run.\n`
      : `Electron-only tests are left out of this run: ${found.reason}. Set ELECTRON_OVERRIDE_DIST_PATH to a provisioned Electron to run them.\n`,
  );
}
