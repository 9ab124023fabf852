import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CSP } from '../../../shared/csp';
import { APP_ENTRY, APP_ORIGIN, APP_SCHEME_PRIVILEGES, appProtocolHandler } from '../../../electron/main/app-protocol';
import { registerIpc, type IpcEventLike } from '../../../electron/main/ipc.register';
import { guardContents, guardSession, isBlockedRendererRequest, isTrustedSender } from '../../../electron/main/security.guards';
import { createMainWindow } from '../../../electron/main/window.factory';
import { secureWindowOptions } from '../../../electron/main/window.options';
import { isSecureServiceUrl, resolvePdsBaseUrl, Settings } from '../../../electron/core/settings/settings.schema';
import type { Result } from '../../../shared/result';
import { contract, PUSH_CHANNEL } from '../../../shared/contract';
import { verbsOf } from '../../../shared/contract/verb';

/**
 * The Electron security checklist (RELIABILITY-SECURITY-PERFORMANCE.md A1, electron/electron docs/tutorial/security.md),
 * item by item, over the window factory, session guards, IPC registration, the app:// protocol, the preload and the
 * source. No Electron binary is needed: Electron objects are fakes recording what the code does to them. The Electron
 * run itself (test/e2e/electron.spec.ts, when a binary is present) checks navigation and window.open are refused.
 *
 * | #  | Checklist item                                   | Asserted in                                                                  |
 * |----|--------------------------------------------------|------------------------------------------------------------------------------|
 * | 1  | Only load secure content                         | 'item 1': UI from app:// (secure scheme), renderer http(s)/ws(s) refused at   |
 * |    |                                                  | the session, national services https only (settings)                         |
 * | 2  | No Node.js integration for remote content        | 'items 2-4, 6, 8-11': nodeIntegration(+InWorker, +InSubFrames) false         |
 * | 3  | Context isolation                                | 'items 2-4, 6, 8-11': contextIsolation true                                  |
 * | 4  | Process sandboxing                               | 'items 2-4, 6, 8-11': sandbox true; source: app.enableSandbox()             |
 * | 5  | Permission request handler                       | 'item 5': every permission denied (request and check handlers)               |
 * | 6  | Do not disable webSecurity                       | 'items 2-4, 6, 8-11' + 'lint' (no webSecurity:false anywhere)                |
 * | 7  | Restrictive CSP                                  | 'item 7': header on every response, meta tag identical, app:// responses     |
 * | 8  | No allowRunningInsecureContent                   | 'items 2-4, 6, 8-11' + 'lint'                                                |
 * | 9  | No experimental features                         | 'items 2-4, 6, 8-11' + 'lint'                                                |
 * | 10 | No enableBlinkFeatures                           | 'items 2-4, 6, 8-11' (key absent) + 'lint'                                   |
 * | 11 | <webview>: no allowpopups                        | 'items 2-4, 6, 8-11': webviewTag false + 'lint' (no <webview>, allowpopups)  |
 * | 12 | <webview>: verify options before creation        | 'items 12-14': will-attach-webview always prevented                          |
 * | 13 | Disable or limit navigation                      | 'items 12-14': will-navigate / will-redirect prevented, for every contents   |
 * | 14 | Limit creation of new windows                    | 'items 12-14': setWindowOpenHandler → deny                                   |
 * | 15 | No shell.openExternal with untrusted content     | 'lint': shell.openExternal is not used at all                                |
 * | 16 | Use a current Electron                           | 'item 16': electron pinned exactly, major >= MIN_ELECTRON_MAJOR              |
 * | 17 | Validate the sender of all IPC messages          | 'item 17': top frame of app://desk only; every ipcMain use is registerIpc    |
 * | 18 | Avoid file://, use a custom protocol             | 'item 18': app://desk handler (files of the renderer only), window loads it  |
 * | 19 | Check which fuses you can change                 | test/unit/electron/builder-config.test.ts (every fuse, via electron-builder) |
 * | 20 | Do not expose Electron APIs to untrusted content | 'item 20': preload exposes the contract's verbs + on(), nothing else        |
 */
