import { createHash } from 'node:crypto';
import type { RxItemView, RxPharmacy, RxRequestView, RxTemplateView } from '../../../shared/contract/prescriptions';
import { flagText, itemFlags } from '../../../shared/domain/prescriptions/item-flags';
import { availableRxActions, RX_STATE_LABEL, type RxAction, type RxState } from '../../../shared/domain/prescriptions/request-state';
import { turnaround, turnaroundDeadline, type Turnaround } from '../../../shared/domain/prescriptions/turnaround';
import { londonDayBounds } from '../../../shared/domain/appointments/london-time';
import { isWorkingDay } from '../../../shared/domain/calendar/working-days';
import type { RoleCode } from '../../../shared/domain/roles';
import type { RxRequestRow, RxTemplateRow } from '../db/repos/prescriptions.repo';
import type { JournalEntry } from './prescriptions.journal';

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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Whether the London day of `now` is a working day, and when it ends: for one day and calendar at a time. */
let clockDay = { today: '', closures: null as ReadonlySet<string> | null, working: false, end: 0 };
function dayOf(x: ViewContext): { working: boolean; end: number } {
  if (clockDay.today !== x.today || clockDay.closures !== x.closures) {
    clockDay = { today: x.today, closures: x.closures, working: isWorkingDay(x.today, x.closures), end: londonDayBounds(x.today).end.getTime() };
  }
  return clockDay;
}

/**
 * Until when (exclusive, ms) a request's turnaround as worked out at `x.now` reads the same: its wording only shows
 * whole hours once a working day or more is left (or missed), whole minutes below that, and working time stands still
 * on a day that is not a working day. Worked from the whole minutes `turnaround` gives, so it errs early by under a
 * minute (and a text that shows minutes is simply worked out again next time).
 */
function steadyUntil(t: Turnaround, x: ViewContext): number {
  if (!t.counting) return Number.POSITIVE_INFINITY; // decided: the clock has stopped
  const day = dayOf(x);
  if (!day.working) return day.end;
  const unit = t.minutes >= 1440 ? HOUR : MINUTE;
  const worked = (t.minutes * MINUTE) % unit; // working ms known to be past the last whole unit
  // Counting down, the wording changes once more than `worked` has gone; counting up (overdue), once the next unit is reached.
  const steady = t.overdue ? unit - worked - MINUTE : worked;
  return Math.min(x.now.getTime() + Math.max(0, steady), day.end);
}

interface TimeMemo {
  closures: ReadonlySet<string>;
  target: number;
  deadline: Date;
  deadlineIso: string;
  /** The turnaround as worked out at `from`, reading the same until `until` (exclusive). */
  from: number;
  until: number;
  t: Turnaround;
  /** Its time left and overdue as one string, for the changes journal. */
  key: string;
}
/** Each request's deadline and time left, by (frozen, shared) row: worked out again only once its wording may have moved on. */
const timeMemos = new WeakMap<RxRequestRow, TimeMemo>();

function timeOf(r: RxRequestRow, x: ViewContext): TimeMemo {
  const now = x.now.getTime();
  const memo = timeMemos.get(r);
  const sameCalendar = memo?.closures === x.closures && memo.target === x.targetWorkingDays;
  if (memo && sameCalendar && now >= memo.from && now < memo.until) return memo;
  const deadline = memo && sameCalendar ? memo.deadline : deadlineOf(r.receivedAt, x);
  const t = turnaround({ receivedAt: new Date(r.receivedAt), state: r.state }, x.now, x.closures, x.targetWorkingDays, deadline);
  const next: TimeMemo = {
    closures: x.closures, target: x.targetWorkingDays, deadline, deadlineIso: deadline.toISOString(), from: now, until: steadyUntil(t, x), t,
    key: `${t.text ?? ''}|${t.overdue ? 1 : 0}`,
  };
  if (Object.isFrozen(r)) timeMemos.set(r, next);
  return next;
}

/** A request's time left and overdue alone, as its view shows them. */
export function timeLeftOf(r: RxRequestRow, x: ViewContext): Pick<RxRequestView, 'timeLeft' | 'overdue'> {
  const { t } = timeOf(r, x);
  return { timeLeft: t.text, overdue: t.overdue };
}

export function requestView(r: RxRequestRow, x: ViewContext): RxRequestView {
  const { items, pharmacy, flagged } = partsOf(r, x);
  const { t, deadlineIso } = timeOf(r, x);
  return {
    id: r.id,
    nhsNumber: r.nhsNumber,
    patientName: r.patientName,
    channel: r.channel,
    state: r.state,
    stateLabel: RX_STATE_LABEL[r.state],
    receivedAt: r.receivedAt,
    deadline: deadlineIso,
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

/** Open requests first, the nearest deadline first; then the rest, latest change first (shared: the desk merges in this order). */
export { queueOrder } from '../../../shared/domain/prescriptions/queue-order';

const digest = (value: unknown): string => createHash('sha1').update(JSON.stringify(value)).digest('base64').slice(0, 20);
/** Digests of what a view takes from its row and from its templates, by the (frozen, shared) row and parts object. */
const rowDigests = new WeakMap<RxRequestRow, string>();
const itemDigests = new WeakMap<ItemParts, string>();
/** Each request's last journal entry and what it was made from: the same entry again while none of that changed. */
const entries = new WeakMap<RxRequestRow, { parts: ItemParts; deadlineIso: string; waiting: boolean; role: string; time: TimeMemo; entry: JournalEntry }>();

/**
 * What `requestView(r, x)` would show, as two strings for the changes journal: `time`, its time left and overdue
 * (which move on with the clock alone), and `content`, everything else (its row, its items' templates and flags as
 * the day turns, its deadline, waiting to send, what the role may do). Equal strings, equal views. Worked out from the
 * same memos as the view, without building it: the journal looks at thousands of requests each time.
 */
export function journalEntry(r: RxRequestRow, x: ViewContext): JournalEntry {
  const parts = partsOf(r, x);
  const time = timeOf(r, x);
  const waiting = x.waiting(r.id);
  const role = x.role ?? ''; // the actions follow from the state (in the row) and the role
  const memo = entries.get(r);
  if (memo && memo.parts === parts && memo.deadlineIso === time.deadlineIso && memo.waiting === waiting && memo.role === role) {
    if (memo.time !== time) Object.assign(memo, { time, entry: { id: r.id, content: memo.entry.content, time: time.key } });
    return memo.entry;
  }
  let row = rowDigests.get(r);
  if (row === undefined) {
    row = digest(r); // every stored value: state, routing, names, decisions, template ids, updatedAt, version
    if (Object.isFrozen(r)) rowDigests.set(r, row);
  }
  let items = itemDigests.get(parts);
  if (items === undefined) itemDigests.set(parts, (items = digest([parts.items, parts.pharmacy, parts.flagged])));
  const entry: JournalEntry = { id: r.id, content: `${row}|${items}|${time.deadlineIso}|${waiting ? 1 : 0}|${role}`, time: time.key };
  if (Object.isFrozen(r)) entries.set(r, { parts, deadlineIso: time.deadlineIso, waiting, role, time, entry });
  return entry;
}
