import type { RxItemView, RxRequestView, RxTemplateView } from '../../../shared/contract/prescriptions';
import { flagText, itemFlags } from '../../../shared/domain/prescriptions/item-flags';
import { availableRxActions, RX_STATE_LABEL } from '../../../shared/domain/prescriptions/request-state';
import { turnaround } from '../../../shared/domain/prescriptions/turnaround';
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

export function templateView(t: RxTemplateRow, today: string): RxTemplateView {
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

export function requestView(r: RxRequestRow, x: ViewContext): RxRequestView {
  const items = r.templateIds.map((id) => itemView(id, x));
  const pharmacy = r.templateIds.map((id) => x.templates.get(id)).find((t) => t?.pharmacyOds);
  const t = turnaround({ receivedAt: new Date(r.receivedAt), state: r.state }, x.now, x.closures, x.targetWorkingDays);
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
    nominatedPharmacy: pharmacy?.pharmacyOds ? { odsCode: pharmacy.pharmacyOds, name: pharmacy.pharmacyName ?? pharmacy.pharmacyOds } : null,
    items,
    flagged: items.some((i) => i.flags.length > 0),
    rejectReason: r.rejectReason,
    decidedBy: r.decidedBy,
    updatedAt: r.updatedAt,
    waitingToSend: x.waiting(r.id),
    actions: x.role ? availableRxActions(r.state, x.role) : [],
  };
}

/** Open requests first, the nearest deadline first; then the rest, latest change first. */
export function queueOrder(a: RxRequestView, b: RxRequestView): number {
  const open = (v: RxRequestView) => (v.timeLeft === null ? 1 : 0);
  return open(a) - open(b) || (open(a) === 0 ? a.deadline.localeCompare(b.deadline) : b.updatedAt.localeCompare(a.updatedAt)) || a.id.localeCompare(b.id);
}
