import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../../electron/core/db/connection';
import { TEST_DB_KEY } from '../../helpers/db-key';
import { outboxMigrations } from '../../../electron/core/db/migrations/outbox.migrations';
import { OutboxRepo } from '../../../electron/core/db/repos/outbox.repo';
import { NationalBusyError, NationalHttpError, NationalProtocolError, NationalUnreachableError } from '../../../electron/core/national/national.errors';
import { OutboxConflictError, OutboxService, type OutboxStatus } from '../../../electron/core/outbox/outbox.service';
import { useTempDir } from '../../helpers/temp-dir';

/** The replay rules on a real outbox.db, with a virtual clock so pacing and Retry-After are exact. */
const temp = useTempDir();

function rig(opts: { rate?: number; send: (n: number) => Promise<unknown> }) {
  const db = openDatabase(join(temp(), 'outbox.db'), { synchronous: 'FULL', migrations: outboxMigrations, key: TEST_DB_KEY });
  let now = 1_000_000;
  const sentAt: number[] = [];
  const statuses: OutboxStatus[] = [];
  const outbox = new OutboxService({
    repo: new OutboxRepo(db),
    ratePerSecond: () => opts.rate ?? 0,
    onStatus: (s) => statuses.push(s),
    clock: () => now,
    sleep: async (ms) => void (now += ms),
    retryEveryMs: 60_000,
  });
  const refused: string[] = [];
  const withdrawn: number[] = [];
  outbox.register('test', {
    schema: z.object({ n: z.number() }),
    localIds: (p) => [`local-${p.n}`],
    send: async (p) => {
      sentAt.push(now);
      return opts.send(p.n);
    },
    onRefused: (_p, _e, plain) => void refused.push(plain),
    onWithdrawn: (p) => void withdrawn.push(p.n),
  });
  const add = (n: number, dependsOn?: string) => outbox.enqueue({ kind: 'test', payload: { n }, userId: 'u', ...(dependsOn ? { dependsOn } : {}) });
  return { outbox, add, sentAt, statuses, refused, withdrawn, advance: (ms: number) => void (now += ms), close: () => db.close() };
}

describe('outbox replay', () => {
  it('sends in the order changes were made, evenly paced to the rate limit', async () => {
    const order: number[] = [];
    const r = rig({ rate: 5, send: async (n) => void order.push(n) });
    for (let n = 0; n < 10; n++) r.add(n);
    await r.outbox.kick();
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const gaps = r.sentAt.slice(1).map((t, i) => t - r.sentAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200); // 5 per second
    expect(r.outbox.status()).toMatchObject({ waiting: 0, attention: 0, replay: null });
    expect(r.statuses.some((s) => s.replay && s.replay.done > 0 && s.replay.done < s.replay.total)).toBe(true); // progress was shown
    r.close();
  });

  it('stops while the service is unreachable, keeping the change first in line, and resumes from it', async () => {
    let down = true;
    const order: number[] = [];
    const r = rig({ send: async (n) => (down ? Promise.reject(new NationalUnreachableError('refused')) : void order.push(n)) });
    r.add(1);
    r.add(2);
    await r.outbox.kick();
    expect(r.outbox.status()).toMatchObject({ waiting: 2, lastProblem: expect.stringMatching(/not answering/) });
    expect(r.outbox.isWaiting('local-1')).toBe(true);
    down = false;
    await r.outbox.kick();
    expect(order).toEqual([1, 2]);
    expect(r.outbox.isWaiting('local-1')).toBe(false);
    r.close();
  });

  it('waits out Retry-After before sending again', async () => {
    let busy = true;
    const r = rig({ send: async () => (busy ? ((busy = false), Promise.reject(new NationalBusyError(429, 30))) : undefined) });
    r.add(1);
    await r.outbox.kick();
    expect(r.outbox.status().waiting).toBe(1);
    await r.outbox.kick();
    expect(r.sentAt[1]! - r.sentAt[0]!).toBeGreaterThanOrEqual(30_000);
    expect(r.outbox.status().waiting).toBe(0);
    r.close();
  });

  it('a conflict or a refusal goes to "needs attention" and replay carries on with the next change', async () => {
    const r = rig({
      send: async (n) => {
        if (n === 1) throw new OutboxConflictError('Slot taken.');
        if (n === 2) throw new NationalHttpError(422, 'INVALID_RESOURCE', null, null);
      },
    });
    r.add(1);
    r.add(2);
    r.add(3);
    await r.outbox.kick();
    expect(r.outbox.status()).toMatchObject({ waiting: 0, attention: 2 });
    expect(r.refused).toEqual(['Slot taken.', expect.stringMatching(/refused this change \(422 INVALID_RESOURCE\)/)]);
    r.close();
  });

  it('withdraws a change whose prerequisite failed, without sending it', async () => {
    const r = rig({ send: async (n) => (n === 1 ? Promise.reject(new OutboxConflictError('Slot taken.')) : undefined) });
    const first = r.add(1);
    r.add(2, first);
    await r.outbox.kick();
    expect(r.sentAt).toHaveLength(1);
    expect(r.withdrawn).toEqual([2]);
    r.close();
  });

  it('resends an unreadable reply with the same request a few times, then asks a person', async () => {
    const ids: string[] = [];
    const r = rig({ send: async () => Promise.reject(new NationalProtocolError('not JSON')) });
    ids.push(r.add(1));
    for (let i = 0; i < 5; i++) await r.outbox.kick();
    expect(r.sentAt).toHaveLength(5);
    expect(r.outbox.status()).toMatchObject({ waiting: 0, attention: 1 });
    expect(r.outbox.get(ids[0]!)?.attempts).toBe(5);
    r.close();
  });

  it('a change taken back before it left is never sent', async () => {
    const r = rig({ send: async () => undefined });
    const id = r.add(1);
    expect(r.outbox.withdraw(id, 'cancelled')).toBe(true);
    await r.outbox.kick();
    expect(r.sentAt).toHaveLength(0);
    expect(r.outbox.withdraw(id, 'again')).toBe(false);
    r.close();
  });
});
