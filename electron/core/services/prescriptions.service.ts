import { randomUUID } from 'node:crypto';
import {
  DUTY_DOCTOR,
  RX_CHANGES_MAX,
  RX_TIMES_MAX,
  type RxChanges,
  type RxChannel,
  type RxCounts,
  type RxPrescriber,
  type RxQueue,
  type RxRequestView,
  type RxTemplates,
} from '../../../shared/contract/prescriptions';
import { formatLondon, londonDay } from '../../../shared/domain/appointments/london-time';
import { formatPatientName } from '../../../shared/domain/patient-format';
import { issueCheck, itemFlags } from '../../../shared/domain/prescriptions/item-flags';
import { OPEN_STATES, RX_STATES, transition, type RxAction, type RxState } from '../../../shared/domain/prescriptions/request-state';
import { formatNhsNumber } from '../../../shared/domain/nhs-number';
import { AppFailure } from '../../../shared/result';
import { signedIn, type CallContext } from '../call-context';
import type { CachedPatient } from '../db/repos/patients.repo';
import type { PrescriptionsRepo, RxRequestRow, RxTemplateRow } from '../db/repos/prescriptions.repo';
import { NationalBusyError, NationalHttpError, NationalProtocolError, NationalUnreachableError } from '../national/national.errors';
import type { RxChange } from '../national/prescriptions.fhir';
import {
  applyLocally,
  overlayPendingRx,
  registerPrescriptionChanges,
  RX_ADD,
  RX_KINDS,
  type RxAddChange,
  type RxStatusChange,
} from '../outbox/prescription.changes';
import type { OutboxService } from '../outbox/outbox.service';
import type { AuditService } from './audit.service';
import { RxChangeJournal } from './prescriptions.journal';
import { journalEntry, queueOrder, requestView, templateView, timeLeftOf, type ViewContext } from './prescriptions.views';

/** One read of the national queue: requests, the templates they ask for, and where the next read starts. */
export interface RxFeed {
  requests: RxRequestRow[];
  templates: RxTemplateRow[];
  cursor: string;
}

/** What the queue needs from the national prescriptions service (Task + MedicationRequest). */
export interface NationalPrescriptions {
  prescribers(): Promise<RxPrescriber[]>;
  /** Every open request plus whatever changed since `since`. */
  snapshot(since: string): Promise<RxFeed>;
  /** Requests created or changed after `cursor` (there is no push: the desk polls). */
  changesSince(cursor: string): Promise<RxFeed>;
  patientTemplates(nhsNumber: string): Promise<RxTemplateRow[]>;
  create(input: { nhsNumber: string; channel: RxChannel; templateIds: string[]; receivedAt: string; requestId: string }): Promise<RxRequestRow>;
  change(taskId: string, change: RxChange, requestId: string): Promise<RxRequestRow>;
}

export interface PrescriptionsDeps {
  repo: PrescriptionsRepo;
  national: NationalPrescriptions;
  /** Every change goes out through here, so the queue works offline and catches up. */
  outbox: OutboxService;
  audit: AuditService;
  /** The patient of a desk request: from the local copy, else looked up nationally (an audited record view). */
  patient: (nhsNumber: string, ctx: CallContext) => Promise<CachedPatient | null>;
  /** "SMITH, Jane" from the local copy only (never a national call). */
  patientName: (nhsNumber: string) => string | null;
  /** England bank holidays and the practice's closures: days the turnaround clock stops. */
  closures: () => ReadonlySet<string>;
  targetWorkingDays: () => number;
  changed: (tables: string[]) => void;
  now?: () => Date;
  /** The local copy's expiry (localCopy.expireAfterDays): a refresh never fetches back outcomes it would purge. */
  expireAfterDays?: () => number;
}

/** Outcomes reception still needs to see (to tell the patient) are kept this long after their last change. */
const RECENT_DAYS = 30;
const DUTY: RxPrescriber = { id: DUTY_DOCTOR, name: 'Duty doctor' };

