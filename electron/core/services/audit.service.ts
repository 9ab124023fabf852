import type { AuditEntryView, AuditVerification } from '../../../shared/contract/auth';
import { ROLES, type RoleCode } from '../../../shared/domain/roles';
import { verifyAuditChain } from '../audit/audit.verify';
import type { AuditRepo, AuditRow } from '../db/repos/audit.repo';
import type { CallContext } from '../call-context';

/** Who did it. A failed passcode has a card holder but no session yet; a call with no session is "nobody". */
export interface Actor {
  userId: string;
  name: string;
  roleCode: string;
  roleProfileId: string;
}

const NOBODY: Actor = { userId: '-', name: 'Not signed in', roleCode: '-', roleProfileId: '-' };

export type Outcome = 'ok' | 'refused' | 'failed';

/** Writes who-did-what rows. Callers audit before they hand patient data back, so a failed write means no data. */
export class AuditService {
  constructor(private readonly repo: AuditRepo) {}

  record(ctx: CallContext, action: string, nhsNumber: string | null, outcome: Outcome, detail = '', actor: Actor | null = ctx.user): AuditRow {
    const a = actor ?? NOBODY;
    return this.repo.append({
      at: new Date().toISOString(),
      userId: a.userId,
      userName: a.name,
      roleCode: a.roleCode,
      roleProfileId: a.roleProfileId,
      workstation: ctx.workstation,
      transport: ctx.transport,
      action,
      nhsNumber,
      outcome,
      detail,
    });
  }

  /** Who has looked at or changed this patient's record: the report a patient can ask for. */
  patientAccess(nhsNumber: string): AuditEntryView[] {
    return this.repo.listForPatient(nhsNumber).map((r) => ({
      seq: r.seq,
      at: r.at,
      userName: r.userName,
      roleCode: r.roleCode,
      roleName: r.roleCode in ROLES ? ROLES[r.roleCode as RoleCode].name : r.roleCode,
      workstation: r.workstation,
      action: r.action,
      outcome: r.outcome,
      detail: r.detail,
    }));
  }

  patientAccessCsv(nhsNumber: string): string {
    const cell = (v: string | number) => {
      const s = String(v);
      // Quote always; neutralise spreadsheet formulas (CSV injection) by prefixing a quote mark.
      const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
      return `"${safe.replace(/"/g, '""')}"`;
    };
    const header = ['When (UTC)', 'Who', 'Role', 'Role code', 'Workstation', 'Action', 'Outcome', 'Detail'];
    const lines = this.patientAccess(nhsNumber).map((r) => [r.at, r.userName, r.roleName, r.roleCode, r.workstation, r.action, r.outcome, r.detail].map(cell).join(','));
    return [header.map(cell).join(','), ...lines].join('\r\n') + '\r\n';
  }

  verify(): AuditVerification {
    return verifyAuditChain(this.repo);
  }
}
