import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../connection';

export type OutboxState = 'pending' | 'sent' | 'conflict' | 'failed' | 'withdrawn';

export interface OutboxEntry {
  seq: number;
  requestId: string;
  kind: string;
  /** Parsed JSON; the kind's handler validates it. */
  payload: unknown;
  dependsOn: string | null;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  result: unknown;
  createdAt: string;
  settledAt: string | null;
  userId: string;
  resolvedAt: string | null;
  resolution: string | null;
}

type Raw = Omit<OutboxEntry, 'payload' | 'result'> & { payload: string; result: string | null };
const COLS = `seq, request_id AS requestId, kind, payload, depends_on AS dependsOn, state, attempts, last_error AS lastError, result,
  created_at AS createdAt, settled_at AS settledAt, user_id AS userId, resolved_at AS resolvedAt, resolution`;
const entryOf = (r: Raw): OutboxEntry => ({ ...r, payload: JSON.parse(r.payload) as unknown, result: r.result === null ? null : (JSON.parse(r.result) as unknown) });

/** The durable outbox (outbox.db). The only place its SQL lives. */
export class OutboxRepo {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** Commit one change; when this returns, it survives a kill -9 or a power cut (synchronous=FULL). */
  enqueue(e: { requestId: string; kind: string; payload: unknown; dependsOn?: string | null; userId: string; createdAt: string }): number {
    const r = this.q(
      `INSERT INTO outbox (request_id, kind, payload, depends_on, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(e.requestId, e.kind, JSON.stringify(e.payload), e.dependsOn ?? null, e.userId, e.createdAt);
    return Number(r.lastInsertRowid);
  }

  get(requestId: string): OutboxEntry | null {
    const r = this.q(`SELECT ${COLS} FROM outbox WHERE request_id = ?`).get(requestId) as Raw | undefined;
    return r ? entryOf(r) : null;
  }

  /** The oldest entry still to send: replay is strictly in the order changes were made. */
  head(): OutboxEntry | null {
    const r = this.q(`SELECT ${COLS} FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1`).get() as Raw | undefined;
    return r ? entryOf(r) : null;
  }

  /** The next entry to send after `seq` (replay walks forward; entries sent but not yet marked are behind it). */
  nextPending(afterSeq: number): OutboxEntry | null {
    const r = this.q(`SELECT ${COLS} FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT 1`).get(afterSeq) as Raw | undefined;
    return r ? entryOf(r) : null;
  }

  /** Mark many entries sent in one commit (one fsync instead of one per change). */
  markSent(entries: readonly { requestId: string; result: unknown; at: string }[]): void {
    this.db.transaction(() => {
      for (const e of entries) {
        this.q(`UPDATE outbox SET state = 'sent', settled_at = ?, result = ? WHERE request_id = ? AND state = 'pending'`).run(
          e.at, JSON.stringify(e.result ?? null), e.requestId,
        );
      }
    })();
  }

  pending(): OutboxEntry[] {
    return (this.q(`SELECT ${COLS} FROM outbox WHERE state = 'pending' ORDER BY seq`).all() as Raw[]).map(entryOf);
  }

  /** Entries of a kind sent since an instant, for re-linking local rows to national ids after a restart. */
  sentSince(kind: string, since: string): OutboxEntry[] {
    return (
      this.q(`SELECT ${COLS} FROM outbox WHERE kind = ? AND state = 'sent' AND settled_at >= ? ORDER BY seq`).all(kind, since) as Raw[]
    ).map(entryOf);
  }

  countPending(): number {
    return (this.q(`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`).get() as { n: number }).n;
  }

  /** Conflicts and failures nobody has dealt with yet: the "needs attention" list. */
  attention(): OutboxEntry[] {
    return (
      this.q(`SELECT ${COLS} FROM outbox WHERE state IN ('conflict', 'failed') AND resolved_at IS NULL ORDER BY seq`).all() as Raw[]
    ).map(entryOf);
  }

  countAttention(): number {
    return (this.q(`SELECT count(*) AS n FROM outbox WHERE state IN ('conflict', 'failed') AND resolved_at IS NULL`).get() as { n: number }).n;
  }

  /** Settle a pending entry; false when it was no longer pending (settled or withdrawn meanwhile). */
  settle(requestId: string, state: Exclude<OutboxState, 'pending'>, at: string, detail: { result?: unknown; error?: string; resolution?: string }): boolean {
    const r = this.q(
      `UPDATE outbox SET state = ?, settled_at = ?, result = ?, last_error = coalesce(?, last_error),
         resolved_at = CASE WHEN ? IS NULL THEN resolved_at ELSE ? END, resolution = coalesce(?, resolution)
       WHERE request_id = ? AND state = 'pending'`,
    ).run(
      state, at, detail.result === undefined ? null : JSON.stringify(detail.result), detail.error ?? null,
      detail.resolution ?? null, at, detail.resolution ?? null, requestId,
    );
    return r.changes === 1;
  }

  recordAttempt(requestId: string, error: string): void {
    this.q(`UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE request_id = ?`).run(error, requestId);
  }

  resolve(requestId: string, resolution: string, at: string): boolean {
    const r = this.q(
      `UPDATE outbox SET resolved_at = ?, resolution = ? WHERE request_id = ? AND state IN ('conflict', 'failed') AND resolved_at IS NULL`,
    ).run(at, resolution, requestId);
    return r.changes === 1;
  }

  /**
   * Forget changes that are done with (sent, withdrawn, or a conflict or failure someone has dealt with) since
   * before `before`: their payloads carry patient names and NHS numbers, and nothing reads them again. Kept: what is
   * still to send or waits for a person, and any entry such a one depends on or names (a cancellation waiting for
   * its booking's result). Leaves first, so a chain goes whole; one transaction. Returns how many went.
   */
  pruneSettled(before: string): number {
    const prune = this.q(
      `DELETE FROM outbox
       WHERE (state IN ('sent', 'withdrawn') OR (state IN ('conflict', 'failed') AND resolved_at IS NOT NULL))
         AND coalesce(resolved_at, settled_at) < ?
         AND NOT EXISTS (SELECT 1 FROM outbox AS r WHERE r.depends_on = outbox.request_id)
         AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.state = 'pending' AND instr(p.payload, outbox.request_id) > 0)`,
    );
    return this.db.transaction(() => {
      let total = 0;
      for (let n = prune.run(before).changes; n > 0; n = prune.run(before).changes) total += n;
      return total;
    })();
  }

  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }
}
