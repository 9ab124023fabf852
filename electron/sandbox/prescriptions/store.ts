/**
 * In-memory repeat requests (Tasks) and repeat templates (MedicationRequests) for the demo practice.
 * Online requests arrive by themselves as the sandbox clock passes their time (arrivals.ts); a backlog of the
 * last six days, in every state, is there from the start. Every mutation is synchronous and counted against
 * the X-Request-ID that made it, so tests can check a change from the desk landed exactly once.
 */
import type { SandboxClock } from '../appointments/store';
import { Rng } from '../prng';
import { arrivalsBetween, HOUR_MS, pickItems, type Arrival } from './arrivals';
import { generateTemplates, type Prescriber, type RxPatient, type TemplateRecord } from './data';
import { rxError, type RxError } from './errors';
import { isAllowed, isDecision, STATUS_DISPLAY, TASK_STATUS, type RxStatus } from './national-model';
import type { RxChannel, TaskStatus } from './types';

export interface Person {
  /** A practitioner id, `duty` for the duty doctor, or an SDS user id for whoever decided. */
  id: string;
  name: string;
}

export interface TaskRecord {
  id: string;
  nhsNumber: string;
  patientName: string;
  channel: RxChannel;
  status: RxStatus;
  templateIds: string[];
  authoredMs: number;
  /** Who it is routed to: a prescriber or the duty doctor. */
  owner: Person | null;
  decidedBy: Person | null;
  /** Why it was rejected (the patient is told this). */
  reason: string | null;
  version: number;
  lastUpdatedMs: number;
  /** The X-Request-ID that created it (null for online arrivals and the backlog). */
  requestId: string | null;
}

/** What a PUT asks the Task to become. */
export interface TaskChange {
  status: RxStatus;
  owner: Person | null;
  reason: string | null;
  decidedBy: Person | null;
}

export type StoreResult<T> = { ok: true; value: T } | { ok: false; error: RxError };
const fail = <T>(error: RxError): StoreResult<T> => ({ ok: false, error });

export interface PrescriptionsStats {
  tasks: number;
  byStatus: Record<string, number>;
  templates: number;
  patientsWithTemplates: number;
  now: string;
}

const DAY_MS = 86_400_000;
const BACKLOG_MS = 6 * DAY_MS;
/** Catching up further than this (a test moved the clock by months) would only flood the feed. */
const MAX_CATCH_UP_MS = 14 * DAY_MS;
const REASONS = [
  'A medication review is due: please book an appointment with your GP',
  'A blood test is needed before the next issue: please book one at reception',
  'Requested too early: your last issue should last until next week',
  'This medicine has been stopped: your GP will explain at your next appointment',
];

export class PrescriptionStore {
  readonly prescribers: readonly Prescriber[];
  private readonly patients = new Map<string, RxPatient>();
  private readonly templatesById = new Map<string, TemplateRecord>();
  private readonly templatesByPatient = new Map<string, TemplateRecord[]>();
  private readonly withTemplates: string[];
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly appliedByRequest = new Map<string, number>();
  private nextId = 1;
  private arrivedUntilMs: number;

  constructor(
    private readonly seed: number,
    readonly clock: SandboxClock,
    patients: readonly RxPatient[],
    prescribers: readonly Prescriber[],
    /** Top the starting backlog up to this many requests (the benchmark's 5,000-request queue); omitted: the seed's own. */
    backlogRequests?: number,
  ) {
    this.prescribers = prescribers;
    for (const p of patients) this.patients.set(p.nhsNumber, p);
    const startMs = clock.now();
    for (const t of generateTemplates(seed, patients, startMs)) {
      this.templatesById.set(t.id, t);
      this.templatesByPatient.set(t.nhsNumber, [...(this.templatesByPatient.get(t.nhsNumber) ?? []), t]);
    }
    this.withTemplates = [...this.templatesByPatient.keys()];
    this.seedBacklog(startMs, backlogRequests ?? 0);
    this.arrivedUntilMs = startMs;
  }