const root = resolve(__dirname, '../../..');

/** Records what the factory and guards do to Electron objects; no Electron binary needed. */
class FakeContents {
  handlers = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  sent: unknown[] = [];
  on(event: string, l: (e: { preventDefault(): void }, url: string) => void) {
    this.handlers.set(event, l);
    return this;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  send(_c: string, m: unknown) {
    this.sent.push(m);
  }
  fire(event: string, url = 'https://evil.example/') {
    let prevented = false;
    this.handlers.get(event)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

class FakeWindow {
  webContents = new FakeContents();
  loaded: string | null = null;
  shown = false;
  private readyListener: (() => void) | null = null;
  constructor(readonly options: ReturnType<typeof secureWindowOptions>) {}
  once(_e: 'ready-to-show', l: () => void) {
    this.readyListener = l;
    return this;
  }
  show() {
    this.shown = true;
  }
  async loadURL(url: string) {
    this.loaded = url;
  }
  paint() {
    this.readyListener?.();
  }
}

type HeadersListener = (d: { responseHeaders?: Record<string, string[] | string> }, cb: (r: { responseHeaders: Record<string, string[] | string> }) => void) => void;

function fakeSession() {
  const s = {
    request: null as ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null,
    check: null as ((wc: unknown, p: string) => boolean) | null,
    before: null as ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null,
    headers: null as HeadersListener | null,
  };
  guardSession({
    setPermissionRequestHandler: (h) => (s.request = h),
    setPermissionCheckHandler: (h) => (s.check = h),
    webRequest: { onBeforeRequest: (l) => (s.before = l), onHeadersReceived: (l) => (s.headers = l) },
  });
  return s;
}

/** Every source file of the app (not tests), for the "lint" checks. */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|html)$/.test(name)) out.push({ file: relative(root, p), text: readFileSync(p, 'utf8') });
    }
  };
  for (const d of ['electron', 'renderer', 'shared']) walk(join(root, d));
  return out;
}