/**
 * The repeat-prescription queue: views read from the local copy (cache.db); every change is committed to the
 * outbox with its X-Request-ID first, shown at once, then sent, so routing works offline and replays once.
 * Reception receives, checks and routes; only a prescriber approves or rejects, and flagged items are never
 * issued by reception. Every look at a patient's requests and every change is audited against the NHS number.
 */
export class PrescriptionsService {
  /** Where the changes feed was last read up to (the service's own clock, from its last answer). */
  private cursor: string | null = null;
  private readonly now: () => Date;
  /** Which requests' views changed when, for `rx:changes` (in memory: cursors do not outlive the core). */
  private readonly journal = new RxChangeJournal();

  constructor(private readonly d: PrescriptionsDeps) {
    this.now = d.now ?? (() => new Date());
    registerPrescriptionChanges({
      repo: d.repo,
      national: d.national,
      outbox: d.outbox,
      changed: () => this.touched(),
      refresh: () => void this.refresh().catch(() => undefined),
    });
  }

  private touched(): void {
    this.d.changed(['prescriptions']);
  }

  /** Put back what the national copy does not know yet (changes still queued). */
  reconcile(): void {
    overlayPendingRx(this.d.repo, this.d.outbox);
  }

  /** The whole queue from the national service: open requests and the last month's outcomes (less if the local copy expires sooner). */
  async refresh(): Promise<void> {
    const days = Math.min(RECENT_DAYS, this.d.expireAfterDays?.() ?? RECENT_DAYS);
    const since = new Date(this.now().getTime() - days * 86_400_000).toISOString();
    const [prescribers, feed] = [await this.d.national.prescribers(), await this.d.national.snapshot(since)];
    this.d.repo.replaceAll({ prescribers, requests: feed.requests, templates: feed.templates });
    this.cursor = feed.cursor;
    this.reconcile();
    this.touched();
  }

  /** New online requests and other desks' changes since the last look. Returns how many requests changed. */
  async pollChanges(): Promise<number> {
    // No cursor yet (the first refresh failed: started offline): a full refresh is the probe that notices recovery.
    if (!this.cursor) return this.refresh().then(() => 0);
    const feed = await this.d.national.changesSince(this.cursor);
    this.cursor = feed.cursor;
    if (feed.requests.length === 0 && feed.templates.length === 0) return 0;
    this.d.repo.merge(feed.requests, feed.templates);
    this.reconcile();
    this.touched();
    return feed.requests.length;
  }

  // ---------- reads ----------

  private viewContext(ctx: CallContext): ViewContext {
    const now = this.now();
    return {
      now,
      today: londonDay(now),
      closures: this.d.closures(),
      targetWorkingDays: this.d.targetWorkingDays(),
      templates: this.d.repo.templatesById(),
      role: ctx.user?.roleCode ?? null,
      waiting: (id) => this.d.outbox.isWaiting(id),
    };
  }

  queue(f: { state?: RxState | 'open' | undefined; clinicianId?: string | undefined; overdueOnly?: boolean | undefined }, ctx: CallContext): RxQueue {
    const x = this.viewContext(ctx);
    const states = f.state === 'open' ? OPEN_STATES : f.state ? [f.state] : undefined;
    const rows = this.d.repo.requests({ ...(states ? { states } : {}), ...(f.clinicianId ? { routedTo: f.clinicianId } : {}) });
    // The worklist itself is not audited, like the day book (a row per refetch would bury the audit and slow
    // every keystroke); opening one patient's requests or templates is, and so is every change.
    const views = rows.map((r) => requestView(r, x));
    // The whole queue comes with a cursor, so the desk can follow it with rx:changes from here on.
    const whole = !states && !f.clinicianId && !f.overdueOnly;
    const cursor = whole ? this.journal.record(rows.map((r) => journalEntry(r, x))) : null;
    const requests = views.filter((v) => !f.overdueOnly || v.overdue).sort(queueOrder);
    return { asOf: x.now.toISOString(), targetWorkingDays: x.targetWorkingDays, requests, ...(cursor ? { cursor } : {}) };
  }

