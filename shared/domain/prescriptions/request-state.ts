/**
 * The life of one repeat-prescription request (NOTES §4, the national state model, plus the practice's own
 * steps): requested → with the prescriber (routed to a named clinician or the duty doctor) → approved, either
 * sent to the nominated pharmacy or printed for collection, or rejected with a reason; cancelled by the patient
 * only while still requested. A printed one then becomes ready to collect, then collected.
 *
 * Why pure and table-driven: reception, the prescriber's screen, the outbox replay and the tests must agree on
 * what may happen; every refusal reads as plain English (no patient details: it may be shown on a shared screen).
 * Decision: a prescriber may approve or reject straight from "requested" (the national model goes
 * Requested → Approved/Rejected; routing is the practice's own step, so a GP working the queue need not route
 * a request to themselves first).
 */
import { can, refusalMessage, type RoleCode } from '../roles';

export const RX_STATES = [
  'requested',
  'with-prescriber',
  'sent-to-pharmacy',
  'printed',
  'ready-to-collect',
  'collected',
  'rejected',
  'cancelled',
] as const;
export type RxState = (typeof RX_STATES)[number];

export const RX_ACTIONS = ['route', 'approve-to-pharmacy', 'approve-to-print', 'reject', 'cancel-by-patient', 'mark-ready', 'mark-collected'] as const;
export type RxAction = (typeof RX_ACTIONS)[number];

/** Still waiting for a decision: these count against the turnaround target. */
export const OPEN_STATES: readonly RxState[] = ['requested', 'with-prescriber'];
export const isOpen = (s: RxState): boolean => OPEN_STATES.includes(s);

/** From which states each action is allowed, and where it leads. */
export const RX_TRANSITIONS: Readonly<Record<RxAction, { from: readonly RxState[]; to: RxState }>> = {
  // Re-routing (to another clinician, or to the duty doctor) keeps it with a prescriber.
  route: { from: ['requested', 'with-prescriber'], to: 'with-prescriber' },
  'approve-to-pharmacy': { from: ['requested', 'with-prescriber'], to: 'sent-to-pharmacy' },
  'approve-to-print': { from: ['requested', 'with-prescriber'], to: 'printed' },
  reject: { from: ['requested', 'with-prescriber'], to: 'rejected' },
  'cancel-by-patient': { from: ['requested'], to: 'cancelled' },
  'mark-ready': { from: ['printed'], to: 'ready-to-collect' },
  'mark-collected': { from: ['ready-to-collect'], to: 'collected' },
};

/** Actions only a prescriber may take (permission 'prescriptions.approve'). */
export const PRESCRIBER_ACTIONS: readonly RxAction[] = ['approve-to-pharmacy', 'approve-to-print', 'reject'];

export type RxTransition =
  | { ok: true; to: RxState }
  /** `why` tells the core which error to answer with: a role refusal is FORBIDDEN_ROLE, a state refusal is not. */
  | { ok: false; why: 'role' | 'state'; reason: string };

/** Short labels for lists and counts. */
export const RX_STATE_LABEL: Record<RxState, string> = {
  requested: 'Requested',
  'with-prescriber': 'With prescriber',
  'sent-to-pharmacy': 'Approved: sent to pharmacy',
  printed: 'Approved: printed',
  'ready-to-collect': 'Ready to collect',
  collected: 'Collected',
  rejected: 'Rejected',
  cancelled: 'Cancelled by patient',
};

/** How each state reads after "This request is …". */
const STATE_PHRASE: Record<RxState, string> = {
  requested: 'still waiting to be routed',
  'with-prescriber': 'with the prescriber',
  'sent-to-pharmacy': 'approved and sent to the pharmacy',
  printed: 'approved and printed',
  'ready-to-collect': 'ready to collect',
  collected: 'collected',
  rejected: 'rejected',
  cancelled: 'cancelled by the patient',
};

/** How each action reads after "… so it cannot …". */
const ACTION_PHRASE: Record<RxAction, string> = {
  route: 'be routed to a prescriber',
  'approve-to-pharmacy': 'be approved',
  'approve-to-print': 'be approved',
  reject: 'be rejected',
  'cancel-by-patient': 'be cancelled by the patient',
  'mark-ready': 'be marked ready to collect',
  'mark-collected': 'be marked collected',
};

/** Where the generic sentence would not help, say what to do instead. */
const HINTS: Partial<Record<`${RxState}|${RxAction}`, string>> = {
  'with-prescriber|cancel-by-patient':
    'This request is already with the prescriber, so the patient can no longer cancel it: ask the prescriber to reject it instead.',
  'sent-to-pharmacy|mark-ready': 'This prescription went to the pharmacy electronically; the pharmacy tells the patient when it is ready.',
  'sent-to-pharmacy|mark-collected': 'This prescription went to the pharmacy electronically; it is collected from the pharmacy, not the practice.',
  'printed|mark-collected': 'Mark the printed prescription ready to collect first.',
  'requested|mark-ready': 'This request has not been approved yet.',
  'with-prescriber|mark-ready': 'This request has not been approved yet.',
};

function refusal(state: RxState, action: RxAction): string {
  return HINTS[`${state}|${action}`] ?? `This request is ${STATE_PHRASE[state]}, so it cannot ${ACTION_PHRASE[action]}.`;
}

/** May this role take this action on a request in this state? The role check comes first: it is the firmer rule. */
export function transition(state: RxState, action: RxAction, role: RoleCode): RxTransition {
  if (PRESCRIBER_ACTIONS.includes(action) && !can(role, 'prescriptions.approve')) {
    return { ok: false, why: 'role', reason: refusalMessage('prescriptions.approve') };
  }
  const rule = RX_TRANSITIONS[action];
  if (!rule.from.includes(state)) return { ok: false, why: 'state', reason: refusal(state, action) };
  return { ok: true, to: rule.to };
}

/** What the desk may offer this role for a request in this state (buttons, keyboard triage). */
export function availableRxActions(state: RxState, role: RoleCode): RxAction[] {
  return RX_ACTIONS.filter((a) => transition(state, a, role).ok);
}
