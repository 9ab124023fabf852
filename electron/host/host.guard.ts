import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PROTOCOL_PREFIX } from '../../shared/contract/bridge';

export const newToken = (): string => randomBytes(32).toString('hex');

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token presented on a request: a `token.<hex>` WebSocket subprotocol, or `Authorization: Bearer <hex>`. */
export function presentedToken(req: IncomingMessage): string | null {
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const fromProtocol = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  if (fromProtocol) return fromProtocol.slice(TOKEN_PROTOCOL_PREFIX.length);
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7) : null;
}

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/**
 * DNS-rebinding and cross-site defence for a loopback server: the Host must be our own address, an
 * Origin (when a browser sends one) must be our own origin, and anything reaching the core must carry the token.
 */
export function checkRequest(req: IncomingMessage, expect: { port: number; token: string; needsToken: boolean }): GuardVerdict {
  const self = `127.0.0.1:${expect.port}`;
  if (req.headers.host !== self) return { ok: false, status: 403, reason: 'wrong Host' };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${self}`) return { ok: false, status: 403, reason: 'foreign Origin' };
  if (expect.needsToken) {
    const t = presentedToken(req);
    if (!t || !sameSecret(t, expect.token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  }
  return { ok: true };
}
