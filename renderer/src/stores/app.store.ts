import { create } from 'zustand';
import type { AppInfo, EventPayload, SyncStatus } from '../../../shared/contract';
import { connection } from '../lib/api';
import type { LinkStatus } from '../lib/link';

/** The national service's state as the core last pushed it; "online" until told otherwise. */
export type NationalStatus = Pick<EventPayload<'connectivity'>, 'state'> & { since: string | null };

interface AppState {
  info: AppInfo | null;
  infoError: string | null;
  link: LinkStatus;
  national: NationalStatus;
  /** National services and the outbox together, as the core last pushed them (null until it has). */
  sync: SyncStatus | null;
  /** Load app info and follow the link and connectivity pushes; returns the stop function. */
  start(): () => void;
  loadInfo(): Promise<void>;
}

export const useAppStore = create<AppState>()((set, get) => {
  let loading: Promise<void> | null = null;

  return {
    info: null,
    infoError: null,
    link: { state: 'connecting', message: null },
    national: { state: 'online', since: null },
    sync: null,

    start() {
      const { api, link } = connection();
      set({ link: link.status() });
      const stopLink = link.subscribe((status) => {
        const wasDown = get().link.state !== 'open';
        set({ link: status });
        // After a reconnect the core may have restarted: ask again who we are.
        if (status.state === 'open' && wasDown) void get().loadInfo();
      });
      const stopPush = api.on('connectivity', (p) => {
        if (p.service === 'pds' && !get().sync) set({ national: { state: p.state, since: p.since } });
      });
      // Once the core reports the outbox too, the indicator follows the worst of all national services.
      const stopSync = api.on('sync', (s) => set({ sync: s, national: { state: s.state, since: s.since } }));
      void get().loadInfo();
      return () => {
        stopLink();
        stopPush();
        stopSync();
      };
    },

    loadInfo() {
      loading ??= connection()
        .api.app.info({})
        .then((r) => set(r.ok ? { info: r.value, infoError: null } : { infoError: r.error.message }))
        .finally(() => {
          loading = null;
        });
      return loading;
    },
  };
});