describe('Electron security checklist (A1)', () => {
  it('item 1: only secure content — the UI from a secure scheme, no renderer network, national services over TLS', () => {
    expect(APP_ENTRY.startsWith('app://desk/')).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges.secure).toBe(true);
    const s = fakeSession();
    const cancelled = (url: string) => {
      let cancel: boolean | null = null;
      s.before!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    for (const url of ['https://evil.example/x.js', 'http://127.0.0.1:5173/', 'ws://127.0.0.1:1/bridge', 'wss://evil.example/', 'file:///etc/passwd', 'ftp://x/', 'not a url']) {
      expect(cancelled(url), url).toBe(true);
    }
    for (const url of [APP_ENTRY, `${APP_ORIGIN}/assets/index-abc.js`, 'data:,', 'devtools://devtools/bundled/inspector.html']) {
      expect(cancelled(url), url).toBe(false);
    }
    expect(isBlockedRendererRequest('HTTPS://EVIL.EXAMPLE/')).toBe(true);
    // National base URLs: https, or plain http to this machine only.
    expect(isSecureServiceUrl('https://int.api.service.nhs.uk/personal-demographics/FHIR/R4')).toBe(true);
    expect(isSecureServiceUrl('http://127.0.0.1:4010/FHIR/R4')).toBe(true);
    expect(isSecureServiceUrl('http://pds.example/FHIR/R4')).toBe(false);
    expect(isSecureServiceUrl('http://127.0.0.1.evil.example/')).toBe(false);
    expect(Settings.safeParse({ nationalApi: { pdsBaseUrl: 'http://pds.example/FHIR/R4' } }).success).toBe(false);
    expect(Settings.safeParse({ nationalApi: { pdsBaseUrl: 'https://pds.example/FHIR/R4' } }).success).toBe(true);
    expect(() => resolvePdsBaseUrl('embedded-sandbox', { RECEPTION_PDS_BASE_URL: 'http://pds.example/FHIR/R4' })).toThrow(/https/);
  });

  it('items 2-4, 6, 8-11: the window is created locked down and hidden until painted', async () => {
    const win = await createMainWindow(FakeWindow, '/app/out');
    const wp = win.options.webPreferences;
    expect(wp).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      preload: '/app/out/preload/index.js',
    });
    expect('enableBlinkFeatures' in wp).toBe(false);
    expect(wp.devTools).toBe(process.env.RECEPTION_DEVTOOLS === '1');
    expect(win.options.show).toBe(false);
    expect(win.shown).toBe(false);
    win.paint();
    expect(win.shown).toBe(true);
  });

  it('item 5: every permission is denied, asked or checked', () => {
    const s = fakeSession();
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'usb', 'serial', 'openExternal', 'fullscreen', 'unknown']) {
      let granted: boolean | null = null;
      s.request!(null, p, (g) => (granted = g));
      expect(granted, p).toBe(false);
      expect(s.check!(null, p), p).toBe(false);
    }
  });

  it('item 7: a strict CSP, sent as a header, in the page, and on app:// responses', async () => {
    const s = fakeSession();
    let out: Record<string, string[] | string> = {};
    s.headers!({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': ["default-src *"] } }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy']).toEqual([CSP]); // replaces whatever a response carried
    expect(out['X-Other']).toEqual(['1']);
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("base-uri 'none'");
    expect(CSP).not.toMatch(/unsafe-(inline|eval)|\*/);
    const html = readFileSync(join(root, 'renderer/index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]).toBe(CSP);
    const res = await appProtocolHandler(rendererDir())(new Request(APP_ENTRY));
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('items 12-14: no webviews, no navigation away, no new windows — for every web contents', async () => {
    const win = await createMainWindow(FakeWindow, '/app/out');
    const others = new FakeContents(); // what main.ts guards on 'web-contents-created'
    guardContents(others);
    for (const c of [win.webContents, others]) {
      expect(c.fire('will-attach-webview')).toBe(true);
      for (const url of ['https://evil.example/', 'file:///etc/passwd', `${APP_ORIGIN}/elsewhere.html`, 'javascript:alert(1)']) {
        expect(c.fire('will-navigate', url), url).toBe(true);
        expect(c.fire('will-redirect', url), url).toBe(true);
      }
      for (const url of ['https://evil.example/', APP_ENTRY, 'about:blank']) expect(c.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('item 16: a current Electron, pinned exactly', () => {
    // Electron supports its latest three stable majors (releases.electronjs.org): raise this as they move on.
    const MIN_ELECTRON_MAJOR = 45;
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const pinned = pkg.devDependencies.electron ?? '';
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(pinned.split('.')[0])).toBeGreaterThanOrEqual(MIN_ELECTRON_MAJOR);
    const installed = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    expect(installed).toBe(pinned);
  });

  it('item 18: the UI comes from app://desk, which serves the built renderer and nothing else', async () => {
    const win = await createMainWindow(FakeWindow, '/app/out');
    expect(win.loaded).toBe(APP_ENTRY);
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
    const handle = appProtocolHandler(rendererDir());
    const get = async (url: string, method = 'GET') => {
      const r = await handle(new Request(url, { method }));
      return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
    };
    expect(await get(APP_ENTRY)).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>GP Reception</title>' });
    expect(await get(`${APP_ORIGIN}/`)).toMatchObject({ status: 200 });
    expect(await get(`${APP_ORIGIN}/assets/app.js?v=1`)).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect((await get(`${APP_ORIGIN}/assets/app.js`, 'HEAD')).status).toBe(200);
    for (const url of [
      `${APP_ORIGIN}/../secret.txt`, `${APP_ORIGIN}/%2e%2e/secret.txt`, `${APP_ORIGIN}/assets/%2e%2e%2f%2e%2e%2fsecret.txt`, `${APP_ORIGIN}/%E0%A4%A`,
      `${APP_ORIGIN}/%00`, 'app://other/index.html', `${APP_ORIGIN}/missing.js`, `${APP_ORIGIN}/assets`,
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
    expect((await get(APP_ENTRY, 'POST')).status).toBe(404);
  });

  it('item 20: the preload exposes the contract verbs and one listener, never ipcRenderer', async () => {
    const exposed = new Map<string, unknown>();
    const invoked: [string, unknown][] = [];
    const listeners = new Map<string, (e: unknown, m: unknown) => void>();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => (invoked.push([channel, input]), { ok: true, value: null }),
        on: (channel: string, l: (e: unknown, m: unknown) => void) => listeners.set(channel, l),
        removeListener: (channel: string) => listeners.delete(channel),
      },
    }));
    try {
      vi.resetModules();
      await import('../../../electron/preload/index');
    } finally {
      vi.doUnmock('electron');
    }
    expect([...exposed.keys()]).toEqual(['reception']);
    const api = exposed.get('reception') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(contract), 'on'].sort());
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'require', 'process']) expect(api[forbidden], forbidden).toBeUndefined();
    // Each verb function calls exactly its own channel, and nothing else is callable.
    for (const v of verbsOf(contract)) {
      const [domain, key] = Object.entries(contract).flatMap(([d, verbs]) => Object.entries(verbs).filter(([, x]) => x === v).map(([k]) => [d, k] as const))[0]!;
      const fn = (api[domain] as Record<string, (i: unknown) => Promise<unknown>>)[key]!;
      await fn({ probe: v.name });
      expect(invoked.at(-1)).toEqual([v.name, { probe: v.name }]);
    }
    expect(invoked).toHaveLength(verbsOf(contract).length);
    // The listener hears only its own event, from the one push channel, and can be removed.
    const heard: unknown[] = [];
    const off = (api.on as (e: string, l: (p: unknown) => void) => () => void)('sync', (p) => heard.push(p));
    expect([...listeners.keys()]).toEqual([PUSH_CHANNEL]);
    listeners.get(PUSH_CHANNEL)!(null, { event: 'session', payload: 1 });
    listeners.get(PUSH_CHANNEL)!(null, { event: 'sync', payload: 2 });
    expect(heard).toEqual([2]);
    off();
    expect(listeners.size).toBe(0);
  });
});

