/**
 * The renderer's Content-Security-Policy. renderer/index.html carries the same string in its meta tag
 * (a test keeps them equal); Electron and the browser host also send it as a header.
 * connect-src 'self' allows the browser host's same-origin WebSocket and nothing else.
 */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

/** Headers on every page the desk serves itself (browser host over HTTP, Electron over app://). */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;