  /**
   * What changed since `since` (a cursor from the whole queue or the last changes): the requests whose view is new or
   * different, the time left of those whose time alone moved on, and the ids of those gone. Every request is compared,
   * from the views' memos; only the changed ones are made into views and sent. Not audited, like the queue.
   */
  changes(since: string, ctx: CallContext): RxChanges {
    const x = this.viewContext(ctx);
    const rows = new Map(this.d.repo.requests().map((r) => [r.id, r] as const));
    const cursor = this.journal.record(Array.from(rows.values(), (r) => journalEntry(r, x)));
    const c = this.journal.since(since);
    if (!c) return { kind: 'reload', reason: 'unknown-cursor' };
    if (c.changed.length > RX_CHANGES_MAX || c.removed.length > RX_CHANGES_MAX || c.timed.length > RX_TIMES_MAX) return { kind: 'reload', reason: 'too-many' };
    const requests = c.changed.map((id) => requestView(rows.get(id)!, x)).sort(queueOrder);
    const times = c.timed.map((id) => ({ id, ...timeLeftOf(rows.get(id)!, x) }));
    return { kind: 'changes', asOf: x.now.toISOString(), targetWorkingDays: x.targetWorkingDays, cursor, requests, times, removed: c.removed };
  }

  counts(ctx: CallContext): RxCounts {
    const x = this.viewContext(ctx);
    const byState = Object.fromEntries(RX_STATES.map((s) => [s, 0])) as Record<RxState, number>;
    const byClinician = new Map<string | null, { id: string | null; name: string; open: number; overdue: number }>();
    let open = 0;
    let overdue = 0;
    for (const r of this.d.repo.requests()) {
      byState[r.state]++;
      if (!OPEN_STATES.includes(r.state)) continue;
      const v = requestView(r, x);
      open++;
      if (v.overdue) overdue++;
      const key = r.routedTo;
      const c = byClinician.get(key) ?? { id: key, name: v.routedTo?.name ?? 'Not routed yet', open: 0, overdue: 0 };
      c.open++;
      if (v.overdue) c.overdue++;
      byClinician.set(key, c);
    }
    return { asOf: x.now.toISOString(), byState, open, overdue, byClinician: [...byClinician.values()].sort((a, b) => b.open - a.open || a.name.localeCompare(b.name)) };
  }

  prescribers(): RxPrescriber[] {
    return [DUTY, ...this.d.repo.prescribers()];
  }

  patientRequests(nhsNumber: string, ctx: CallContext): RxRequestView[] {
    const x = this.viewContext(ctx);
    const rows = this.d.repo.requests({ nhsNumber });
    this.d.audit.record(ctx, 'rx.patient', nhsNumber, 'ok', `rows=${rows.length}`);
    return rows.map((r) => requestView(r, x)).sort(queueOrder);
  }

