import { create } from 'zustand';
import type { PatientRecord, SearchOutcome } from '../../../shared/contract';
import { parseSearchText } from '../../../shared/domain/search-query';
import type { AppointmentView } from '../../../shared/contract/appointments';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';

export type SearchStatus = 'idle' | 'searching' | 'results' | 'error';
export type RecordStatus = 'closed' | 'opening' | 'open' | 'error';

export interface PatientsState {
  /** What is in the search box. Never cleared by an error, so a typo can be fixed in place. */
  text: string;
  fuzzy: boolean;
  status: SearchStatus;
  /** The text that produced the current outcome or error (the box may have changed since). */
  searchedText: string;
  outcome: SearchOutcome | null;
  error: string | null;
  /** True when `error` is about the text typed (so the box is marked invalid), not about the service. */
  invalidInput: boolean;
  /** The highlighted result, -1 when there is none. */
  activeIndex: number;
  recordStatus: RecordStatus;
  record: PatientRecord | null;
  /** The open patient's appointments and DNA count from the book (null until loaded, or if the book is unavailable). */
  appointments: { past: AppointmentView[]; future: AppointmentView[]; dnaCount: number } | null;
  recordError: string | null;
  /** The result the open record came from, so going back lands on it. */
  openedIndex: number | null;

  setText(text: string): void;
  setFuzzy(fuzzy: boolean): void;
  search(): Promise<void>;
  setActive(index: number): void;
  open(index: number): Promise<void>;
  closeRecord(): void;
  /** Forget everything (a different person now holds the desk); answers still on their way are dropped. */
  reset(): void;
}

const closedRecord = { recordStatus: 'closed', record: null, recordError: null, appointments: null } as const;

const empty = {
  text: '',
  fuzzy: false,
  status: 'idle',
  searchedText: '',
  outcome: null,
  error: null,
  invalidInput: false,
  activeIndex: -1,
  ...closedRecord,
  openedIndex: null,
} as const satisfies Partial<PatientsState>;

const resultCount = (s: Pick<PatientsState, 'outcome'>): number => s.outcome?.results.length ?? 0;

export const usePatientsStore = create<PatientsState>()((set, get) => {
  // Only the newest request may write its answer: a slow reply must not overwrite a newer one.
  let searchSeq = 0;
  let openSeq = 0;

  return {
    ...empty,

    setText: (text) => set({ text }),
    setFuzzy: (fuzzy) => set({ fuzzy }),

    async search() {
      const { text, fuzzy } = get();
      const seq = ++searchSeq;
      openSeq++; // a new search abandons any record still opening
      const reset = { searchedText: text, outcome: null, activeIndex: -1, openedIndex: null, ...closedRecord };
      // Check the text here first so bad input is explained at once, without a round trip.
      const parsed = parseSearchText(text);
      if (!parsed.ok) {
        set({ ...reset, status: 'error', error: parsed.message, invalidInput: true });
        return;
      }
      set({ ...reset, status: 'searching', error: null, invalidInput: false });
      const r = await getApi().patients.search({ text: text.trim(), fuzzy });
      if (seq !== searchSeq) return;
      if (r.ok) set({ status: 'results', outcome: r.value, activeIndex: r.value.results.length ? 0 : -1 });
      else set({ status: 'error', error: describeError(r.error) });
    },

    setActive(index) {
      const n = resultCount(get());
      if (n === 0) return;
      set({ activeIndex: Math.max(0, Math.min(n - 1, index)) });
    },

    async open(index) {
      const patient = get().outcome?.results[index];
      if (!patient) return;
      const seq = ++openSeq;
      set({ activeIndex: index, openedIndex: index, recordStatus: 'opening', record: null, recordError: null, appointments: null });
      const r = await getApi().patients.open({ nhsNumber: patient.nhsNumber });
      if (seq !== openSeq) return;
      if (!r.ok) {
        set({ recordStatus: 'error', recordError: describeError(r.error) });
        return;
      }
      set({ recordStatus: 'open', record: r.value });
      // The banner shows the patient's bookings and DNA count; without the book it simply shows none.
      const a = await getApi().book.patientAppointments({ nhsNumber: r.value.nhsNumber });
      if (seq === openSeq && a.ok) set({ appointments: a.value });
    },

    closeRecord() {
      openSeq++;
      const { openedIndex } = get();
      set({ ...closedRecord, ...(openedIndex !== null ? { activeIndex: openedIndex } : {}) });
    },

    reset() {
      searchSeq++;
      openSeq++;
      set({ ...empty });
    },
  };
});
