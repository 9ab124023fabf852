/**
 * The national state model the sandbox enforces (NOTES §4), independently of the desk's own rules so a desk
 * that gets them wrong is caught: Requested → Approved (sent electronically, or printed) | Rejected (reason);
 * Cancelled by the patient only while Requested. "With prescriber" is the practice's routing step (Task.status
 * `received`), and a printed prescription goes on to ready-to-collect and collected.
 */
import type { TaskStatus } from './types';

export const RX_STATUSES = ['requested', 'with-prescriber', 'sent-to-pharmacy', 'printed', 'ready-to-collect', 'collected', 'rejected', 'cancelled'] as const;
export type RxStatus = (typeof RX_STATUSES)[number];

export const STATUS_DISPLAY: Record<RxStatus, string> = {
  requested: 'Requested',
  'with-prescriber': 'With prescriber',
  'sent-to-pharmacy': 'Approved: sent to the nominated pharmacy',
  printed: 'Approved: printed for collection',
  'ready-to-collect': 'Ready to collect',
  collected: 'Collected',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

/** The FHIR Task.status each business status goes with. */
export const TASK_STATUS: Record<RxStatus, TaskStatus> = {
  requested: 'requested',
  'with-prescriber': 'received',
  'sent-to-pharmacy': 'completed',
  printed: 'completed',
  'ready-to-collect': 'completed',
  collected: 'completed',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

const NEXT: Record<RxStatus, readonly RxStatus[]> = {
  requested: ['with-prescriber', 'sent-to-pharmacy', 'printed', 'rejected', 'cancelled'],
  // Staying with the prescriber is a re-route (a new owner).
  'with-prescriber': ['with-prescriber', 'sent-to-pharmacy', 'printed', 'rejected'],
  'sent-to-pharmacy': [],
  printed: ['ready-to-collect'],
  'ready-to-collect': ['collected'],
  collected: [],
  rejected: [],
  cancelled: [],
};

export const isAllowed = (from: RxStatus, to: RxStatus): boolean => NEXT[from].includes(to);

export const isDecision = (s: RxStatus): boolean => s === 'sent-to-pharmacy' || s === 'printed' || s === 'rejected';

export const isRxStatus = (s: string): s is RxStatus => (RX_STATUSES as readonly string[]).includes(s);