  /** The patient's repeat templates: fresh from the national service when it answers, else the desk's copy. */
  async templates(nhsNumber: string, ctx: CallContext): Promise<RxTemplates> {
    let fromLocalCopy = false;
    try {
      this.d.repo.replacePatientTemplates(nhsNumber, await this.d.national.patientTemplates(nhsNumber));
    } catch (e) {
      if (e instanceof NationalHttpError && e.status === 404) {
        this.d.audit.record(ctx, 'rx.templates', nhsNumber, 'failed', 'not found');
        throw new AppFailure('NOT_FOUND', 'The national service has no repeat templates for this patient at this practice.');
      }
      if (!(e instanceof NationalUnreachableError || e instanceof NationalBusyError || e instanceof NationalProtocolError)) throw e;
      fromLocalCopy = true;
    }
    const rows = this.d.repo.templatesOf(nhsNumber);
    this.d.audit.record(ctx, 'rx.templates', nhsNumber, 'ok', fromLocalCopy ? 'local copy' : '');
    const today = londonDay(this.now());
    const pharmacy = rows.find((t) => t.pharmacyOds);
    return {
      nhsNumber,
      patientName: this.d.patientName(nhsNumber) ?? this.d.repo.requests({ nhsNumber })[0]?.patientName ?? `Patient ${formatNhsNumber(nhsNumber)}`,
      nominatedPharmacy: pharmacy?.pharmacyOds ? { odsCode: pharmacy.pharmacyOds, name: pharmacy.pharmacyName ?? pharmacy.pharmacyOds } : null,
      templates: rows.map((t) => templateView(t, today)),
      fromLocalCopy,
    };
  }

  // ---------- changes ----------

  /** A request taken at the counter, by phone or from a pharmacy: queued, shown at once, then sent. */
  async add(input: { nhsNumber: string; channel: RxChannel; templateIds: string[] }, ctx: CallContext): Promise<RxRequestView> {
    const user = signedIn(ctx);
    const patient = await this.d.patient(input.nhsNumber, ctx);
    if (!patient) throw new AppFailure('NOT_FOUND', 'No patient was found with that NHS number.');
    if (patient.summary.deceasedDate) throw new AppFailure('INVALID_INPUT', 'This patient is recorded as deceased, so no prescription can be requested.');
    const ids = [...new Set(input.templateIds)];
    let templates = this.d.repo.templatesOf(input.nhsNumber);
    const known = () => ids.every((id) => templates.some((t) => t.id === id));
    if (!known()) {
      await this.templates(input.nhsNumber, ctx); // the desk may not have this patient's list yet
      templates = this.d.repo.templatesOf(input.nhsNumber);
    }
    if (!known()) throw new AppFailure('INVALID_INPUT', "Choose items from the patient's repeat templates.");

    const now = this.now().toISOString();
    const localId = `pending-${randomUUID()}`;
    const row: RxRequestRow = {
      id: localId, nhsNumber: input.nhsNumber, patientName: formatPatientName(patient.summary), channel: input.channel, state: 'requested',
      receivedAt: now, templateIds: ids, routedTo: null, routedName: null, rejectReason: null, decidedBy: null, version: null, updatedAt: now,
    };
    const change: RxAddChange = { localId, row, intended: `Add a ${input.channel} request for ${ids.length} item${ids.length === 1 ? '' : 's'}` };
    const requestId = this.d.outbox.enqueue({ kind: RX_ADD, payload: change, userId: user.userId });
    this.d.repo.putRequest(row);
    this.touched();
    const sent = await this.d.outbox.trySend(requestId);
    if (sent.state === 'conflict' || sent.state === 'failed') {
      this.d.outbox.resolve(requestId, 'told at the desk'); // heard now: nothing for the attention list
      this.d.audit.record(ctx, 'rx.add', input.nhsNumber, 'refused', `channel=${input.channel}`);
      throw new AppFailure('INVALID_INPUT', sent.problem ?? 'The national service did not accept this request.');
    }
    this.d.audit.record(ctx, 'rx.add', input.nhsNumber, 'ok', `channel=${input.channel} items=${ids.length}${sent.state === 'pending' ? ' queued' : ''}`);
    const made = sent.state === 'sent' ? (sent.result as { id?: unknown } | null)?.id : null;
    return this.viewOf(typeof made === 'string' ? made : localId, ctx);
  }

  async route(id: string, to: string, ctx: CallContext): Promise<RxRequestView> {
    const target = this.prescribers().find((p) => p.id === to);
    if (!target) throw new AppFailure('INVALID_INPUT', 'Choose the duty doctor or one of the practice’s prescribers.');
    return this.act(id, 'route', { action: 'route', to: target }, `to=${target.id}`, ctx);
  }

