import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { cacheMigrations } from '../../electron/core/db/migrations/cache.migrations';
import { outboxMigrations } from '../../electron/core/db/migrations/outbox.migrations';
import { LocalCopyRepo } from '../../electron/core/db/repos/local-copy.repo';
import { OutboxRepo } from '../../electron/core/db/repos/outbox.repo';
import type { AuditService } from '../../electron/core/services/audit.service';
import { LocalCopyService } from '../../electron/core/services/local-copy.service';
import { TEST_DB_KEY } from '../helpers/db-key';
import { useTempDir } from '../helpers/temp-dir';

/**
 * Finished changes expire with the local copy (issue 9): outbox.db keeps every change's payload, which names the
 * patient, so what was sent, withdrawn or dealt with goes after the window (and at "sign out and clear"), on a real
 * outbox.db. What is still to send, waits for a person, or is needed by one of those stays.
 */
const temp = useTempDir();
const NOW = new Date('2026-11-25T10:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

function rig(o: { plain?: boolean } = {}) {
  const file = join(temp(), 'outbox.db');
  const db = openDatabase(file, { synchronous: 'FULL', migrations: outboxMigrations, key: o.plain ? null : TEST_DB_KEY });
  const repo = new OutboxRepo(db);
  const cache = openDatabase(join(temp(), 'cache.db'), { synchronous: 'NORMAL', migrations: cacheMigrations, key: TEST_DB_KEY });
  const audit = { record: vi.fn() };
  const service = new LocalCopyService({
    repo: new LocalCopyRepo(cache),
    outbox: repo,
    audit: audit as unknown as AuditService,
    expireAfterDays: () => 30,
    now: () => NOW,
    bookNow: () => NOW,
    systemContext: () => ({ transport: 'browser-host', workstation: 'desk-1' }),
    purged: () => undefined,
    log: () => undefined,
  });
  /** A change made `madeDaysAgo`, naming a patient, optionally settled `settledDaysAgo`. */
  const change = (
    id: string,
    o: { made: number; settled?: { state: 'sent' | 'withdrawn' | 'conflict' | 'failed'; daysAgo: number; resolvedDaysAgo?: number }; dependsOn?: string; names?: string },
  ) => {
    repo.enqueue({
      requestId: id, kind: 'appointment.book', userId: 'u1', createdAt: daysAgo(o.made), dependsOn: o.dependsOn ?? null,
      payload: { nhsNumber: '9990000011', patientName: `PATIENT-${id}`, ...(o.names ? { bookRequestId: o.names } : {}) },
    });
    if (o.settled) {
      repo.settle(id, o.settled.state, daysAgo(o.settled.daysAgo), o.settled.resolvedDaysAgo === undefined ? {} : { resolution: 'dealt with' });
      if (o.settled.resolvedDaysAgo !== undefined) db.prepare('UPDATE outbox SET resolved_at = ? WHERE request_id = ?').run(daysAgo(o.settled.resolvedDaysAgo), id);
    }
  };
  const ids = () => (db.prepare('SELECT request_id FROM outbox ORDER BY seq').pluck().all() as string[]);
  return { db, file, repo, service, audit, change, ids };
}

describe('finished changes expire from outbox.db', () => {
  it('after the window: sent, withdrawn and dealt-with changes go; pending, waiting-for-a-person and recent ones stay', () => {
    const r = rig();
    r.change('sent-old', { made: 40, settled: { state: 'sent', daysAgo: 31 } });
    r.change('sent-recent', { made: 40, settled: { state: 'sent', daysAgo: 29 } });
    r.change('withdrawn-old', { made: 40, settled: { state: 'withdrawn', daysAgo: 35 } });
    r.change('conflict-open', { made: 40, settled: { state: 'conflict', daysAgo: 35 } });
    r.change('failed-dealt-old', { made: 40, settled: { state: 'failed', daysAgo: 35, resolvedDaysAgo: 32 } });
    r.change('conflict-dealt-recently', { made: 40, settled: { state: 'conflict', daysAgo: 35, resolvedDaysAgo: 3 } });
    r.change('pending-old', { made: 60 });

    const counts = r.service.purgeExpired();
    expect(counts.outboxSettled).toBe(2 + 1);
    expect(r.ids()).toEqual(['sent-recent', 'conflict-open', 'conflict-dealt-recently', 'pending-old']);
    // Needs attention and the queue are untouched.
    expect(r.repo.attention().map((e) => e.requestId)).toEqual(['conflict-open']);
    expect(r.repo.pending().map((e) => e.requestId)).toEqual(['pending-old']);
    // Audited with the count, no patient detail.
    expect(r.audit.record.mock.calls[0]![4]).toContain('outbox-settled=3');
    expect(JSON.stringify(r.audit.record.mock.calls)).not.toContain('9990000011');
  });

  it('keeps an old booking a waiting change still needs (depends on it, or names it), and takes a finished chain whole', () => {
    const r = rig();
    r.change('book-a', { made: 50, settled: { state: 'sent', daysAgo: 45 } });
    r.change('cancel-a', { made: 1, dependsOn: 'book-a' }); // pending, after the booking
    r.change('book-b', { made: 50, settled: { state: 'sent', daysAgo: 45 } });
    r.change('cancel-b', { made: 1, names: 'book-b' }); // pending, reads the booking's result to find the id
    r.change('book-c', { made: 50, settled: { state: 'sent', daysAgo: 45 } });
    r.change('conflict-c', { made: 49, dependsOn: 'book-c', settled: { state: 'conflict', daysAgo: 44 } }); // nobody has dealt with it
    r.change('book-d', { made: 50, settled: { state: 'sent', daysAgo: 45 } });
    r.change('move-d', { made: 49, dependsOn: 'book-d', settled: { state: 'sent', daysAgo: 44 } });
    r.change('then-d', { made: 48, dependsOn: 'move-d', settled: { state: 'withdrawn', daysAgo: 44 } });

    expect(r.service.purgeExpired().outboxSettled).toBe(3);
    expect(r.ids()).toEqual(['book-a', 'cancel-a', 'book-b', 'cancel-b', 'book-c', 'conflict-c']);
    expect(r.db.pragma('foreign_key_check')).toEqual([]);

    // Once the cancellations are sent and the conflict dealt with, the next run (a month on) takes the rest.
    r.repo.settle('cancel-a', 'sent', daysAgo(31), {});
    r.repo.settle('cancel-b', 'sent', daysAgo(31), {});
    r.repo.resolve('conflict-c', 'dealt with', daysAgo(31));
    expect(r.service.purgeExpired().outboxSettled).toBe(6);
    expect(r.ids()).toEqual([]);
  });

  it('"sign out and clear" takes every finished change whatever its age, keeps what is still to send, and leaves no name in the file', () => {
    const r = rig({ plain: true }); // unencrypted, so the bytes can be searched
    r.change('sent-today', { made: 0, settled: { state: 'sent', daysAgo: 0 } });
    r.change('dealt-today', { made: 0, settled: { state: 'failed', daysAgo: 0, resolvedDaysAgo: 0 } });
    r.change('still-to-send', { made: 0 });

    const counts = r.service.clear({ transport: 'browser-host', workstation: 'desk-1', user: null });
    expect(counts.outboxSettled).toBe(2);
    expect(r.ids()).toEqual(['still-to-send']);

    r.db.pragma('wal_checkpoint(TRUNCATE)');
    r.db.close();
    const bytes = readFileSync(r.file).toString('latin1');
    expect(bytes).toContain('PATIENT-still-to-send'); // the check can see payloads…
    expect(bytes).not.toContain('PATIENT-sent-today'); // …and the cleared ones are overwritten (secure_delete)
    expect(bytes).not.toContain('PATIENT-dealt-today');
  });
});
