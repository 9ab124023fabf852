import { makeReceptionApi, type ReceptionApi } from '../../../shared/contract';
import { BRIDGE_PATH } from '../../../shared/contract/bridge';
import { err } from '../../../shared/result';
import { createBridge } from './bridge.ws';
import { alwaysOpen, createLinkSource, type Link } from './link';
import { takeToken } from './token';

/**
 * The one accessor for the contract's api. Stores call it; components never do.
 * Electron's preload provides `window.reception`; in a plain browser we build the same api over the
 * browser host's WebSocket bridge. Either way the renderer sees one `ReceptionApi`.
 */
export interface Connection {
  api: ReceptionApi;
  link: Link;
}

let current: Connection | undefined;

export function connection(): Connection {
  current ??= connect();
  return current;
}

export const getApi = (): ReceptionApi => connection().api;

/** Replace the connection (tests install a fake api here; pass undefined to reconnect for real). */
export function setConnection(next: Connection | undefined): void {
  current = next;
}

function connect(): Connection {
  if (window.reception) return { api: window.reception, link: alwaysOpen };
  const token = takeToken(window.location, window.history, sessionStorageOrNull());
  if (!token) return withoutToken();
  return createBridge({ url: `ws://${window.location.host}${BRIDGE_PATH}`, token });
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // blocked by policy: the token then lasts until a reload
  }
}

/** Opened without the launcher's key: say so plainly instead of retrying a socket that will be refused. */
function withoutToken(): Connection {
  const message = 'This page was opened without its access key. Open the desk again from the GP Reception launcher.';
  const link = createLinkSource({ state: 'lost', message });
  return { api: makeReceptionApi(async () => err('SERVICE_UNREACHABLE', message), () => () => {}), link };
}
