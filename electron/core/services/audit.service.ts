import type { AuditRepo, AuditRow } from '../db/repos/audit.repo';
import type { CallContext } from '../call-context';

/** Writes who-did-what rows. Callers audit before they hand patient data back, so a failed write means no data. */
export class AuditService {
  constructor(private readonly repo: AuditRepo) {}

  record(ctx: CallContext, action: string, nhsNumber: string | null, outcome: 'ok' | 'refused' | 'failed', detail = ''): AuditRow {
    const u = ctx.user;
    return this.repo.append({
      at: new Date().toISOString(),
      userId: u.userId,
      userName: u.name,
      roleCode: u.roleCode,
      roleProfileId: u.roleProfileId,
      workstation: ctx.workstation,
      transport: ctx.transport,
      action,
      nhsNumber,
      outcome,
      detail,
    });
  }

  forPatient(nhsNumber: string): AuditRow[] {
    return this.repo.listForPatient(nhsNumber);
  }
}
