import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, BridgeRequest } from '../../shared/contract/bridge';
import { SECURITY_HEADERS } from '../../shared/csp';
import { err } from '../../shared/result';
import type { Core } from '../core/core';
import { checkRequest, newToken } from './host.guard';
import { loadStatic } from './static.files';

export interface HostOptions {
  core: Pick<Core, 'dispatch' | 'events'>;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface Host {
  port: number;
  token: string;
  url: string;
  close(): Promise<void>;
}

/**
 * The browser host: the built renderer plus the core's handler table over a WebSocket, on 127.0.0.1
 * only. The static files are the same for every install and hold no data; every call into the core
 * needs the per-launch token.
 */
export async function startHost(o: HostOptions): Promise<Host> {
  const token = o.token ?? newToken();
  let port = 0;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  const server: Server = createServer((req, res) => {
    // Whatever a request does, it must not become an unhandled rejection: that would stop the host.
    serveHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse) {
    const isApi = (req.url ?? '').startsWith('/api/') || (req.url ?? '').startsWith(BRIDGE_PATH);
    const verdict = checkRequest(req, { port, token, needsToken: isApi });
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'Content-Type': 'text/plain' }).end(verdict.reason);
      return;
    }
    if (isApi) {
      // The bridge is WebSocket only; a plain HTTP call with a good token still gets nothing.
      res.writeHead(426, { 'Content-Type': 'text/plain' }).end('WebSocket required');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await loadStatic(o.rendererDir, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.type, ...SECURITY_HEADERS }).end(req.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (req, socket, head) => {
    const verdict = req.url === BRIDGE_PATH ? checkRequest(req, { port, token, needsToken: true }) : ({ ok: false, status: 403, reason: 'no such endpoint' } as const);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  // Answer with the app protocol, never echo the token protocol back.
  wss.options.handleProtocols = (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false);

  function attach(ws: WebSocket) {
    const unsubscribe = o.core.events.subscribe((m) => ws.send(JSON.stringify(m)));
    ws.on('close', unsubscribe);
    ws.on('message', async (data, isBinary) => {
      let msg: unknown;
      try {
        msg = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        msg = undefined;
      }
      const req = BridgeRequest.safeParse(msg);
      if (!req.success) {
        const id = typeof (msg as { id?: unknown })?.id === 'number' ? (msg as { id: number }).id : -1;
        ws.send(JSON.stringify({ id, result: err('INVALID_INPUT', 'The request was not in the bridge format.') }));
        return;
      }
      const result = await o.core.dispatch(req.data.verb, req.data.input);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: req.data.id, result }));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
