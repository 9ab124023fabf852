import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridge, type Bridge } from '../../../renderer/src/lib/bridge.ws';
import type { LinkStatus } from '../../../renderer/src/lib/link';
import { jane, national } from './fake-api';

/** The browser-host transport, over a fake socket: calls always resolve to a Result, whatever the socket does. */

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  private handlers = new Map<string, ((ev: unknown) => void)[]>();
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this);
  }
  addEventListener(type: string, h: (ev: unknown) => void) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), h]);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.serverClose();
  }
  // what the server side does
  open() {
    this.readyState = 1;
    this.fire('open', {});
  }
  reply(message: unknown) {
    this.fire('message', { data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  serverClose() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.fire('close', {});
  }
  private fire(type: string, ev: unknown) {
    for (const h of this.handlers.get(type) ?? []) h(ev);
  }
}

let bridge: Bridge;
const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!;

function start(): { states: LinkStatus[] } {
  const states: LinkStatus[] = [];
  bridge = createBridge({
    url: 'ws://127.0.0.1:4567/bridge',
    token: 'ab12cd34',
    createSocket: (url, protocols) => new FakeSocket(url, protocols) as unknown as WebSocket,
    backoffMs: (n) => 1000 * 2 ** n,
    callTimeoutMs: 30_000,
  });
  bridge.link.subscribe((s) => states.push(s));
  return { states };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
});

afterEach(() => {
  bridge.close();
  vi.useRealTimers();
});

describe('browser-host bridge', () => {
  it('connects with the reception subprotocol and the token as a second one, never in the URL', () => {
    start();
    expect(latest().url).toBe('ws://127.0.0.1:4567/bridge');
    expect(latest().protocols).toEqual(['reception.v1', 'token.ab12cd34']);
  });

  it('holds calls made before the socket opens, sends {id, verb, input}, and resolves with the reply', async () => {
    start();
    const pending = bridge.api.patients.search({ text: 'smith 22/10/2010' });
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent).toEqual([{ id: 1, verb: 'patients:search', input: { text: 'smith 22/10/2010' } }]);
    latest().reply({ id: 1, result: { ok: true, value: national([jane]) } });
    await expect(pending).resolves.toEqual({ ok: true, value: national([jane]) });
  });

  it('matches replies to calls by id, whatever order they come back in', async () => {
    start();
    latest().open();
    const a = bridge.api.app.info({});
    const b = bridge.api.patients.open({ nhsNumber: '9434765919' });
    latest().reply({ id: 2, result: { ok: false, error: { code: 'NOT_FOUND', message: 'gone' } } });
    latest().reply({ id: 1, result: { ok: true, value: 'info' } });
    await expect(b).resolves.toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    await expect(a).resolves.toEqual({ ok: true, value: 'info' });
  });

  it('ignores messages that are not JSON or do not fit the wire format', async () => {
    start();
    latest().open();
    const call = bridge.api.app.info({});
    latest().reply('not json');
    latest().reply({ id: 1, result: { ok: 'yes' } });
    latest().reply({ id: 1, result: { ok: false, error: { code: 'MADE_UP', message: 'x' } } });
    let settled = false;
    void call.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    latest().reply({ id: 1, result: { ok: true, value: 1 } });
    await expect(call).resolves.toEqual({ ok: true, value: 1 });
  });

  it('delivers push events that match the contract and drops those that do not', () => {
    start();
    latest().open();
    const seen: unknown[] = [];
    const stop = bridge.api.on('connectivity', (p) => seen.push(p));
    latest().reply({ event: 'connectivity', payload: { service: 'pds', state: 'offline', since: '2026-03-12T10:00:00Z' } });
    latest().reply({ event: 'connectivity', payload: { service: 'pds', state: 'on fire', since: 'x' } });
    latest().reply({ event: 'card', payload: { state: 'inserted' } });
    stop();
    latest().reply({ event: 'connectivity', payload: { service: 'pds', state: 'online', since: '2026-03-12T10:05:00Z' } });
    expect(seen).toEqual([{ service: 'pds', state: 'offline', since: '2026-03-12T10:00:00Z' }]);
  });

  it('when the socket closes, resolves pending calls as SERVICE_UNREACHABLE, reports the link lost, and fails new calls at once', async () => {
    const { states } = start();
    latest().open();
    const pending = bridge.api.patients.search({ text: 'smith 22/10/2010' });
    latest().serverClose();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'SERVICE_UNREACHABLE', message: expect.stringMatching(/^Lost connection to the desk service/) } });
    expect(states.at(-1)).toMatchObject({ state: 'lost', message: expect.stringMatching(/Lost connection/) });
    await expect(bridge.api.app.info({})).resolves.toMatchObject({ ok: false, error: { code: 'SERVICE_UNREACHABLE' } });
  });

  it('reconnects with growing back-off and resets it once connected', async () => {
    const { states } = start();
    latest().open();
    latest().serverClose();
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    latest().serverClose(); // refused again: next wait is 2 s
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);
    latest().open();
    expect(states.at(-1)).toEqual({ state: 'open', message: null });

    const call = bridge.api.app.info({});
    expect(latest().sent).toEqual([{ id: 1, verb: 'app:info', input: {} }]);
    latest().reply({ id: 1, result: { ok: true, value: 'back' } });
    await expect(call).resolves.toEqual({ ok: true, value: 'back' });

    latest().serverClose(); // after a good connection the back-off starts again at 1 s
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('after a few failed reconnects, says the launcher may be needed (a restarted service has a new key)', async () => {
    const { states } = start();
    latest().open();
    latest().serverClose();
    for (const wait of [1000, 2000, 4000]) {
      expect(states.at(-1)?.message).toMatch(/Trying to reconnect/);
      await vi.advanceTimersByTimeAsync(wait);
      latest().serverClose();
    }
    expect(states.at(-1)).toMatchObject({ state: 'lost', message: expect.stringMatching(/open the desk again from the GP Reception launcher/) });
  });

  it('gives up on a call that gets no answer, with a Result rather than a hang', async () => {
    start();
    latest().open();
    const call = bridge.api.app.info({});
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'SERVICE_UNREACHABLE', message: expect.stringMatching(/did not answer/) } });
  });

  it('stops reconnecting once closed by the app', async () => {
    start();
    latest().open();
    bridge.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
