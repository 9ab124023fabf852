import type { ShortcutGroup } from '../../components/ShortcutsDialog';
import type { RxChannel, RxCounts, RxItemView, RxRequestView } from '../../../../shared/contract/prescriptions';
import type { ItemFlag } from '../../../../shared/domain/prescriptions/item-flags';
import { RX_STATE_LABEL, RX_STATES, type RxAction, type RxState } from '../../../../shared/domain/prescriptions/request-state';
import { formatNhsNumber } from '../../../../shared/domain/nhs-number';

/**
 * Words and pure helpers for the repeat-prescription queue: the filters the desk offers (and how the core applies
 * them, so the list can be painted from the desk's last copy before the core answers), the keys, the labels.
 */

/** The queue's state filter: one state, `open` (requested or with the prescriber) or `all`. */
export type RxStateFilter = RxState | 'open' | 'all';

export interface RxFilter {
  state: RxStateFilter;
  /** '' = anyone; a clinician id or `duty`. */
  clinicianId: string;
  overdueOnly: boolean;
}

export const DEFAULT_FILTER: RxFilter = { state: 'open', clinicianId: '', overdueOnly: false };

/** The core's `rx:queue` input for a filter (only what narrows it). */
export function queueInput(f: RxFilter): { state?: RxState | 'open'; clinicianId?: string; overdueOnly?: boolean } {
  return {
    ...(f.state !== 'all' ? { state: f.state } : {}),
    ...(f.clinicianId ? { clinicianId: f.clinicianId } : {}),
    ...(f.overdueOnly ? { overdueOnly: true } : {}),
  };
}

export const sameFilter = (a: RxFilter, b: RxFilter): boolean => a.state === b.state && a.clinicianId === b.clinicianId && a.overdueOnly === b.overdueOnly;

const OPEN: readonly RxState[] = ['requested', 'with-prescriber'];

/** Does this request pass the filter? The same rules as the core's `rx:queue` (see prescriptions.service). */
export function passes(r: RxRequestView, f: RxFilter): boolean {
  if (f.state === 'open' ? !OPEN.includes(r.state) : f.state !== 'all' && r.state !== f.state) return false;
  if (f.clinicianId && r.routedTo?.id !== f.clinicianId) return false;
  return !f.overdueOnly || r.overdue;
}

/** Lower-case words a request can be found by: patient, NHS number (with and without spaces), medicines. */
const haystacks = new WeakMap<RxRequestView, string>();
function haystack(r: RxRequestView): string {
  let h = haystacks.get(r);
  if (h === undefined) {
    h = [r.patientName, r.nhsNumber, formatNhsNumber(r.nhsNumber), ...r.items.map((i) => i.medication)].join(' ').toLowerCase();
    haystacks.set(r, h);
  }
  return h;
}

/** Every word typed in "Find in queue" must appear (in any order) in the patient's name, NHS number or a medicine. */
export function matchesText(r: RxRequestView, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const h = haystack(r);
  return words.every((w) => h.includes(w));
}

export function filterRequests(requests: readonly RxRequestView[], f: RxFilter | null, text: string): RxRequestView[] {
  const words = text.trim();
  if (!f && !words) return requests as RxRequestView[];
  return requests.filter((r) => (!f || passes(r, f)) && (!words || matchesText(r, words)));
}

export const STATE_FILTER_LABEL: Record<RxStateFilter, string> = { open: 'Open (not yet decided)', all: 'All requests', ...RX_STATE_LABEL };

/** The state filter's choices, with counts where the core gave them. */
export function stateChoices(counts: RxCounts | null): { value: RxStateFilter; label: string }[] {
  const n = (k: RxStateFilter): number | null => {
    if (!counts) return null;
    if (k === 'open') return counts.open;
    if (k === 'all') return RX_STATES.reduce((t, s) => t + (counts.byState[s] ?? 0), 0);
    return counts.byState[k] ?? 0;
  };
  return (['open', ...RX_STATES, 'all'] as RxStateFilter[]).map((value) => {
    const c = n(value);
    return { value, label: c === null ? STATE_FILTER_LABEL[value] : `${STATE_FILTER_LABEL[value]} (${c.toLocaleString('en-GB')})` };
  });
}

export const CHANNEL_LABEL: Record<RxChannel, string> = { online: 'Online', counter: 'At the counter', phone: 'By phone', pharmacy: 'From a pharmacy' };

