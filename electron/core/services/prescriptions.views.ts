import type { RxItemView, RxPharmacy, RxRequestView, RxTemplateView } from '../../../shared/contract/prescriptions';
import { flagText, itemFlags } from '../../../shared/domain/prescriptions/item-flags';
import { availableRxActions, RX_STATE_LABEL, type RxAction, type RxState } from '../../../shared/domain/prescriptions/request-state';
import { turnaround, turnaroundDeadline } from '../../../shared/domain/prescriptions/turnaround';
import type { RoleCode } from '../../../shared/domain/roles';
import type { RxRequestRow, RxTemplateRow } from '../db/repos/prescriptions.repo';

/** What a view needs besides the row: the clock, the calendar, the target and who is looking. */
export interface ViewContext {
  now: Date;
  /** London day of `now`, for review dates. */
  today: string;
  closures: ReadonlySet<string>;
  targetWorkingDays: number;
  templates: ReadonlyMap<string, RxTemplateRow>;
  role: RoleCode | null;
  waiting: (id: string) => boolean;
}

/**
 * Template views by row: the repo hands out the same (frozen) row objects until a template changes, so a queue of
 * thousands of requests works out each item's flags and their wording once a day, not on every read.
 */
const templateViews = new WeakMap<RxTemplateRow, { today: string; view: RxTemplateView }>();

/** Turnaround deadlines by when the request arrived and the target, for one calendar of closures at a time. */
let deadlines = { closures: null as ReadonlySet<string> | null, byKey: new Map<string, Date>() };

function deadlineOf(receivedAt: string, x: ViewContext): Date {
  if (deadlines.closures !== x.closures || deadlines.byKey.size > 100_000) deadlines = { closures: x.closures, byKey: new Map() };
  const key = `${x.targetWorkingDays}|${receivedAt}`;
  let d = deadlines.byKey.get(key);
  if (!d) deadlines.byKey.set(key, (d = turnaroundDeadline(new Date(receivedAt), x.closures, x.targetWorkingDays)));
  return d;
}

export function templateView(t: RxTemplateRow, today: string): RxTemplateView {
  const memo = templateViews.get(t);
  if (memo?.today === today) return memo.view;
  const view = makeTemplateView(t, today);
  if (Object.isFrozen(t)) templateViews.set(t, { today, view });
  return view;
}

function makeTemplateView(t: RxTemplateRow, today: string): RxTemplateView {
  const flags = itemFlags(t, today);
  return {
    id: t.id,
    medication: t.medication,
    dosage: t.dosage,
    quantity: t.quantity,
    authorisedIssues: t.authorisedIssues,
    issuesSoFar: t.issuesSoFar,
    reviewDate: t.reviewDate,
    flags,
    flagText: flags.map((f) => flagText(f, t)),
  };
}

function itemView(id: string, x: ViewContext): RxItemView {
  const t = x.templates.get(id);
  // The template may have been removed from the repeat list since the request came in.
  if (!t) return { templateId: id, medication: 'No longer on the repeat list', dosage: '', quantity: null, flags: [], flagText: [] };
  const v = templateView(t, x.today);
  return { templateId: id, medication: v.medication, dosage: v.dosage, quantity: v.quantity, flags: v.flags, flagText: v.flagText };
}

interface ItemParts {
  today: string;
  templates: ReadonlyMap<string, RxTemplateRow>;
  items: RxItemView[];
  pharmacy: RxPharmacy | null;
  flagged: boolean;
}
/** What a request's view takes from its templates, by (frozen, shared) row: the same until a template changes or the day turns. */
const itemParts = new WeakMap<RxRequestRow, ItemParts>();

function partsOf(r: RxRequestRow, x: ViewContext): ItemParts {
  const memo = itemParts.get(r);
  if (memo && memo.today === x.today && memo.templates === x.templates) return memo;
  const items = r.templateIds.map((id) => itemView(id, x));
  const t = r.templateIds.map((id) => x.templates.get(id)).find((t) => t?.pharmacyOds);
  const parts: ItemParts = {
    today: x.today,
    templates: x.templates,
    items,
    pharmacy: t?.pharmacyOds ? { odsCode: t.pharmacyOds, name: t.pharmacyName ?? t.pharmacyOds } : null,
    flagged: items.some((i) => i.flags.length > 0),
  };
  if (Object.isFrozen(r)) itemParts.set(r, parts);
  return parts;
}

/** What each role may do in each state: worked out once (every refusal is a sentence, built for nothing here). */
const actionsByStateRole = new Map<string, readonly RxAction[]>();
function actionsFor(state: RxState, role: RoleCode): RxAction[] {
  const key = `${state}|${role}`;
  let a = actionsByStateRole.get(key);
  if (!a) actionsByStateRole.set(key, (a = availableRxActions(state, role)));
  return [...a];
}

export function requestView(r: RxRequestRow, x: ViewContext): RxRequestView {
  const { items, pharmacy, flagged } = partsOf(r, x);
  const t = turnaround({ receivedAt: new Date(r.receivedAt), state: r.state }, x.now, x.closures, x.targetWorkingDays, deadlineOf(r.receivedAt, x));
  return {
    id: r.id,
    nhsNumber: r.nhsNumber,
    patientName: r.patientName,
    channel: r.channel,
    state: r.state,
    stateLabel: RX_STATE_LABEL[r.state],
    receivedAt: r.receivedAt,
    deadline: t.deadline.toISOString(),
    timeLeft: t.text,
    overdue: t.overdue,
    routedTo: r.routedTo ? { id: r.routedTo, name: r.routedName ?? (r.routedTo === 'duty' ? 'Duty doctor' : 'A prescriber') } : null,
    nominatedPharmacy: pharmacy,
    items,
    flagged,
    rejectReason: r.rejectReason,
    decidedBy: r.decidedBy,
    updatedAt: r.updatedAt,
    waitingToSend: x.waiting(r.id),
    actions: x.role ? actionsFor(r.state, x.role) : [],
  };
}

/** Open requests first, the nearest deadline first; then the rest, latest change first. */
export function queueOrder(a: RxRequestView, b: RxRequestView): number {
  const open = (v: RxRequestView) => (v.timeLeft === null ? 1 : 0);
  return open(a) - open(b) || (open(a) === 0 ? a.deadline.localeCompare(b.deadline) : b.updatedAt.localeCompare(a.updatedAt)) || a.id.localeCompare(b.id);
}