  async approve(id: string, fulfilment: 'pharmacy' | 'print', acknowledgeFlags: boolean, ctx: CallContext): Promise<RxRequestView> {
    const user = signedIn(ctx);
    const row = this.mustFind(id);
    const action: RxAction = fulfilment === 'pharmacy' ? 'approve-to-pharmacy' : 'approve-to-print';
    const templates = this.d.repo.templatesById();
    const today = londonDay(this.now());
    const items = row.templateIds.flatMap((t) => {
      const tpl = templates.get(t);
      return tpl ? [{ ...tpl, flags: itemFlags(tpl, today) }] : [];
    });
    const check = issueCheck(items, user.roleCode, acknowledgeFlags);
    const refuse = (code: 'FORBIDDEN_ROLE' | 'INVALID_INPUT', reason: string): never => {
      this.d.audit.record(ctx, `rx.${action}`, row.nhsNumber, 'refused', `request=${row.id} flagged`);
      throw new AppFailure(code, reason);
    };
    // Flagged items are for the prescriber: said in so many words to anyone else, before the general role rule.
    if (!check.ok && check.why === 'role') refuse('FORBIDDEN_ROLE', check.reason);
    this.allowed(row, action, ctx);
    if (!check.ok) refuse('INVALID_INPUT', check.reason);
    if (fulfilment === 'pharmacy' && !items.some((t) => t.pharmacyOds)) {
      throw new AppFailure('INVALID_INPUT', 'The patient has no nominated pharmacy: print the prescription for collection instead.');
    }
    return this.act(id, action, { action: 'approve', fulfilment, by: { id: user.userId, name: user.name } }, `request=${row.id} ${fulfilment}${acknowledgeFlags ? ' flags-reviewed' : ''}`, ctx);
  }

  async reject(id: string, reason: string, ctx: CallContext): Promise<RxRequestView> {
    const user = signedIn(ctx);
    return this.act(id, 'reject', { action: 'reject', reason, by: { id: user.userId, name: user.name } }, '', ctx);
  }

  /** The patient cancelled. One still waiting to be sent is simply taken back: it never reaches the service. */
  async cancel(id: string, ctx: CallContext): Promise<RxRequestView> {
    const row = this.mustFind(id);
    this.allowed(row, 'cancel-by-patient', ctx);
    const add = id.startsWith('pending-') ? this.pendingAddOf(id) : null;
    if (add && this.d.outbox.withdraw(add, 'cancelled by the patient before it was sent')) {
      const view = { ...this.viewOf(id, ctx), state: 'cancelled' as const, stateLabel: 'Cancelled by patient', timeLeft: null, overdue: false, waitingToSend: false, actions: [] };
      this.d.repo.deleteRequest(id);
      this.touched();
      this.d.audit.record(ctx, 'rx.cancel-by-patient', row.nhsNumber, 'ok', 'withdrawn before sending');
      return view;
    }
    return this.act(id, 'cancel-by-patient', { action: 'cancel' }, '', ctx);
  }

  async ready(id: string, ctx: CallContext): Promise<RxRequestView> {
    return this.act(id, 'mark-ready', { action: 'ready' }, '', ctx);
  }

  async collected(id: string, ctx: CallContext): Promise<RxRequestView> {
    return this.act(id, 'mark-collected', { action: 'collected' }, '', ctx);
  }

  // ---------- internals ----------

  /** The state model's answer for this role, as the core's error: a role refusal is FORBIDDEN_ROLE (and audited). */
  private allowed(row: RxRequestRow, action: RxAction, ctx: CallContext): void {
    const t = transition(row.state, action, signedIn(ctx).roleCode);
    if (t.ok) return;
    if (t.why === 'role') {
      this.d.audit.record(ctx, `rx.${action}`, row.nhsNumber, 'refused', `request=${row.id} role`);
      throw new AppFailure('FORBIDDEN_ROLE', t.reason);
    }
    throw new AppFailure('INVALID_INPUT', t.reason);
  }

