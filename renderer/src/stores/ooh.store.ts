import { useEffect } from 'react';
import { create } from 'zustand';
import type { CrossBookingView, EncounterView, OohBoard, OohContext, OohOutcome, OohReport, ProviderView, SharedSlotView } from '../../../shared/contract/ooh';
import type { OohPriority } from '../../../shared/domain/ooh/waits';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';
import { sessionIdOf, useSessionStore } from './session.store';

/**
 * Out-of-hours mode and cross-organisation booking (issue 8): the desk's mode, the encounter board, the centre's
 * report, and the open patient's search for free slots at other organisations. Refetched on the core's `changed`
 * pushes; the board's wait timers tick in the view, from the shared wait rules.
 */
export interface OohState {
  context: OohContext | null;
  contextLoaded: boolean;
  board: OohBoard | null;
  /** When the board arrived (this machine's clock): the core's "now" runs on from board.asOf. */
  boardReceivedAt: number;
  boardError: string | null;
  includeCompleted: boolean;
  report: OohReport | null;
  reportError: string | null;
  busy: boolean;
  /** The last thing done, for the status line. */
  notice: string | null;
  /** A change the core refused, for the alert. */
  actionError: string | null;
  /** The open patient's search for free slots elsewhere. */
  search: { nhsNumber: string; providers: ProviderView[]; slots: SharedSlotView[] } | null;
  searching: boolean;
  searchError: string | null;
  /** Bookings this desk made at other organisations, for the open patient. */
  bookings: { nhsNumber: string; list: CrossBookingView[] } | null;

  loadContext(): Promise<void>;
  /** Follow the core's `changed` pushes for the board; returns the stop function. */
  start(): () => void;
  loadBoard(): Promise<void>;
  setIncludeCompleted(v: boolean): void;
  loadReport(): Promise<void>;
  arrive(input: { nhsNumber: string; priority: OohPriority; site: string; reason?: string }): Promise<EncounterView | null>;
  triage(encounterId: string, priority: OohPriority): Promise<boolean>;
  seen(encounterId: string, clinician: string): Promise<boolean>;
  outcome(encounterId: string, outcome: OohOutcome, note?: string): Promise<boolean>;
  findSlots(nhsNumber: string, opts: { providerOds?: string; days: number }): Promise<void>;
  book(nhsNumber: string, slot: SharedSlotView): Promise<CrossBookingView | null>;
  /** Cancel a booking made at another organisation; true when the core took the cancellation. */
  cancelBooking(booking: CrossBookingView, reason: string): Promise<boolean>;
  loadBookings(nhsNumber: string): Promise<void>;
  clearPatient(): void;
  reset(): void;
}

const initial = {
  context: null,
  contextLoaded: false,
  board: null,
  boardReceivedAt: 0,
  boardError: null,
  includeCompleted: false,
  report: null,
  reportError: null,
  busy: false,
  notice: null,
  actionError: null,
  search: null,
  searching: false,
  searchError: null,
  bookings: null,
} as const satisfies Partial<OohState>;

