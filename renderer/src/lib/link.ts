/**
 * The state of the renderer's link to the desk service (the core), as opposed to the core's own
 * link to the national service. Electron's IPC never drops; the browser host's WebSocket can.
 */
export type LinkState = 'connecting' | 'open' | 'lost';

export interface LinkStatus {
  state: LinkState;
  /** What to tell the user while the link is not open. */
  message: string | null;
}

export interface Link {
  status(): LinkStatus;
  subscribe(listener: (status: LinkStatus) => void): () => void;
}

export const LOST_MESSAGE = 'Lost connection to the desk service. Trying to reconnect…';
/** After a few failed attempts: the service may have restarted with a new key, which only the launcher has. */
export const STILL_LOST_MESSAGE =
  'Still no connection to the desk service. Trying again; if it was restarted, open the desk again from the GP Reception launcher.';

/** Electron: the preload's IPC is always there while the window is. */
export const alwaysOpen: Link = {
  status: () => ({ state: 'open', message: null }),
  subscribe: () => () => {},
};

/** A tiny observable link, for transports that can drop. */
export function createLinkSource(initial: LinkStatus): Link & { set(status: LinkStatus): void } {
  let current = initial;
  const listeners = new Set<(status: LinkStatus) => void>();
  return {
    status: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(status) {
      current = status;
      for (const l of [...listeners]) l(status);
    },
  };
}
