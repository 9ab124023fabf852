import { create } from 'zustand';
import type { ShiftInput, ShiftList, ShiftView } from '../../../shared/contract/ooh';
import { addDays } from '../../../shared/domain/calendar/days';
import type { Result } from '../../../shared/result';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';
import { sessionIdOf, useSessionStore } from './session.store';

/**
 * The out-of-hours centre's shift rota (issue 8): one week (Monday to Sunday) at a time, refetched on the core's
 * `changed` pushes for 'ooh-shifts'. The form keeps what was typed; a refusal comes back as words for it to show.
 */
export interface OohShiftsState {
  week: ShiftList | null;
  loadError: string | null;
  busy: boolean;
  /** The last thing done, for the status line. */
  notice: string | null;

  /** The week starting `from` (a Monday), or the core's current week. */
  load(from?: string): Promise<void>;
  /** Move by whole weeks from the one showing. */
  moveWeeks(n: number): Promise<void>;
  /** Follow other desks' changes; returns the stop function. */
  start(): () => void;
  /** Null when saved; the core's refusal in words otherwise. */
  save(input: ShiftInput, done: string): Promise<string | null>;
  remove(shift: ShiftView, done: string): Promise<string | null>;
  reset(): void;
}

const initial = { week: null, loadError: null, busy: false, notice: null } as const satisfies Partial<OohShiftsState>;

export const useOohShiftsStore = create<OohShiftsState>()((set, get) => {
  // Bumped by reset(): an answer that arrives for a previous session is dropped.
  let generation = 0;
  let showing: string | undefined;

  async function change(run: () => Promise<Result<unknown>>, done: string): Promise<string | null> {
    const gen = generation;
    set({ busy: true, notice: null });
    const r = await run();
    if (gen !== generation) return null;
    set({ busy: false });
    if (!r.ok) return describeError(r.error); // the core's own words: they name what is wrong
    set({ notice: done });
    await get().load(showing);
    return null;
  }

  return {
    ...initial,

    async load(from) {
      const gen = generation;
      showing = from;
      const r = await getApi().ooh.shifts(from ? { from, to: addDays(from, 6) } : {});
      if (gen !== generation) return;
      set(r.ok ? { week: r.value, loadError: null } : { loadError: describeError(r.error) });
    },

    async moveWeeks(n) {
      const from = get().week?.from;
      await get().load(from ? addDays(from, 7 * n) : undefined);
    },

    start() {
      return getApi().on('changed', (c) => {
        if (c.tables.includes('ooh-shifts')) void get().load(showing);
      });
    },

    save: (input, done) => change(() => getApi().ooh.shiftSave(input), done),
    remove: (shift, done) => change(() => getApi().ooh.shiftRemove({ id: shift.id }), done),

    reset() {
      generation++;
      showing = undefined;
      set({ ...initial });
    },
  };
});

// A different person now holds the desk: forget the week shown.
useSessionStore.subscribe((next, prev) => {
  if (sessionIdOf(next.session) !== sessionIdOf(prev.session)) useOohShiftsStore.getState().reset();
});
