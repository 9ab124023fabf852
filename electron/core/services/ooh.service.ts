import { randomUUID } from 'node:crypto';
import type { EncounterView, OohBoard, OohContext, OohOutcome, OohReport } from '../../../shared/contract/ooh';
import { formatLondon } from '../../../shared/domain/appointments/london-time';
import { formatPatientName } from '../../../shared/domain/patient-format';
import { boardOrder, contactsPerHour, waitsByPriority, waitStatus, type OohPriority, type WaitTargets } from '../../../shared/domain/ooh/waits';
import { AppFailure } from '../../../shared/result';
import { signedIn, type CallContext } from '../call-context';
import type { CachedPatient } from '../db/repos/patients.repo';
import type { EncounterRow, OohRepo } from '../db/repos/ooh.repo';
import type { AuditService } from './audit.service';

const HOUR = 3_600_000;
/** Completed encounters stay on the board (when asked) for this long. */
const COMPLETED_SHOWN_MS = 12 * HOUR;
const MAX_REPORT_MS = 7 * 24 * HOUR;

export interface OohConfig {
  mode: 'practice' | 'out-of-hours';
  organisation: { odsCode: string; name: string };
  sites: string[];
  clinicians: string[];
  targets: WaitTargets;
}

export interface OohServiceDeps {
  repo: OohRepo;
  audit: AuditService;
  /** The patient: from the local copy, else looked up nationally (an audited record view). */
  patient: (nhsNumber: string, ctx: CallContext) => Promise<CachedPatient | null>;
  organisationName: (odsCode: string) => string | null;
  config: () => OohConfig;
  crossOrgConfigured: () => boolean;
  /** The clinicians on a recorded shift now (the centre's shift rota); empty when none is recorded for now. */
  onShiftNow: () => string[];
  changed: (tables: string[]) => void;
  now?: () => Date;
}

/**
 * The out-of-hours centre's encounter board (issue 8): arrival with a triage priority, re-triage, the clinician
 * who saw them, the outcome; a live board with each wait against its target; a report. Kept in ooh.db (nothing
 * national holds it) and every change audited against the patient's NHS number.
 */
export class OohService {
  private readonly now: () => Date;

  constructor(private readonly d: OohServiceDeps) {
    this.now = d.now ?? (() => new Date());
  }

  context(): OohContext {
    const c = this.d.config();
    // "Clinician seen" offers who is actually on shift; the settings list stands in while no shift is recorded for now.
    const onShift = c.mode === 'out-of-hours' ? this.d.onShiftNow() : [];
    const clinicians = onShift.length > 0 ? onShift : c.clinicians;
    return { mode: c.mode, organisation: c.organisation, sites: c.sites, clinicians, targets: c.targets, crossOrgBooking: this.d.crossOrgConfigured() };
  }

  board(includeCompleted: boolean): OohBoard {
    const now = this.now();
    const since = includeCompleted ? new Date(now.getTime() - COMPLETED_SHOWN_MS).toISOString() : null;
    const targets = this.d.config().targets;
    const views = this.d.repo.board(since).map((e) => this.view(e, now, targets));
    views.sort((a, b) => Number(a.state === 'completed') - Number(b.state === 'completed') || boardOrder({ ...a, status: a.wait }, { ...b, status: b.wait }));
    return { asOf: now.toISOString(), targets, encounters: views };
  }

  async arrive(input: { nhsNumber: string; priority: OohPriority; site: string; reason?: string | undefined }, ctx: CallContext): Promise<EncounterView> {
    const user = signedIn(ctx);
    const open = this.d.repo.openFor(input.nhsNumber);
    if (open) throw new AppFailure('INVALID_INPUT', `This patient is already on the board (arrived ${formatLondon(new Date(open.arrivedAt), 'HH:mm')}). Update that visit instead.`);
    const patient = await this.d.patient(input.nhsNumber, ctx);
    if (!patient) throw new AppFailure('NOT_FOUND', 'No patient was found with that NHS number.');
    if (patient.summary.deceasedDate) throw new AppFailure('INVALID_INPUT', 'This patient is recorded as deceased: check the NHS number.');
    const ods = patient.summary.restricted ? null : patient.summary.gpOdsCode;
    const at = this.now().toISOString();
    const row: EncounterRow = {
      id: `enc-${randomUUID()}`,
      nhsNumber: input.nhsNumber,
      patientName: formatPatientName(patient.summary),
      registeredOds: ods,
      registeredName: ods ? this.d.organisationName(ods) : null,
      site: input.site,
      priority: input.priority,
      reason: input.reason?.trim() ? input.reason.trim() : null,
      arrivedAt: at,
      seenAt: null,
      clinician: null,
      outcome: null,
      outcomeNote: null,
      completedAt: null,
      recordedBy: user.name,
      updatedAt: at,
    };
    this.d.repo.putEncounter(row);
    this.d.audit.record(ctx, 'ooh.arrive', input.nhsNumber, 'ok', `encounter=${row.id} priority=${row.priority} site=${row.site}`);
    this.d.changed(['ooh']);
    return this.view(row, this.now(), this.d.config().targets);
  }

