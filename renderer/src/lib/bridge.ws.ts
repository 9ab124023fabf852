import { events, makeReceptionApi, type EventName, type ReceptionApi } from '../../../shared/contract';
import { BRIDGE_PROTOCOL, BridgeServerMessage, TOKEN_PROTOCOL_PREFIX } from '../../../shared/contract/bridge';
import { err, type Result } from '../../../shared/result';
import { createLinkSource, LOST_MESSAGE, STILL_LOST_MESSAGE, type Link } from './link';

/**
 * Transport B: the contract's verbs over the browser host's loopback WebSocket.
 * Calls never throw: whatever happens to the socket, each call resolves to a Result.
 */

export interface BridgeOptions {
  url: string;
  token: string;
  /** Test seam; the real WebSocket otherwise. */
  createSocket?: (url: string, protocols: string[]) => WebSocket;
  /** Delay before reconnect attempt n (0-based). */
  backoffMs?: (attempt: number) => number;
  /** A call with no reply by then resolves as unreachable, so the UI never spins for ever. */
  callTimeoutMs?: number;
}

export interface Bridge {
  api: ReceptionApi;
  link: Link;
  close(): void;
}

/** Failed reconnects before the banner says more than "trying to reconnect". */
const STILL_LOST_AFTER = 3;

const OPEN = 1; // WebSocket.OPEN, spelled out so tests can pass a fake socket

const defaultBackoff = (attempt: number): number => Math.min(30_000, 1_000 * 2 ** attempt);

const unreachable = (message = LOST_MESSAGE): Result<never> => err('SERVICE_UNREACHABLE', message);

type Listener = (payload: unknown) => void;

export function createBridge(options: BridgeOptions): Bridge {
  const createSocket = options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
  const backoffMs = options.backoffMs ?? defaultBackoff;
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;

  const link = createLinkSource({ state: 'connecting', message: null });
  const pending = new Map<number, { resolve: (r: Result<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  /** Calls made before the first connection opens wait for it rather than failing at start-up. */
  let queued: string[] = [];
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let closedByUs = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  function settle(id: number, result: Result<unknown>): void {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  function failAll(): void {
    queued = [];
    for (const id of [...pending.keys()]) settle(id, unreachable());
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = BridgeServerMessage.safeParse(json);
    if (!parsed.success) return;
    const msg = parsed.data;
    if ('id' in msg) {
      settle(msg.id, msg.result);
      return;
    }
    // Pushes are checked against the contract too: a malformed payload is dropped, not half-applied.
    const schema = (events as Record<string, (typeof events)[EventName]>)[msg.event];
    const payload = schema?.safeParse(msg.payload);
    if (!payload?.success) return;
    for (const l of [...(listeners.get(msg.event) ?? [])]) {
      try {
        l(payload.data);
      } catch (e) {
        console.error(`listener for ${msg.event} failed`, e);
      }
    }
  }

  function connect(): void {
    reconnectTimer = null;
    let ws: WebSocket;
    try {
      ws = createSocket(options.url, [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + options.token]);
    } catch {
      onClose();
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      for (const frame of queued) ws.send(frame);
      queued = [];
      link.set({ state: 'open', message: null });
    });
    ws.addEventListener('message', (ev: MessageEvent) => onMessage(ev.data));
    ws.addEventListener('close', () => {
      if (socket === ws) onClose();
    });
  }

  function onClose(): void {
    socket = null;
    failAll();
    if (closedByUs) return;
    link.set({ state: 'lost', message: attempt >= STILL_LOST_AFTER ? STILL_LOST_MESSAGE : LOST_MESSAGE });
    reconnectTimer = setTimeout(connect, backoffMs(attempt++));
  }

  const call = (verb: string, input: unknown): Promise<unknown> =>
    new Promise<Result<unknown>>((resolve) => {
      // Before the first connection, calls wait for it; once it has dropped they fail at once.
      if (closedByUs || link.status().state === 'lost') {
        resolve(unreachable());
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => settle(id, unreachable('The desk service did not answer in time. Try again.')), callTimeoutMs);
      pending.set(id, { resolve, timer });
      const frame = JSON.stringify({ id, verb, input });
      if (socket?.readyState === OPEN) socket.send(frame);
      else queued.push(frame);
    });

  const on: ReceptionApi['on'] = (event, listener) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener as Listener);
    return () => {
      set.delete(listener as Listener);
    };
  };

  connect();

  return {
    api: makeReceptionApi(call, on),
    link,
    close() {
      closedByUs = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      socket?.close();
      socket = null;
      failAll();
    },
  };
}