  // ---------- reads ----------

  /** Let every online request due by now arrive (called before each answer). */
  catchUp(): void {
    const now = this.clock.now();
    if (now <= this.arrivedUntilMs) return;
    const from = Math.max(this.arrivedUntilMs, now - MAX_CATCH_UP_MS);
    for (const a of arrivalsBetween(this.seed, from, now)) this.arriveFrom(a);
    this.arrivedUntilMs = now;
  }

  task(id: string): TaskRecord | undefined {
    return this.tasks.get(id);
  }

  template(id: string): TemplateRecord | undefined {
    return this.templatesById.get(id);
  }

  templatesOf(nhsNumber: string): TemplateRecord[] {
    return this.templatesByPatient.get(nhsNumber) ?? [];
  }

  patientsWithTemplates(): string[] {
    return [...this.withTemplates];
  }

  patient(nhsNumber: string): RxPatient | undefined {
    return this.patients.get(nhsNumber);
  }

  prescriber(id: string): Prescriber | undefined {
    return this.prescribers.find((p) => p.id === id);
  }

  /** Tasks matching every filter given, oldest change first. */
  search(f: { updatedAfterMs?: number; statuses?: ReadonlySet<TaskStatus>; nhsNumber?: string }): TaskRecord[] {
    const out: TaskRecord[] = [];
    for (const t of this.tasks.values()) {
      if (f.updatedAfterMs !== undefined && t.lastUpdatedMs <= f.updatedAfterMs) continue;
      if (f.statuses && !f.statuses.has(TASK_STATUS[t.status])) continue;
      if (f.nhsNumber !== undefined && t.nhsNumber !== f.nhsNumber) continue;
      out.push(t);
    }
    return out.sort((a, b) => a.lastUpdatedMs - b.lastUpdatedMs || Number(a.id) - Number(b.id));
  }

  /** How many changes a request id applied: 1 for a change sent once or replayed, 0 if never applied. */
  applied(requestId: string): number {
    return this.appliedByRequest.get(requestId.toLowerCase()) ?? 0;
  }

  stats(): PrescriptionsStats {
    const byStatus: Record<string, number> = {};
    for (const t of this.tasks.values()) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
    return {
      tasks: this.tasks.size,
      byStatus,
      templates: this.templatesById.size,
      patientsWithTemplates: this.withTemplates.length,
      now: new Date(this.clock.now()).toISOString(),
    };
  }

  // ---------- writes ----------

  /** A new request (POST Task from a desk, or an online arrival). */
  create(req: { nhsNumber: string; channel: RxChannel; templateIds: string[]; requestId?: string; authoredMs?: number }): StoreResult<TaskRecord> {
    const patient = this.patients.get(req.nhsNumber);
    if (!patient) return fail(rxError('PATIENT_NOT_FOUND', 'No patient with that NHS number is registered at this practice'));
    if (req.templateIds.length === 0) return fail(rxError('INVALID_RESOURCE', 'A request must ask for at least one item'));
    for (const id of req.templateIds) {
      if (this.templatesById.get(id)?.nhsNumber !== req.nhsNumber) {
        return fail(rxError('INVALID_RESOURCE', `MedicationRequest/${id} is not one of this patient's repeat templates`));
      }
    }
    const stamp = this.clock.stamp();
    const record: TaskRecord = {
      id: String(this.nextId++),
      nhsNumber: req.nhsNumber,
      patientName: patient.name,
      channel: req.channel,
      status: 'requested',
      templateIds: [...new Set(req.templateIds)],
      authoredMs: req.authoredMs ?? stamp,
      owner: null,
      decidedBy: null,
      reason: null,
      version: 1,
      lastUpdatedMs: stamp,
      requestId: req.requestId ?? null,
    };
    this.tasks.set(record.id, record);
    this.count(req.requestId);
    return { ok: true, value: record };
  }

