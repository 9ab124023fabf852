import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventBus } from '../../electron/core/events.bus';
import { startHost, type Host } from '../../electron/host/host.server';
import { useTempDir } from '../helpers/temp-dir';

/** The browser host over real HTTP and WebSocket on loopback, with a core that records every call. */
const temp = useTempDir();
let host: Host;
let calls: { verb: string; input: unknown }[];
let events: EventBus;

beforeEach(async () => {
  const renderer = temp();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>GP Reception</title>');
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  calls = [];
  events = new EventBus();
  host = await startHost({
    core: {
      events,
      dispatch: async (verb, input) => {
        calls.push({ verb, input });
        return { ok: true, value: { echoed: verb } };
      },
    },
    rendererDir: renderer,
    port: 0,
  });
});
afterEach(async () => host.close());

const origin = () => `http://127.0.0.1:${host.port}`;

function connect(protocols: string[], headers: Record<string, string> = { Origin: origin() }): Promise<WebSocket> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge`, protocols, { headers });
    ws.once('open', () => ok(ws));
    ws.once('unexpected-response', (_req, res) => fail(new Error(String(res.statusCode))));
    ws.once('error', fail);
  });
}

function call(ws: WebSocket, msg: unknown): Promise<{ id: number; result: { ok: boolean } }> {
  return new Promise((ok) => {
    ws.on('message', function onMessage(data) {
      const m = JSON.parse(String(data));
      if ('id' in m) {
        ws.off('message', onMessage);
        ok(m);
      }
    });
    ws.send(JSON.stringify(msg));
  });
}

describe('browser host', () => {
  it('prints a URL on 127.0.0.1 with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
  });

  it('serves the built renderer with the CSP header, and nothing outside it', async () => {
    const r = await fetch(origin() + '/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await fetch(origin() + '/assets/app.js')).status).toBe(200);
    expect((await fetch(origin() + '/../../etc/passwd')).status).toBe(404);
    expect((await fetch(origin() + '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('refuses a bridge connection without the token with 401, and the core is never called', async () => {
    await expect(connect(['reception.v1'])).rejects.toThrow('401');
    await expect(connect(['reception.v1', 'token.' + '0'.repeat(64)])).rejects.toThrow('401');
    const r = await fetch(origin() + '/bridge');
    expect(r.status).toBe(401);
    expect((await fetch(origin() + '/api/anything', { method: 'POST', body: '{}' })).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('refuses a foreign Origin or Host even with the token (cross-site and DNS rebinding)', async () => {
    const token = 'token.' + host.token;
    await expect(connect(['reception.v1', token], { Origin: 'http://evil.example' })).rejects.toThrow('403');
    await expect(connect(['reception.v1', token], { Origin: origin(), Host: `evil.example:${host.port}` })).rejects.toThrow('403');
    // fetch cannot set Host; a raw request can, as a rebinding page's browser would send it.
    const status = await new Promise<number>((ok, fail) =>
      get({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'attacker.test' } }, (res) => ok(res.statusCode ?? 0)).on('error', fail),
    );
    expect(status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('carries verbs and Results over the socket with the token, and pushes events', async () => {
    const ws = await connect(['reception.v1', 'token.' + host.token]);
    expect(ws.protocol).toBe('reception.v1'); // the token is never echoed back
    const reply = await call(ws, { id: 7, verb: 'patients:search', input: { text: 'x' } });
    expect(reply).toEqual({ id: 7, result: { ok: true, value: { echoed: 'patients:search' } } });
    const pushed = new Promise((ok) => ws.once('message', (d) => ok(JSON.parse(String(d)))));
    events.emit('changed', { tables: ['patients'] });
    expect(await pushed).toEqual({ event: 'changed', payload: { tables: ['patients'] } });
    ws.close();
  });

  it('answers a malformed message with an error Result and does not call the core', async () => {
    const ws = await connect(['reception.v1', 'token.' + host.token]);
    expect(await call(ws, { id: 3, verb: 'patients:search', input: {}, extra: 1 })).toMatchObject({ id: 3, result: { ok: false } });
    expect(calls).toEqual([]);
    ws.close();
  });
});
