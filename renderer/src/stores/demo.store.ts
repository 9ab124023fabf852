import { create } from 'zustand';
import type { demo, VerbOutput } from '../../../shared/contract';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';

export type DemoCard = VerbOutput<typeof demo.cards>[number];

interface DemoReaderState {
  cards: DemoCard[] | null;
  error: string | null;
  /** What the simulated reader just did, for the polite live region. */
  notice: string | null;
  load(): Promise<void>;
  present(card: DemoCard): Promise<void>;
  withdraw(): Promise<void>;
}

/** The simulated card reader of demo mode. Holds no patient data, so it survives sign-outs. */
export const useDemoStore = create<DemoReaderState>()((set) => ({
  cards: null,
  error: null,
  notice: null,

  async load() {
    const r = await getApi().demo.cards({});
    set(r.ok ? { cards: r.value, error: null } : { error: describeError(r.error) });
  },

  async present(card) {
    set({ error: null, notice: null });
    const r = await getApi().demo.presentCard({ cardId: card.cardId });
    set(r.ok ? { notice: `${card.holderName}’s card is on the reader.` } : { error: describeError(r.error) });
  },

  async withdraw() {
    set({ error: null, notice: null });
    const r = await getApi().demo.withdrawCard({});
    set(r.ok ? { notice: 'The card was taken off the reader.' } : { error: describeError(r.error) });
  },
}));