  /** A status change (PUT Task). Refuses what the national state model does not allow; a repeat of the current state changes nothing. */
  change(id: string, c: TaskChange, requestId?: string): StoreResult<{ record: TaskRecord; applied: boolean }> {
    const r = this.tasks.get(id);
    if (!r) return fail(rxError('NO_RECORD_FOUND', `Task/${id} does not exist`));
    const reroute = c.status === 'with-prescriber' && r.status === 'with-prescriber' && c.owner?.id !== r.owner?.id;
    if (c.status === r.status && !reroute) return { ok: true, value: { record: r, applied: false } };
    if (!isAllowed(r.status, c.status)) {
      return fail(rxError('INVALID_TRANSITION', `Task/${id} is '${STATUS_DISPLAY[r.status]}'; it cannot become '${STATUS_DISPLAY[c.status]}'`));
    }
    if (c.status === 'with-prescriber') {
      if (!c.owner) return fail(rxError('INVALID_RESOURCE', 'A request with the prescriber needs an owner (a Practitioner or the duty doctor)'));
      if (c.owner.id !== 'duty' && !this.prescriber(c.owner.id)) return fail(rxError('INVALID_RESOURCE', `Practitioner/${c.owner.id} is not a prescriber at this practice`));
    }
    if (c.status === 'rejected' && !c.reason) return fail(rxError('INVALID_RESOURCE', 'A rejected request needs a reason (statusReason.text)'));
    if (isDecision(c.status) && !c.decidedBy) return fail(rxError('INVALID_RESOURCE', 'A decision needs the prescriber who made it (the DecidedBy extension)'));
    if (c.status === 'sent-to-pharmacy' && !this.patients.get(r.nhsNumber)?.nominatedPharmacy) {
      return fail(rxError('INVALID_TRANSITION', 'The patient has no nominated pharmacy: print the prescription for collection instead'));
    }
    const stamp = this.clock.stamp();
    r.status = c.status;
    if (c.status === 'with-prescriber') r.owner = c.owner;
    if (c.status === 'rejected') r.reason = c.reason;
    if (isDecision(c.status)) r.decidedBy = c.decidedBy;
    if (c.status === 'sent-to-pharmacy' || c.status === 'printed') this.issue(r, stamp);
    r.version++;
    r.lastUpdatedMs = stamp;
    this.count(requestId);
    return { ok: true, value: { record: r, applied: true } };
  }

  /** The patient cancels in their app (PFS: only while Requested). */
  cancelAsPatient(id: string): StoreResult<TaskRecord> {
    const r = this.tasks.get(id);
    if (!r) return fail(rxError('NO_RECORD_FOUND', `Task/${id} does not exist`));
    const out = this.change(id, { status: 'cancelled', owner: null, reason: null, decidedBy: null });
    return out.ok ? { ok: true, value: out.value.record } : out;
  }

  /** Make an online request arrive now: for a given patient and items, or the next one the seed would pick. */
  arriveNow(opts: { nhsNumber?: string; templateIds?: string[]; channel?: RxChannel } = {}): StoreResult<TaskRecord> {
    const rng = new Rng((this.seed ^ 0xa441 ^ this.nextId) >>> 0);
    const nhsNumber = opts.nhsNumber ?? this.withTemplates[rng.int(this.withTemplates.length)];
    if (nhsNumber === undefined) return fail(rxError('PATIENT_NOT_FOUND', 'No patient at this practice has repeat templates'));
    const templateIds = opts.templateIds ?? pickItems(this.templatesOf(nhsNumber), rng.int(2 ** 30)).map((t) => t.id);
    return this.create({ nhsNumber, channel: opts.channel ?? 'online', templateIds });
  }

  // ---------- internals ----------

  private count(requestId: string | undefined): void {
    if (!requestId) return;
    const key = requestId.toLowerCase();
    this.appliedByRequest.set(key, (this.appliedByRequest.get(key) ?? 0) + 1);
  }