/** Short flag words for the list: "For the prescriber: past review date". */
const FLAG_SHORT: Record<ItemFlag, string> = { 'past-review-date': 'past review date', 'no-issues-left': 'no issues left' };
export const flagSummary = (flags: readonly ItemFlag[]): string => `For the prescriber: ${flags.map((f) => FLAG_SHORT[f]).join(' and ')}`;

/** "Amlodipine 5mg tablets, 28 tablets" (an item of a request, or a repeat template). */
export function itemLine(i: Pick<RxItemView, 'medication' | 'quantity'>): string {
  return [i.medication, i.quantity].filter(Boolean).join(', ');
}

const RECEIVED = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** "Tue 24 Nov 10:12" on the UK clock. */
export function formatReceived(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : RECEIVED.format(d).replace(',', '');
}

/** "Overdue by 3 working hours" / "1 working day 4 hours left"; the outcome once decided. */
export function timeLeftText(r: RxRequestView): string {
  if (r.timeLeft === null) return r.stateLabel;
  return r.overdue ? r.timeLeft.replace(/^overdue/, 'Overdue') : r.timeLeft;
}

/** Single keys on the selected request (the queue list has focus), and what each does. */
export const RX_ACTION_KEYS: Readonly<Record<string, RxAction | 'approve'>> = {
  r: 'route',
  a: 'approve',
  j: 'reject',
  c: 'cancel-by-patient',
  p: 'mark-ready',
  k: 'mark-collected',
};

export const RX_ACTION_LABEL: Readonly<Record<RxAction | 'approve', string>> = {
  route: 'Route to a prescriber…',
  approve: 'Approve…',
  'approve-to-pharmacy': 'Approve: send to the pharmacy',
  'approve-to-print': 'Approve: print for collection',
  reject: 'Reject with a reason…',
  'cancel-by-patient': 'Cancelled by the patient',
  'mark-ready': 'Ready to collect',
  'mark-collected': 'Collected',
};

/** The key for an action, upper case ("R"), for buttons' aria-keyshortcuts and the help list. */
export const RX_KEY_OF: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(RX_ACTION_KEYS).map(([k, a]) => [a, k.toUpperCase()]));

/** The actions the desk offers for a request, approving (pharmacy or print) shown as one. */
export function offeredActions(r: RxRequestView): (RxAction | 'approve')[] {
  const out: (RxAction | 'approve')[] = [];
  for (const a of r.actions) {
    if (a === 'approve-to-pharmacy' || a === 'approve-to-print') {
      if (!out.includes('approve')) out.push('approve');
    } else out.push(a);
  }
  return out;
}

/** May this request be acted on with this key's action now? */
export function allows(r: RxRequestView, action: RxAction | 'approve'): boolean {
  return action === 'approve' ? r.actions.includes('approve-to-pharmacy') || r.actions.includes('approve-to-print') : r.actions.includes(action);
}

export const RX_HELP: readonly ShortcutGroup[] = [
  {
    group: 'Anywhere in Prescriptions (not while typing)',
    keys: [
      { keys: 'L', what: 'Go to the queue list' },
      { keys: 'F', what: 'Find in the queue (patient, NHS number or medicine)' },
      { keys: 'N', what: 'Add a request taken at the counter or by phone' },
      { keys: '?', what: 'Show this list of shortcuts' },
      { keys: 'Esc', what: 'Close the open form and go back to the list' },
    ],
  },
  {
    group: 'In the queue list',
    keys: [
      { keys: '↑ / ↓', what: 'Previous / next request' },
      { keys: 'Home / End', what: 'First / last request' },
      { keys: 'Page Up / Page Down', what: 'Ten requests up / down' },
      { keys: 'Enter', what: 'Go to the selected request’s details' },
      { keys: 'R', what: 'Route to the duty doctor or a named prescriber' },
      { keys: 'A', what: 'Approve: send to the pharmacy or print (prescribers only)' },
      { keys: 'J', what: 'Reject, with the reason the patient will be told (prescribers only)' },
      { keys: 'C', what: 'Cancelled by the patient (only while still requested)' },
      { keys: 'P', what: 'Printed prescription ready to collect' },
      { keys: 'K', what: 'Collected' },
    ],
  },
  {
    group: 'In the list of prescribers',
    keys: [
      { keys: '↑ / ↓', what: 'Previous / next prescriber' },
      { keys: 'Enter', what: 'Route the request to them' },
    ],
  },
];
