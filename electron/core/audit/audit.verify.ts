import type { AuditVerification } from '../../../shared/contract/auth';
import { auditHash, GENESIS_HASH, type AuditRepo } from '../db/repos/audit.repo';

/**
 * Walk the chain: each row must follow the previous by seq (no gaps), carry the previous row's hash,
 * and hash to what it says. A removed newest row shows as seq below the highest ever issued.
 */
export function verifyAuditChain(repo: AuditRepo): AuditVerification {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (const row of repo.all()) {
    rows++;
    if (row.seq !== expectedSeq) return { ok: false, rows, problem: { seq: row.seq, reason: `entries ${expectedSeq} to ${row.seq - 1} are missing` } };
    if (row.prevHash !== prev) return { ok: false, rows, problem: { seq: row.seq, reason: 'it does not follow the entry before it' } };
    if (auditHash(row.prevHash, row) !== row.hash) return { ok: false, rows, problem: { seq: row.seq, reason: 'it was altered after it was written' } };
    prev = row.hash;
    expectedSeq++;
  }
  const issued = repo.highestIssuedSeq();
  if (issued > rows) return { ok: false, rows, problem: { seq: rows + 1, reason: `the newest ${issued - rows} entries are missing` } };
  return { ok: true, rows, problem: null };
}