  /** An approval issues every item once more under its authorisation. */
  private issue(r: TaskRecord, stamp: number): void {
    for (const id of r.templateIds) {
      const t = this.templatesById.get(id);
      if (!t) continue;
      t.issuesSoFar++;
      t.version++;
      t.lastUpdatedMs = stamp;
    }
  }

  private arriveFrom(a: Arrival): TaskRecord | null {
    const nhsNumber = this.withTemplates[Math.floor(a.patient * this.withTemplates.length)];
    if (nhsNumber === undefined) return null;
    const items = pickItems(this.templatesOf(nhsNumber), a.itemsSeed).map((t) => t.id);
    const made = this.create({ nhsNumber, channel: a.channel, templateIds: items, authoredMs: a.atMs });
    return made.ok ? made.value : null;
  }

  /**
   * The last six days' requests, older ones mostly decided, some still open and by now overdue. `atLeast` tops it up
   * with further requests over the same six days (same mix of states), e.g. a 5,000-request queue for the benchmark.
   */
  private seedBacklog(startMs: number, atLeast: number): void {
    const rng = new Rng((this.seed ^ 0xbac109) >>> 0);
    const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
    const someone = (): Person => {
      const p = pick(this.prescribers);
      return { id: p.id, name: `${p.prefix} ${p.given} ${p.family}` };
    };
    const arrivals = arrivalsBetween(this.seed, startMs - BACKLOG_MS, startMs);
    if (atLeast > arrivals.length && this.withTemplates.length > 0) {
      const extra = new Rng((this.seed ^ 0xb16b0c) >>> 0);
      for (let i = arrivals.length; i < atLeast; i++) {
        arrivals.push({ atMs: startMs - 1 - extra.int(BACKLOG_MS - 1), patient: extra.next(), itemsSeed: extra.int(2 ** 30), channel: extra.chance(0.1) ? 'pharmacy' : 'online' });
      }
      arrivals.sort((a, b) => a.atMs - b.atMs);
    }
    for (const a of arrivals) {
      const r = this.arriveFrom(a);
      if (!r) continue;
      const ageH = (startMs - a.atMs) / HOUR_MS;
      const x = rng.next();
      const [sent, printed, rejected, cancelled, routed] = ageH > 72 ? [0.45, 0.6, 0.7, 0.75, 0.88] : ageH > 24 ? [0.25, 0.35, 0.42, 0.45, 0.75] : [0.05, 0.05, 0.08, 0.1, 0.45];
      const pharmacy = Boolean(this.patients.get(r.nhsNumber)?.nominatedPharmacy);
      let status: RxStatus = 'requested';
      if (x < sent) status = pharmacy ? 'sent-to-pharmacy' : 'printed';
      else if (x < printed) status = pick(['printed', 'ready-to-collect', 'collected', 'collected'] as const);
      else if (x < rejected) status = 'rejected';
      else if (x < cancelled) status = 'cancelled';
      else if (x < routed) status = 'with-prescriber';
      if (this.prescribers.length === 0 && status !== 'requested' && status !== 'cancelled') status = 'requested';
      r.status = status;
      if (status !== 'requested' && status !== 'cancelled' && (status === 'with-prescriber' || rng.chance(0.6))) {
        r.owner = rng.chance(0.3) ? { id: 'duty', name: 'Duty doctor' } : someone();
      }
      if (status !== 'requested' && status !== 'with-prescriber' && status !== 'cancelled') r.decidedBy = someone();
      if (status === 'rejected') r.reason = pick(REASONS);
      r.lastUpdatedMs = a.atMs;
      if (status !== 'requested') {
        r.version = 2;
        r.lastUpdatedMs = Math.min(startMs - 1, a.atMs + rng.between(1, Math.max(1, Math.min(48, Math.floor(ageH)))) * HOUR_MS);
      }
    }
  }
}