  triage(encounterId: string, priority: OohPriority, ctx: CallContext): EncounterView {
    const e = this.open(encounterId);
    if (e.seenAt) throw new AppFailure('INVALID_INPUT', 'This patient has already been seen: the priority can no longer change.');
    if (e.priority === priority) return this.view(e, this.now(), this.d.config().targets);
    const next = { ...e, priority, updatedAt: this.now().toISOString() };
    return this.save(next, ctx, 'ooh.triage', `from=${e.priority} to=${priority}`);
  }

  seen(encounterId: string, clinician: string, ctx: CallContext): EncounterView {
    const e = this.open(encounterId);
    if (e.seenAt) throw new AppFailure('INVALID_INPUT', `Already seen by ${e.clinician ?? 'a clinician'}.`);
    const at = this.now().toISOString();
    return this.save({ ...e, seenAt: at, clinician, updatedAt: at }, ctx, 'ooh.seen', `clinician=${clinician}`);
  }

  outcome(encounterId: string, outcome: OohOutcome, note: string | undefined, ctx: CallContext): EncounterView {
    const e = this.open(encounterId);
    if (!e.seenAt && outcome !== 'did-not-wait') throw new AppFailure('INVALID_INPUT', 'Record who saw the patient before the outcome (or “Left before being seen”).');
    const at = this.now().toISOString();
    return this.save({ ...e, outcome, outcomeNote: note?.trim() ? note.trim() : null, completedAt: at, updatedAt: at }, ctx, 'ooh.outcome', `outcome=${outcome}`);
  }

  report(input: { from?: string | undefined; to?: string | undefined }, ctx: CallContext): OohReport {
    const now = this.now();
    const to = input.to ? new Date(input.to) : new Date(Math.ceil(now.getTime() / HOUR) * HOUR);
    const from = input.from ? new Date(input.from) : new Date(to.getTime() - 24 * HOUR);
    if (!(to.getTime() > from.getTime())) throw new AppFailure('INVALID_INPUT', 'The report must end after it starts.');
    if (to.getTime() - from.getTime() > MAX_REPORT_MS) throw new AppFailure('INVALID_INPUT', 'A report covers at most 7 days.');
    const rows = this.d.repo.arrivedBetween(from.toISOString(), to.toISOString());
    const targets = this.d.config().targets;
    // Counts only: no patient is named in the report, so it is audited as a whole, not per patient.
    this.d.audit.record(ctx, 'ooh.report', null, 'ok', `from=${from.toISOString()} to=${to.toISOString()} contacts=${rows.length}`);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      asOf: now.toISOString(),
      total: rows.length,
      perHour: contactsPerHour(rows.map((r) => r.arrivedAt), from, to),
      byPriority: waitsByPriority(rows, now, targets),
    };
  }

  private open(id: string): EncounterRow {
    const e = this.d.repo.encounter(id);
    if (!e) throw new AppFailure('NOT_FOUND', 'That visit is no longer on the board.');
    if (e.completedAt) throw new AppFailure('INVALID_INPUT', 'This visit is already completed.');
    return e;
  }

  private save(next: EncounterRow, ctx: CallContext, action: string, detail: string): EncounterView {
    signedIn(ctx);
    this.d.repo.putEncounter(next);
    this.d.audit.record(ctx, action, next.nhsNumber, 'ok', `encounter=${next.id} ${detail}`);
    this.d.changed(['ooh']);
    return this.view(next, this.now(), this.d.config().targets);
  }

  private view(e: EncounterRow, now: Date, targets: WaitTargets): EncounterView {
    const { recordedBy: _by, updatedAt: _at, ...rest } = e;
    return { ...rest, state: e.completedAt ? 'completed' : e.seenAt ? 'with-clinician' : 'waiting', wait: waitStatus(e, now, targets) };
  }
}