describe('item 17: IPC only from the app window', () => {
  function setup() {
    const handlers = new Map<string, (e: IpcEventLike, input: unknown) => Promise<Result<unknown>>>();
    const calls: string[] = [];
    const names = registerIpc(
      { handle: (c, l) => void handlers.set(c, l) },
      { dispatch: async (name) => { calls.push(name); return { ok: true, value: 'done' }; } },
      APP_ORIGIN,
    );
    return { handlers, calls, names };
  }

  it('registers exactly the contract verbs', () => {
    const { names } = setup();
    expect(names.sort()).toEqual(verbsOf(contract).map((v) => v.name).sort());
    expect(names).toContain('patients:open');
    expect(names).toContain('staff:save');
  });

  it('answers the top frame of app://desk and refuses foreign frames, origins and sub-frames without touching the core', async () => {
    const { handlers, calls } = setup();
    const main = { url: APP_ENTRY };
    const h = handlers.get('patients:open')!;
    expect(await h({ senderFrame: main, sender: { mainFrame: main } }, { nhsNumber: '9000000009' })).toEqual({ ok: true, value: 'done' });
    const evil = { url: 'https://evil.example/' };
    const file = { url: 'file:///app/out/renderer/index.html' };
    const otherHost = { url: 'app://other/index.html' };
    const sub = { url: APP_ENTRY };
    for (const e of [
      { senderFrame: evil, sender: { mainFrame: evil } }, // foreign origin
      { senderFrame: file, sender: { mainFrame: file } }, // a file:// page is not the app any more
      { senderFrame: otherHost, sender: { mainFrame: otherHost } }, // same scheme, other host
      { senderFrame: sub, sender: { mainFrame: main } }, // a sub-frame, even of our own page
      { senderFrame: null, sender: { mainFrame: main } }, // frame gone
    ]) {
      expect(await h(e, { nhsNumber: '9000000009' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(calls).toEqual(['patients:open']);
  });

  it('recognises only the app origin as trusted', () => {
    expect(isTrustedSender(APP_ENTRY, true, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender('app://desk.evil/index.html', true, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(APP_ENTRY, false, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:5173/', true, 'http://127.0.0.1:5173')).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:5174/', true, 'http://127.0.0.1:5173')).toBe(false);
    expect(isTrustedSender('not a url', true, 'file://')).toBe(false);
  });
});

describe('lint: nothing in the source undoes the checklist (items 2-4, 6, 8-11, 15, 17, 18, 20)', () => {
  const all = sources();
  const offenders = (re: RegExp, allowed: string[] = []) => all.filter((f) => re.test(f.text) && !allowed.includes(f.file)).map((f) => f.file);

  it('no weakened webPreferences anywhere', () => {
    expect(offenders(/webSecurity\s*:\s*false/)).toEqual([]);
    expect(offenders(/allowRunningInsecureContent\s*:\s*true/)).toEqual([]);
    expect(offenders(/experimentalFeatures\s*:\s*true/)).toEqual([]);
    expect(offenders(/enableBlinkFeatures/)).toEqual([]);
    expect(offenders(/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/)).toEqual([]);
    expect(offenders(/contextIsolation\s*:\s*false/)).toEqual([]);
    expect(offenders(/sandbox\s*:\s*false/)).toEqual([]);
    expect(offenders(/webviewTag\s*:\s*true|<webview|allowpopups/)).toEqual([]);
  });

  it('no shell.openExternal, no file:// loading, no remote module', () => {
    expect(offenders(/openExternal/)).toEqual([]);
    expect(offenders(/\.loadFile\(/)).toEqual([]);
    expect(offenders(/@electron\/remote|enableRemoteModule/)).toEqual([]);
  });

  it('ipcMain is used only through registerIpc, ipcRenderer and contextBridge only in the preload', () => {
    expect(offenders(/ipcMain\.(handle|on|once)\(/, ['electron/main/ipc.register.ts'])).toEqual([]);
    expect(offenders(/\bipcRenderer\b/, ['electron/preload/index.ts'])).toEqual([]);
    expect(offenders(/contextBridge/, ['electron/preload/index.ts'])).toEqual([]);
    const preload = readFileSync(join(root, 'electron/preload/index.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });

  it('main wires every guard: sandbox, app:// before ready, session guard, guards on all contents, IPC from app://', () => {
    const main = readFileSync(join(root, 'electron/main/index.ts'), 'utf8');
    const order = ['app.enableSandbox()', 'protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])', 'app.whenReady()', 'guardSession(session.defaultSession)', 'protocol.handle(APP_SCHEME', 'registerIpc(ipcMain, booted.core, APP_ORIGIN)', 'createMainWindow('];
    let at = -1;
    for (const step of order) {
      const i = main.indexOf(step);
      expect(i, step).toBeGreaterThan(at);
      at = i;
    }
    expect(main).toMatch(/app\.on\('web-contents-created', \(_e, contents\) => guardContents\(contents\)\)/);
    expect(main).toMatch(/requestSingleInstanceLock/);
  });
});

let tempRenderer: string | null = null;
/** A built-renderer folder with one secret file beside it, to prove the protocol cannot reach outside. */
function rendererDir(): string {
  if (tempRenderer) return join(tempRenderer, 'renderer');
  tempRenderer = mkdtempSync(join(tmpdir(), 'reception-app-protocol-'));
  const dir = join(tempRenderer, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>GP Reception</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tempRenderer, 'secret.txt'), 'not for the renderer');
  return dir;
}
afterAll(() => {
  if (tempRenderer) rmSync(tempRenderer, { recursive: true, force: true });
});
