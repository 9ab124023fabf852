import { randomUUID } from 'node:crypto';
import type { ShiftInput, ShiftList, ShiftView } from '../../../shared/contract/ooh';
import { londonDay, londonDayBounds } from '../../../shared/domain/appointments/london-time';
import { addDays, weekStart } from '../../../shared/domain/calendar/days';
import { clinicianKey, nightOf, shiftProblems } from '../../../shared/domain/ooh/shifts';
import { AppFailure } from '../../../shared/result';
import { signedIn, type CallContext } from '../call-context';
import type { OohRepo, ShiftRow } from '../db/repos/ooh.repo';
import type { AuditService } from './audit.service';

export interface OohShiftsDeps {
  repo: OohRepo;
  audit: AuditService;
  /** The centre's sites and clinicians, from settings (outOfHours). */
  roster: () => { sites: string[]; clinicians: string[] };
  changed: (tables: string[]) => void;
  now?: () => Date;
}

/**
 * The out-of-hours centre's shift rota (issue 8): who is on at which site, when, kept in ooh.db. The rules (end after
 * start, at most 16 hours, a site of the centre's, nobody on two overlapping shifts) are the shared domain's, so the
 * form says the same before sending. Changes are audited like the practice's rota changes: no patient, the detail
 * says what changed. Out-of-hours mode and the 'rota.edit' permission are the handler table's to enforce.
 */
export class OohShiftsService {
  private readonly now: () => Date;

  constructor(private readonly d: OohShiftsDeps) {
    this.now = d.now ?? (() => new Date());
  }

  list(input: { from?: string | undefined; to?: string | undefined }): ShiftList {
    const now = this.now();
    const from = input.from ?? weekStart(londonDay(now));
    const to = input.to ?? addDays(from, 6);
    const rows = this.d.repo.shiftsOverlapping(londonDayBounds(from).start.toISOString(), londonDayBounds(to).end.toISOString());
    const { sites, clinicians } = this.d.roster();
    return { from, to, asOf: now.toISOString(), shifts: rows.map(view), sites, clinicians };
  }

  /** The clinicians on a shift now, by name, each once; empty when no shift is under way. */
  onShiftNow(): string[] {
    const seen = new Map<string, string>();
    for (const r of this.d.repo.shiftsAt(this.now().toISOString())) if (!seen.has(clinicianKey(r.clinician))) seen.set(clinicianKey(r.clinician), r.clinician);
    return [...seen.values()].sort((a, b) => a.localeCompare(b, 'en-GB'));
  }

  save(input: ShiftInput, ctx: CallContext): ShiftView {
    const user = signedIn(ctx);
    const start = new Date(input.start);
    const end = new Date(input.end);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw new AppFailure('INVALID_INPUT', 'The start or end of the shift is not a real time.');
    const before = input.id ? this.d.repo.shift(input.id) : null;
    if (input.id && !before) throw new AppFailure('NOT_FOUND', 'That shift is no longer on the rota: it may have been removed at another desk.');
    const others = end > start ? this.d.repo.shiftsOverlapping(start.toISOString(), end.toISOString()) : [];
    const problems = shiftProblems({ id: input.id, site: input.site, clinician: input.clinician, start, end }, { sites: this.d.roster().sites, others });
    if (problems.length) throw new AppFailure('INVALID_INPUT', problems.map((p) => p.message).join(' '));

    const at = this.now().toISOString();
    const row: ShiftRow = {
      id: before?.id ?? `shift-${randomUUID()}`,
      site: input.site,
      clinician: input.clinician.replace(/\s+/g, ' '),
      role: input.role?.trim() ? input.role.trim() : null,
      start: start.toISOString(),
      end: end.toISOString(),
      createdBy: before?.createdBy ?? user.name,
      createdAt: before?.createdAt ?? at,
      updatedBy: user.name,
      updatedAt: at,
    };
    this.d.repo.putShift(row);
    const was = before ? ` was=${before.clinician}@${before.site} ${before.start}/${before.end}` : '';
    this.d.audit.record(ctx, 'ooh.shift-save', null, 'ok', `shift=${row.id} ${before ? 'changed' : 'new'} clinician=${row.clinician} site=${row.site} start=${row.start} end=${row.end}${was}`);
    this.d.changed(['ooh-shifts']);
    return view(row);
  }

  remove(id: string, ctx: CallContext): { removed: true } {
    signedIn(ctx);
    const row = this.d.repo.shift(id);
    if (!row || !this.d.repo.deleteShift(id)) throw new AppFailure('NOT_FOUND', 'That shift is no longer on the rota: it may have been removed at another desk.');
    this.d.audit.record(ctx, 'ooh.shift-remove', null, 'ok', `shift=${id} clinician=${row.clinician} site=${row.site} start=${row.start} end=${row.end}`);
    this.d.changed(['ooh-shifts']);
    return { removed: true };
  }
}

function view(r: ShiftRow): ShiftView {
  return { id: r.id, site: r.site, clinician: r.clinician, role: r.role, start: r.start, end: r.end, night: nightOf(new Date(r.start)), updatedBy: r.updatedBy, updatedAt: r.updatedAt };
}
