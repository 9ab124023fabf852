import { createHash } from 'node:crypto';
import type { Db } from '../connection';

export interface AuditEntry {
  at: string;
  userId: string;
  userName: string;
  roleCode: string;
  roleProfileId: string;
  workstation: string;
  transport: string;
  action: string;
  nhsNumber: string | null;
  outcome: 'ok' | 'refused' | 'failed';
  /** Never patient details: counts, codes, sources only. */
  detail: string;
}

export interface AuditRow extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Each row's hash covers the previous row's hash, so a deleted or altered row breaks the chain. */
export function auditHash(prevHash: string, e: AuditEntry): string {
  const canonical = JSON.stringify([
    prevHash, e.at, e.userId, e.userName, e.roleCode, e.roleProfileId, e.workstation, e.transport, e.action, e.nhsNumber, e.outcome, e.detail,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

const SELECT = `SELECT seq, at, user_id AS userId, user_name AS userName, role_code AS roleCode,
  role_profile_id AS roleProfileId, workstation, transport, action, nhs_number AS nhsNumber, outcome, detail,
  prev_hash AS prevHash, hash FROM audit_events`;

/** audit.db: append-only (triggers refuse UPDATE/DELETE) and hash-chained. */
export class AuditRepo {
  private readonly lastHash;
  private readonly insert;
  private readonly forPatient;

  constructor(private readonly db: Db) {
    this.lastHash = db.prepare('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(`INSERT INTO audit_events
      (at, user_id, user_name, role_code, role_profile_id, workstation, transport, action, nhs_number, outcome, detail, prev_hash, hash)
      VALUES (@at, @userId, @userName, @roleCode, @roleProfileId, @workstation, @transport, @action, @nhsNumber, @outcome, @detail, @prevHash, @hash)`);
    this.forPatient = db.prepare(`${SELECT} WHERE nhs_number = ? ORDER BY seq`);
  }

  append(e: AuditEntry): AuditRow {
    // Read-last-then-insert in one immediate transaction so two writers cannot fork the chain.
    return this.db.transaction(() => {
      const prevHash = (this.lastHash.get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
      const hash = auditHash(prevHash, e);
      const info = this.insert.run({ ...e, prevHash, hash });
      return { ...e, seq: Number(info.lastInsertRowid), prevHash, hash };
    }).immediate();
  }

  listForPatient(nhsNumber: string): AuditRow[] {
    return this.forPatient.all(nhsNumber) as AuditRow[];
  }

  /** Every row in order, streamed: verification reads the whole chain without holding it in memory. */
  *all(): Generator<AuditRow> {
    yield* this.db.prepare(`${SELECT} ORDER BY seq`).iterate() as IterableIterator<AuditRow>;
  }

  /** The highest seq ever handed out (AUTOINCREMENT keeps it even if the newest rows are deleted). */
  highestIssuedSeq(): number {
    const r = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as { seq: number } | undefined;
    return r?.seq ?? 0;
  }
}
