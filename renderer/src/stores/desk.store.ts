import { create } from 'zustand';
import type { Permission } from '../../../shared/domain/roles';

/** The desk's views, and the permission each needs (the core enforces it; this only decides what to offer). */
export const VIEWS = {
  patients: { label: 'Patients', permission: 'patients.view' },
  // The practice's own work: not offered when the desk serves an out-of-hours centre (the core refuses it too).
  prescriptions: { label: 'Prescriptions', permission: 'patients.view', practiceOnly: true },
  staff: { label: 'Staff and cards', permission: 'staff.manage' },
  audit: { label: 'Access audit', permission: 'audit.read' },
  attention: { label: 'Needs attention', permission: 'patients.view' },
  rota: { label: 'Rotas', permission: 'patients.view', practiceOnly: true },
  // Out-of-hours mode only (issue 8): offered when the core says the desk serves an out-of-hours centre.
  ooh: { label: 'Out-of-hours board', permission: 'patients.view', oohOnly: true },
  oohReport: { label: 'Centre report', permission: 'patients.view', oohOnly: true },
  // Everyone sees who is on; changing shifts needs 'rota.edit' (the view offers it, the core enforces it).
  oohShifts: { label: 'Shifts', permission: 'patients.view', oohOnly: true },
} as const satisfies Record<string, { label: string; permission: Permission; oohOnly?: true; practiceOnly?: true }>;
export type View = keyof typeof VIEWS;
export const VIEW_ORDER: View[] = ['patients', 'ooh', 'oohReport', 'oohShifts', 'prescriptions', 'attention', 'staff', 'audit', 'rota'];

interface DeskState {
  view: View;
  setView(view: View): void;
  /** Back to the start (a different person now holds the desk). */
  reset(): void;
}

export const useDeskStore = create<DeskState>()((set) => ({
  view: 'patients',
  setView: (view) => set({ view }),
  reset: () => set({ view: 'patients' }),
}));
