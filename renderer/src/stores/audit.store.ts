import { create } from 'zustand';
import type { AuditEntryView, AuditVerification } from '../../../shared/contract';
import { checkNhsNumber } from '../../../shared/domain/nhs-number';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';

export type AccessStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface AuditState {
  /** The NHS number box as typed; kept through errors and locks. */
  nhsText: string;
  /** True when `accessError` is about what was typed (so the box is marked invalid). */
  invalidInput: boolean;
  accessStatus: AccessStatus;
  accessError: string | null;
  /** The NHS number (10 digits) the entries below belong to. */
  shownNhsNumber: string | null;
  entries: AuditEntryView[] | null;

  exporting: boolean;
  exportError: string | null;
  exported: string | null;

  verifying: boolean;
  verification: AuditVerification | null;
  verifyError: string | null;

  setNhsText(text: string): void;
  showAccesses(): Promise<void>;
  /** The CSV for the record shown, or null (the reason is in exportError). */
  exportCsv(): Promise<{ filename: string; csv: string } | null>;
  markExported(filename: string): void;
  verify(): Promise<void>;
  reset(): void;
}

const empty = {
  nhsText: '',
  invalidInput: false,
  accessStatus: 'idle',
  accessError: null,
  shownNhsNumber: null,
  entries: null,
  exporting: false,
  exportError: null,
  exported: null,
  verifying: false,
  verification: null,
  verifyError: null,
} as const satisfies Partial<AuditState>;

export const useAuditStore = create<AuditState>()((set, get) => {
  let epoch = 0;
  let accessSeq = 0;

  return {
    ...empty,

    setNhsText: (nhsText) => set({ nhsText }),

    async showAccesses() {
      const seq = ++accessSeq;
      const check = checkNhsNumber(get().nhsText);
      const reset = { shownNhsNumber: null, entries: null, exportError: null, exported: null };
      if (!check.valid) {
        set({ ...reset, accessStatus: 'error', accessError: check.message, invalidInput: true });
        return;
      }
      const at = epoch;
      set({ ...reset, accessStatus: 'loading', accessError: null, invalidInput: false });
      const r = await getApi().audit.patientAccess({ nhsNumber: check.value });
      if (at !== epoch || seq !== accessSeq) return;
      if (r.ok) set({ accessStatus: 'ready', shownNhsNumber: check.value, entries: r.value });
      else set({ accessStatus: 'error', accessError: describeError(r.error) });
    },

    async exportCsv() {
      const nhsNumber = get().shownNhsNumber;
      if (!nhsNumber || get().exporting) return null;
      const at = epoch;
      set({ exporting: true, exportError: null, exported: null });
      const r = await getApi().audit.exportPatientAccess({ nhsNumber });
      if (at !== epoch) return null;
      set({ exporting: false });
      if (r.ok) return r.value;
      set({ exportError: describeError(r.error) });
      return null;
    },

    markExported: (filename) => set({ exported: filename }),

    async verify() {
      if (get().verifying) return;
      const at = epoch;
      set({ verifying: true, verification: null, verifyError: null });
      const r = await getApi().audit.verify({});
      if (at !== epoch) return;
      set(r.ok ? { verifying: false, verification: r.value } : { verifying: false, verifyError: describeError(r.error) });
    },

    reset() {
      epoch++;
      accessSeq++;
      set({ ...empty });
    },
  };
});
