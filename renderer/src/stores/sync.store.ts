import { create } from 'zustand';
import type { AttentionItem } from '../../../shared/contract';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';

type Resolution = 'rebooked' | 'patient-contacted' | 'dismissed';

interface SyncState {
  items: AttentionItem[] | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Set after an item is dealt with, for the live region. */
  notice: string | null;
  load(): Promise<void>;
  resolve(item: AttentionItem, resolution: Resolution): Promise<void>;
  retryNow(): Promise<void>;
}

const DONE: Record<Resolution, string> = {
  rebooked: 'marked as rebooked',
  'patient-contacted': 'marked as patient contacted',
  dismissed: 'dismissed',
};

/** The "needs attention" list: queued changes that could not apply, until a person deals with each. */
export const useSyncStore = create<SyncState>()((set, get) => {
  let seq = 0;
  return {
    items: null,
    status: 'idle',
    error: null,
    notice: null,

    async load() {
      const mine = ++seq;
      set({ status: get().items ? 'ready' : 'loading' });
      const r = await getApi().sync.attention({});
      if (mine !== seq) return;
      set(r.ok ? { items: r.value, status: 'ready', error: null } : { status: 'error', error: describeError(r.error) });
    },

    async resolve(item, resolution) {
      const r = await getApi().sync.resolve({ requestId: item.requestId, resolution });
      set({ notice: r.ok ? `${item.patientName}: ${DONE[resolution]}.` : null, error: r.ok ? null : r.error.message });
      await get().load();
    },

    async retryNow() {
      const r = await getApi().sync.retryNow({});
      if (!r.ok) set({ error: describeError(r.error) });
    },
  };
});