export const useOohStore = create<OohState>()((set, get) => {
  // Bumped by reset(): an answer that arrives for a previous session is dropped.
  let generation = 0;
  let contextLoading: Promise<void> | null = null;

  /** One change to an encounter: the core's answer replaces it on the board at once. */
  async function change(run: () => ReturnType<ReturnType<typeof getApi>['ooh']['arrive']>, done: (e: EncounterView) => string): Promise<EncounterView | null> {
    const gen = generation;
    set({ busy: true, actionError: null });
    const r = await run();
    if (gen !== generation) return null;
    set({ busy: false });
    if (!r.ok) {
      set({ actionError: describeError(r.error) });
      return null;
    }
    set({ notice: done(r.value) });
    void get().loadBoard();
    return r.value;
  }

  return {
    ...initial,

    loadContext() {
      contextLoading ??= (async () => {
        const gen = generation;
        const r = await getApi().ooh.context({});
        contextLoading = null;
        if (gen !== generation) return;
        // A failed refresh keeps what the desk knew (its mode above all).
        set({ context: r.ok ? r.value : get().context, contextLoaded: true });
      })();
      return contextLoading;
    },

    start() {
      return getApi().on('changed', (c) => {
        if (c.tables.includes('ooh')) void get().loadBoard();
        // Who is on shift is offered when recording the clinician seen.
        if (c.tables.includes('ooh-shifts')) void get().loadContext();
        const open = get().bookings?.nhsNumber;
        if (c.tables.includes('cross-bookings') && open) void get().loadBookings(open);
      });
    },

    async loadBoard() {
      const gen = generation;
      const r = await getApi().ooh.board({ includeCompleted: get().includeCompleted });
      if (gen !== generation) return;
      set(r.ok ? { board: r.value, boardReceivedAt: Date.now(), boardError: null } : { boardError: describeError(r.error) });
    },

    setIncludeCompleted(v) {
      set({ includeCompleted: v });
      void get().loadBoard();
    },

    async loadReport() {
      const gen = generation;
      const r = await getApi().ooh.report({});
      if (gen !== generation) return;
      set(r.ok ? { report: r.value, reportError: null } : { reportError: describeError(r.error) });
    },

    arrive: (input) => change(() => getApi().ooh.arrive(input), (e) => `${e.patientName} recorded as arrived (${e.priority === 'less-urgent' ? 'less urgent' : e.priority}).`),
    triage: async (encounterId, priority) =>
      (await change(() => getApi().ooh.triage({ encounterId, priority }), (e) => `${e.patientName} is now ${priority === 'less-urgent' ? 'less urgent' : priority}.`)) !== null,
    seen: async (encounterId, clinician) => (await change(() => getApi().ooh.seen({ encounterId, clinician }), (e) => `${e.patientName} is with ${clinician}.`)) !== null,
    outcome: async (encounterId, outcome, note) =>
      (await change(() => getApi().ooh.outcome({ encounterId, outcome, ...(note ? { note } : {}) }), (e) => `${e.patientName}’s visit is completed.`)) !== null,

    async findSlots(nhsNumber, opts) {
      const gen = generation;
      set({ searching: true, searchError: null, actionError: null });
      const r = await getApi().crossOrg.findSlots({ nhsNumber, days: opts.days, limit: 50, ...(opts.providerOds ? { providerOds: opts.providerOds } : {}) });
      if (gen !== generation) return;
      set(r.ok ? { searching: false, search: { nhsNumber, ...r.value } } : { searching: false, search: null, searchError: describeError(r.error) });
    },

    async book(nhsNumber, slot) {
      const gen = generation;
      set({ busy: true, actionError: null });
      const r = await getApi().crossOrg.book({ nhsNumber, slot });
      if (gen !== generation) return null;
      set({ busy: false });
      if (!r.ok) {
        set({ actionError: r.error.message });
        // The slot is gone (or refused): search again so what is shown is what can be booked.
        const s = get().search;
        if (s) void get().findSlots(nhsNumber, { days: 14 });
        return null;
      }
      const s = get().search;
      set({
        notice: r.value.status === 'waiting-to-send' ? `Saved: the booking at ${slot.providerName} will be sent when it answers.` : `Booked at ${slot.providerName}.`,
        ...(s ? { search: { ...s, slots: s.slots.filter((x) => !(x.providerOds === slot.providerOds && x.slotId === slot.slotId)) } } : {}),
      });
      void get().loadBookings(nhsNumber);
      return r.value;
    },

    async cancelBooking(booking, reason) {
      const gen = generation;
      set({ busy: true, actionError: null });
      const r = await getApi().crossOrg.cancel({ bookingId: booking.id, reason });
      if (gen !== generation) return false;
      // Either way the list follows (a refusal may have found it cancelled there already), before the form closes.
      await get().loadBookings(booking.nhsNumber);
      if (gen !== generation) return false;
      set({ busy: false });
      if (!r.ok) {
        set({ actionError: r.error.message });
        return false;
      }
      const c = r.value;
      set({
        notice:
          c.status === 'cancel-waiting-to-send'
            ? `Saved: the cancellation at ${c.providerName} will be sent when it answers.`
            : c.cancellation?.beforeSending
              ? `Cancelled: the booking at ${c.providerName} had not been sent yet, so it was taken back.`
              : `Cancelled the booking at ${c.providerName}.`,
      });
      return true;
    },

    async loadBookings(nhsNumber) {
      const gen = generation;
      const r = await getApi().crossOrg.bookings({ nhsNumber });
      if (gen !== generation) return;
      if (r.ok) set({ bookings: { nhsNumber, list: r.value } });
    },

    clearPatient() {
      set({ search: null, searchError: null, bookings: null, actionError: null, notice: null });
    },

    reset() {
      generation++;
      contextLoading = null;
      set({ ...initial });
    },
  };
});

// A different person now holds the desk: forget the board and the patient's searches.
useSessionStore.subscribe((next, prev) => {
  if (sessionIdOf(next.session) !== sessionIdOf(prev.session)) useOohStore.getState().reset();
});

/** Out-of-hours mode, once the core has said so (loaded on first use). */
export function useOohMode(): boolean {
  const loaded = useOohStore((s) => s.contextLoaded);
  const mode = useOohStore((s) => s.context?.mode);
  useEffect(() => {
    if (!loaded) void useOohStore.getState().loadContext();
  }, [loaded]);
  return mode === 'out-of-hours';
}