  /** Check, commit to the outbox, show it locally, then send it if it is next in line. */
  private async act(id: string, action: RxAction, change: RxChange, detail: string, ctx: CallContext): Promise<RxRequestView> {
    const user = signedIn(ctx);
    const row = this.mustFind(id);
    this.allowed(row, action, ctx);
    const addRequestId = row.id.startsWith('pending-') ? this.pendingAddOf(row.id) : null;
    const payload: RxStatusChange = { taskId: row.id, addRequestId, change, before: row, intended: this.describe(change, row) };
    const requestId = this.d.outbox.enqueue({ kind: RX_KINDS[change.action], payload, userId: user.userId, dependsOn: addRequestId });
    this.d.repo.putRequest(applyLocally(row, change, this.now().toISOString()));
    this.touched();
    const sent = await this.d.outbox.trySend(requestId);
    const audit = `rx.${action}`; // the state model's action names: rx.route, rx.approve-to-print, rx.mark-ready…
    if (sent.state === 'conflict' || sent.state === 'failed') {
      this.d.outbox.resolve(requestId, 'told at the desk');
      this.d.audit.record(ctx, audit, row.nhsNumber, 'refused', `request=${row.id} ${sent.state}`);
      throw new AppFailure('INVALID_INPUT', `${sent.problem ?? 'The change was refused.'} The queue has been refreshed.`);
    }
    this.d.audit.record(ctx, audit, row.nhsNumber, 'ok', `request=${row.id}${detail ? ` ${detail}` : ''}${sent.state === 'pending' ? ' queued' : ''}`);
    return this.viewOf(this.d.repo.request(row.id) ? row.id : this.currentId(row.id), ctx);
  }

  /** "Route the request received Tue 24 Nov 10:12 to Dr Jane Smith": how a person reads it in "needs attention". */
  private describe(c: RxChange, row: RxRequestRow): string {
    const which = `the repeat request received ${formatLondon(new Date(row.receivedAt), 'EEE d MMM HH:mm')}`;
    switch (c.action) {
      case 'route':
        return `Route ${which} to ${c.to.name}`;
      case 'approve':
        return `Approve ${which} (${c.fulfilment === 'pharmacy' ? 'send to the nominated pharmacy' : 'print for collection'})`;
      case 'reject':
        return `Reject ${which}`;
      case 'cancel':
        return `Cancel ${which} for the patient`;
      case 'ready':
        return `Mark ${which} ready to collect`;
      case 'collected':
        return `Mark ${which} collected`;
    }
  }

  private pendingAddOf(localId: string): string | null {
    for (const e of this.d.outbox.pendingEntries()) {
      if (e.kind === RX_ADD && (e.payload as { localId?: unknown }).localId === localId) return e.requestId;
    }
    return null;
  }

  /** A local id whose add has since been sent is known by its national id. */
  private currentId(localId: string): string {
    for (const e of this.d.outbox.recentlySent(RX_ADD)) {
      const p = e.payload as { localId?: unknown };
      const r = e.result as { id?: unknown } | null;
      if (p.localId === localId && typeof r?.id === 'string') return r.id;
    }
    return localId;
  }

  private viewOf(id: string, ctx: CallContext): RxRequestView {
    const row = this.d.repo.request(id);
    if (!row) throw new AppFailure('NOT_FOUND', 'That request is no longer in the queue. The queue has been refreshed.');
    return requestView(row, this.viewContext(ctx));
  }

  private mustFind(id: string): RxRequestRow {
    const row = this.d.repo.request(id) ?? this.d.repo.request(this.currentId(id));
    if (!row) throw new AppFailure('NOT_FOUND', 'That request is no longer in the queue. The queue has been refreshed.');
    return row;
  }
}
