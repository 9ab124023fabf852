import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../../shared/csp';
import { registerIpc, type IpcEventLike } from '../../../electron/main/ipc.register';
import { guardContents, guardSession, isTrustedSender } from '../../../electron/main/security.guards';
import { createMainWindow } from '../../../electron/main/window.factory';
import { secureWindowOptions } from '../../../electron/main/window.options';
import type { Result } from '../../../shared/result';
import { contract } from '../../../shared/contract';
import { verbsOf } from '../../../shared/contract/verb';

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
  static last: FakeWindow | null = null;
  webContents = new FakeContents();
  loaded: string | null = null;
  shown = false;
  private readyListener: (() => void) | null = null;
  constructor(readonly options: ReturnType<typeof secureWindowOptions>) {
    FakeWindow.last = this;
  }
  once(_e: 'ready-to-show', l: () => void) {
    this.readyListener = l;
    return this;
  }
  show() {
    this.shown = true;
  }
  async loadFile(p: string) {
    this.loaded = p;
  }
  paint() {
    this.readyListener?.();
  }
}

describe('Electron window factory and guards', () => {
  it('creates the window locked down: isolation, sandbox, no Node, no webviews, hidden until painted', async () => {
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
      preload: '/app/out/preload/index.js',
    });
    expect(win.options.show).toBe(false);
    expect(win.loaded).toBe('/app/out/renderer/index.html');
    expect(win.shown).toBe(false);
    win.paint();
    expect(win.shown).toBe(true);
  });

  it('denies navigation, redirects, webviews and window.open', async () => {
    const win = await createMainWindow(FakeWindow, '/app/out');
    expect(win.webContents.fire('will-navigate')).toBe(true);
    expect(win.webContents.fire('will-redirect')).toBe(true);
    expect(win.webContents.fire('will-attach-webview')).toBe(true);
    expect(win.webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('guards any web contents the app did not create itself', () => {
    const c = new FakeContents();
    guardContents(c);
    expect(c.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
  });

  it('denies every permission and sends the strict CSP header', () => {
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((wc: unknown, p: string) => boolean) | null = null;
    let headers: ((d: { responseHeaders?: Record<string, string[] | string> }, cb: (r: { responseHeaders: Record<string, string[] | string> }) => void) => void) | null = null;
    guardSession({
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
      webRequest: { onHeadersReceived: (l) => (headers = l) },
    });
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'usb', 'openExternal']) {
      let granted: boolean | null = null;
      request!(null, p, (g) => (granted = g));
      expect(granted).toBe(false);
      expect(check!(null, p)).toBe(false);
    }
    let out: Record<string, string[] | string> = {};
    headers!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy']).toEqual([CSP]);
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('keeps the renderer page meta CSP identical to the header', () => {
    const html = readFileSync(resolve(__dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CSP);
  });
});

describe('IPC registration', () => {
  const APP = 'file://';
  function setup() {
    const handlers = new Map<string, (e: IpcEventLike, input: unknown) => Promise<Result<unknown>>>();
    const calls: string[] = [];
    const names = registerIpc(
      { handle: (c, l) => void handlers.set(c, l) },
      { dispatch: async (name) => { calls.push(name); return { ok: true, value: 'done' }; } },
      APP,
    );
    return { handlers, calls, names };
  }

  it('registers exactly the contract verbs', () => {
    const { names } = setup();
    expect(names.sort()).toEqual(verbsOf(contract).map((v) => v.name).sort());
    expect(names).toContain('patients:open');
    expect(names).toContain('staff:save');
  });

  it('answers the app window and refuses foreign frames and origins without touching the core', async () => {
    const { handlers, calls } = setup();
    const main = { url: 'file:///app/out/renderer/index.html' };
    const h = handlers.get('patients:open')!;
    expect(await h({ senderFrame: main, sender: { mainFrame: main } }, { nhsNumber: '9000000009' })).toEqual({ ok: true, value: 'done' });
    const evil = { url: 'https://evil.example/' };
    const sub = { url: 'file:///app/out/renderer/index.html' };
    for (const e of [
      { senderFrame: evil, sender: { mainFrame: evil } }, // foreign origin
      { senderFrame: sub, sender: { mainFrame: main } }, // a sub-frame, even of our own page
      { senderFrame: null, sender: { mainFrame: main } }, // frame gone
    ]) {
      expect(await h(e, { nhsNumber: '9000000009' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(calls).toEqual(['patients:open']);
  });

  it('recognises only the app origin as trusted', () => {
    expect(isTrustedSender('http://127.0.0.1:5173/', true, 'http://127.0.0.1:5173')).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:5174/', true, 'http://127.0.0.1:5173')).toBe(false);
    expect(isTrustedSender('not a url', true, 'file://')).toBe(false);
  });
});
