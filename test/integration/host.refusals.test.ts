import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as netConnect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventBus } from '../../electron/core/events.bus';
import { startHost, type Host } from '../../electron/host/host.server';
import { useTempDir } from '../helpers/temp-dir';

/**
 * What the browser host refuses (issue 9), for plain HTTP and for the WebSocket upgrade alike: no token, a wrong
 * token, a foreign Origin, a Host header that is not its own loopback address. host.server.test.ts has the
 * journeys; this file is the refusal matrix. In every case the core is never called.
 */
const temp = useTempDir();
let host: Host;
let calls: string[];

beforeEach(async () => {
  const renderer = temp();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>GP Reception</title>');
  calls = [];
  host = await startHost({
    core: { events: new EventBus(), dispatch: async (verb) => (calls.push(verb), { ok: true, value: null }) },
    rendererDir: renderer,
    port: 0,
  });
});
afterEach(async () => host.close());

const self = () => `127.0.0.1:${host.port}`;
const origin = () => `http://${self()}`;
const WRONG = 'f'.repeat(64);

/** A raw HTTP request, so Host and Origin can be anything a hostile page or process might send. */
function http(path: string, headers: Record<string, string>, method = 'GET'): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method, headers: { Host: self(), ...headers } }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });
}

/** A WebSocket upgrade; resolves to 101 when it opens, else the HTTP status it was refused with. */
function upgrade(path: string, protocols: string[], headers: Record<string, string>): Promise<number> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, protocols, { headers: { Origin: origin(), ...headers } });
    ws.once('open', () => {
      ws.close();
      ok(101);
    });
    ws.once('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
    ws.once('error', fail);
  });
}

const token = () => `token.${host.token}`;

describe('browser host refusals', () => {
  it('accepts the right token, Origin and Host (the baseline the refusals differ from)', async () => {
    expect(await http('/', {})).toBe(200);
    expect(await http('/', { Origin: origin() })).toBe(200);
    expect(await http('/api/x', { Authorization: `Bearer ${host.token}` }, 'POST')).toBe(426); // token fine: WebSocket only
    expect(await upgrade('/bridge', ['reception.v1', token()], {})).toBe(101);
  });

  it('no token: 401 over HTTP and on the upgrade', async () => {
    expect(await http('/bridge', {})).toBe(401);
    expect(await http('/api/x', {}, 'POST')).toBe(401);
    expect(await upgrade('/bridge', ['reception.v1'], {})).toBe(401);
    expect(await upgrade('/bridge', [], {})).toBe(401);
  });

  it('wrong token: 401, whatever its length or where it is carried', async () => {
    for (const t of [WRONG, host.token.slice(0, 63), `${host.token}0`, host.token.toUpperCase(), '', ' ']) {
      expect(await http('/api/x', { Authorization: `Bearer ${t}` }, 'POST'), t).toBe(401);
      // A subprotocol cannot hold spaces or be empty (the client refuses to send it), so those go by header only.
      if (/^[0-9A-Za-z]+$/.test(t)) expect(await upgrade('/bridge', ['reception.v1', `token.${t}`], {})).toBe(401);
    }
    expect(await upgrade('/bridge', ['reception.v1'], { Authorization: `Bearer ${WRONG}` })).toBe(401);
    expect(await http('/api/x', { Authorization: `Basic ${Buffer.from(`a:${host.token}`).toString('base64')}` }, 'POST')).toBe(401);
  });

  it('a foreign Origin: 403 even with the right token', async () => {
    for (const o of ['http://evil.example', 'null', `https://${self()}`, `http://localhost:${host.port}`, `http://127.0.0.1:${host.port + 1}`, `${origin()}.evil.example`]) {
      expect(await http('/', { Origin: o }), o).toBe(403);
      expect(await http('/api/x', { Origin: o, Authorization: `Bearer ${host.token}` }, 'POST'), o).toBe(403);
      expect(await upgrade('/bridge', ['reception.v1', token()], { Origin: o }), o).toBe(403);
    }
  });

  it('a Host that is not its own loopback address: 403 even with the right token (DNS rebinding)', async () => {
    const hosts = ['evil.example', `evil.example:${host.port}`, `localhost:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`, `[::1]:${host.port}`, `192.168.1.10:${host.port}`, `0.0.0.0:${host.port}`, `127.0.0.2:${host.port}`];
    for (const h of hosts) {
      expect(await http('/', { Host: h }), h).toBe(403);
      expect(await http('/api/x', { Host: h, Authorization: `Bearer ${host.token}` }, 'POST'), h).toBe(403);
      expect(await upgrade('/bridge', ['reception.v1', token()], { Host: h }), h).toBe(403);
    }
  });

  it('no Host header at all: refused', async () => {
    const status = await new Promise<number>((ok, fail) => {
      const socket = netConnect(host.port, '127.0.0.1', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
      let reply = '';
      socket.on('data', (d) => (reply += String(d)));
      socket.on('end', () => ok(Number(/^HTTP\/1\.\d (\d{3})/.exec(reply)?.[1] ?? 0)));
      socket.on('error', fail);
    });
    expect([400, 403]).toContain(status);
  });

  it('an upgrade anywhere but the bridge: 403, even with everything right', async () => {
    for (const p of ['/', '/bridge/', '/bridge?x=1', '/api/bridge', '/BRIDGE']) {
      expect(await upgrade(p, ['reception.v1', token()], {}), p).toBe(403);
    }
  });

  it('survives a malformed path escape (it used to be an unhandled rejection)', async () => {
    expect(await http('/%E0%A4%A', {})).toBe(404);
    expect(await http('/%', {})).toBe(404);
    expect(await http('/', {})).toBe(200);
  });

  it('listens on loopback only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!external) {
      console.log('[host] no non-loopback IPv4 interface on this machine: the "not reachable from the network" check is left out');
      return;
    }
    const reached = await new Promise<string>((ok) => {
      const s = netConnect(host.port, external, () => (s.destroy(), ok('connected')));
      s.on('error', (e: NodeJS.ErrnoException) => ok(e.code ?? 'error'));
    });
    expect(reached).toBe('ECONNREFUSED');
  });

  afterEach(() => {
    expect(calls).toEqual([]);
  });
});
