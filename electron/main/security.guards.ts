import { CSP } from '../../shared/csp';

/**
 * The app's own pages: the built renderer on app://desk (or a dev server). Compared by scheme and host rather
 * than URL.origin, which Node reports as "null" for a custom scheme such as app:.
 */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    const u = new URL(url);
    if (appOrigin === 'file://') return u.protocol === 'file:';
    return `${u.protocol}//${u.host}` === appOrigin;
  } catch {
    return false;
  }
}

/**
 * Schemes the renderer may never fetch from, whatever the CSP says: the core does every network request in
 * the main process (checklist items 1 and 18), and the UI comes from app://, so http(s), WebSockets, file
 * and ftp are refused at the session too (as Signal Desktop does).
 */
export const BLOCKED_RENDERER_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'file:', 'ftp:']);

export function isBlockedRendererRequest(url: string): boolean {
  try {
    return BLOCKED_RENDERER_SCHEMES.has(new URL(url).protocol);
  } catch {
    return true;
  }
}

/** Minimal shapes of the Electron objects the guards touch, so tests can drive them without a binary. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', l: (e: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', l: (e: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(h: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardedSession {
  setPermissionRequestHandler(h: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(h: (wc: unknown, permission: string) => boolean): void;
  webRequest: {
    onBeforeRequest(l: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void): void;
    onHeadersReceived(
      l: (
        d: { responseHeaders?: Record<string, string[] | string> },
        cb: (r: { responseHeaders: Record<string, string[] | string> }) => void,
      ) => void,
    ): void;
  };
}

/** No navigation away from the app, no new windows, no webviews: the desk shows only its own pages. */
export function guardContents(contents: GuardedContents): void {
  const block = (e: { preventDefault(): void }) => e.preventDefault();
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', block);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Deny every permission (camera, geolocation, notifications…), refuse network schemes, and send the CSP as a header too. */
export function guardSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, cb) => cb({ cancel: isBlockedRendererRequest(details.url) }));
  session.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

/**
 * IPC sender check (checklist item 17): only the top frame of our own page may call the core.
 * `frameUrl` is event.senderFrame.url; `isTopFrame` compares senderFrame with the window's mainFrame.
 */
export function isTrustedSender(frameUrl: string | undefined, isTopFrame: boolean, appOrigin: string): boolean {
  return Boolean(frameUrl) && isTopFrame && isAppUrl(frameUrl!, appOrigin);
}
