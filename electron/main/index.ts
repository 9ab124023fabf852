import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { PUSH_CHANNEL } from '../../shared/contract/events';
import { bootCore, type Booted } from '../core/boot';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol';
import { guardContents, guardSession } from './security.guards';
import { registerIpc } from './ipc.register';
import { createElectronSettings } from './settings.electron-store';
import { createMainWindow } from './window.factory';
import { prepareDataKey } from '../core/security/data-key';
import { electronKeyVault } from './safe-storage.vault';
import { EMBEDDED_SANDBOX, resolvePdsBaseUrl } from '../core/settings/settings.schema';
import { localCopyCommandFromArgv, runLocalCopyCommand } from '../core/security/local-copy.commands';

/** Electron shell only: lifecycle, one instance, the locked window, IPC from the contract. No behaviour lives here. */
if (!app.requestSingleInstanceLock()) app.quit();
app.enableSandbox();
// Before ready: the UI's own scheme (checklist item 18), registered as standard + secure.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let booted: Booted | null = null;
let win: BrowserWindow | null = null;

// Every web contents, including any the app did not create itself, gets the same guards.
app.on('web-contents-created', (_e, contents) => guardContents(contents));

app.on('second-instance', () => {
  if (win?.isMinimized()) win.restore();
  win?.focus();
});

app.whenReady().then(async () => {
  guardSession(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(join(__dirname, '../renderer')));
  const dataDir = process.env.RECEPTION_DATA_DIR?.trim() || app.getPath('userData');
  const settings = createElectronSettings(dataDir);
  let dbKey: Buffer;
  try {
    // The key is sealed by the OS keystore (safeStorage's async API); it never reaches the renderer.
    const demo = resolvePdsBaseUrl(settings.get().nationalApi.pdsBaseUrl) === EMBEDDED_SANDBOX;
    const vault = await electronKeyVault(safeStorage, dataDir, { demo });
    // IT's switches, run with the desk closed: --rotate-key, --backup=<folder>, --restore=<folder>, --verify-audit (README).
    const command = localCopyCommandFromArgv(process.argv);
    if (command) {
      const r = await runLocalCopyCommand(command, { dataDir, vault, passphrase: process.env.RECEPTION_BACKUP_PASSPHRASE });
      console.log(r.said);
      await dialog.showMessageBox({ type: r.ok ? 'info' : 'error', title: 'GP Reception', message: r.said });
      app.exit(r.ok ? 0 : 1);
      return;
    }
    dbKey = (await prepareDataKey({ dataDir, vault })).key;
  } catch (e) {
    dialog.showErrorBox('GP Reception cannot open its local copy', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return;
  }
  booted = await bootCore({ dataDir, dbKey, settings, transport: 'electron' });
  registerIpc(ipcMain, booted.core, APP_ORIGIN);
  win = await createMainWindow(BrowserWindow, join(__dirname, '..'));
  const target = win;
  booted.core.events.subscribe((m) => target.webContents.send(PUSH_CHANNEL, m));
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => void booted?.close());
