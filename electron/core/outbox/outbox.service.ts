import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { OutboxEntry, OutboxRepo, OutboxState } from '../db/repos/outbox.repo';
import { NationalBusyError, NationalHttpError, NationalProtocolError, NationalUnreachableError } from '../national/national.errors';

/** The change can no longer apply upstream (e.g. another desk took the slot): a person must decide. */
export class OutboxConflictError extends Error {
  constructor(readonly plain: string) {
    super(plain);
    this.name = 'OutboxConflictError';
  }
}

/** How one kind of queued change is sent and how the local copy follows its fate. */
export interface OutboxHandler<P> {
  schema: z.ZodType<P>;
  /** Local ids this change touches, shown as "waiting to send" until it settles. */
  localIds(payload: P): string[];
  /** One send; the transport retries safe and idempotent requests itself. The X-Request-ID is the entry's. */
  send(payload: P, entry: OutboxEntry): Promise<unknown>;
  onSent?(payload: P, result: unknown, entry: OutboxEntry): void;
  /** It cannot apply (conflict, refusal): undo it locally; the entry waits in "needs attention". */
  onRefused?(payload: P, entry: OutboxEntry, plain: string): void;
  /** An earlier change it depended on did not happen, so it was never sent. */
  onWithdrawn?(payload: P, entry: OutboxEntry): void;
}

export interface OutboxStatus {
  waiting: number;
  attention: number;
  /** Present while a replay runs: how far it has got. */
  replay: { done: number; total: number } | null;
  /** Why the last attempt did not get through, in plain words (null once something got through). */
  lastProblem: string | null;
}

export interface OutboxDeps {
  repo: OutboxRepo;
  /** Requests per second the national service allows; 0 = no limit (tests, benchmarks). */
  ratePerSecond: () => number;
  onStatus: (s: OutboxStatus) => void;
  /** How often to try again while something is waiting and the service is not answering. */
  retryEveryMs?: number;
  /** After this many unreadable replies the change goes to a person instead of being retried forever. */
  maxProtocolAttempts?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type SendOutcome = { state: OutboxState; result: unknown; problem: string | null };

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());
const STATUS_EVERY_MS = 100;
const MARK_BATCH = 100;
const MARK_EVERY_MS = 250;

/**
 * The durable outbox and its replay. A change is committed (FULL sync) with its X-Request-ID before anyone is
 * told it is saved; replay sends strictly in order, one at a time, paced to the national rate limit, and waits
 * out Retry-After. A repeated X-Request-ID is de-duplicated upstream, so a crash between "sent" and "marked sent"
 * still applies the change exactly once. A change that can no longer apply goes to a person, never silently.
 */
export class OutboxService {
  private readonly handlers = new Map<string, OutboxHandler<unknown>>();
  private running: Promise<void> | null = null;
  private inFlight: string | null = null;
  /**
   * Sent and confirmed, not yet marked on disk: marks are written in batches (one fsync per batch, not per change).
   * A crash before the mark only means those are sent again with the same X-Request-ID, which the service
   * de-duplicates, so each still applies exactly once.
   */
  private readonly unmarked = new Map<string, { requestId: string; result: unknown; at: string }>();
  private lastMarkAt = 0;
  private lastSendAt = 0;
  private resumeAt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private progress: { done: number; total: number } | null = null;
  private lastProblem: string | null = null;
  private lastStatusAt = 0;
  private closed = false;
  /** Appointment (or other local) ids with a change still to send, for "waiting to send" marks. */
  private waitingIds: Set<string> | null = null;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly d: OutboxDeps) {
    this.clock = d.clock ?? Date.now;
    this.sleep = d.sleep ?? defaultSleep;
  }

  register<P>(kind: string, handler: OutboxHandler<P>): void {
    this.handlers.set(kind, handler as unknown as OutboxHandler<unknown>);
  }

  /** Commit a change. Returns its X-Request-ID once it is on disk. */
  enqueue(e: { kind: string; payload: unknown; dependsOn?: string | null; userId: string }): string {
    if (!this.handlers.has(e.kind)) throw new Error(`no outbox handler for ${e.kind}`);
    const requestId = randomUUID();
    this.d.repo.enqueue({ ...e, requestId, createdAt: new Date(this.clock()).toISOString() });
    this.waitingIds = null;
    if (this.progress) this.progress.total++;
    this.publish(true);
    return requestId;
  }

  get(requestId: string): OutboxEntry | null {
    const e = this.d.repo.get(requestId);
    const sent = this.unmarked.get(requestId);
    return e && sent ? { ...e, state: 'sent', result: sent.result, settledAt: sent.at } : e;
  }

  /** Take back a change not yet sent (e.g. a booking cancelled before it left). False if it is on its way or gone. */
  withdraw(requestId: string, why: string): boolean {
    if (this.inFlight === requestId || this.unmarked.has(requestId)) return false;
    const ok = this.d.repo.settle(requestId, 'withdrawn', new Date(this.clock()).toISOString(), { error: why });
    if (ok) {
      this.waitingIds = null;
      if (this.progress) this.progress.total--;
      this.publish(true);
    }
    return ok;
  }

  /**
   * Send this change now if it is next in line and nothing else is replaying, and wait for the outcome, so an
   * online desk hears "slot taken" at once. Otherwise it stays queued (state 'pending') and replay takes it.
   */
  async trySend(requestId: string): Promise<SendOutcome> {
    const head = this.d.repo.head();
    if (!this.running && head?.requestId === requestId && this.clock() >= this.resumeAt) await this.kick();
    else void this.kick();
    const e = this.get(requestId);
    return { state: e?.state ?? 'withdrawn', result: e?.result ?? null, problem: e?.lastError ?? null };
  }

  /** Start a replay if there is anything to send and none is running; resolves when that replay stops. */
  kick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) return this.running;
    if (this.d.repo.countPending() === 0) return Promise.resolve();
    this.running = this.replay().finally(() => {
      this.running = null;
      this.progress = null;
      this.publish(true);
      this.scheduleRetry();
    });
    return this.running;
  }

  isWaiting(localId: string): boolean {
    if (!this.waitingIds) {
      this.waitingIds = new Set();
      for (const e of this.pendingEntries()) {
        const h = this.handlers.get(e.kind);
        const p = h?.schema.safeParse(e.payload);
        if (h && p?.success) for (const id of h.localIds(p.data)) this.waitingIds.add(id);
      }
    }
    return this.waitingIds.has(localId);
  }

  /** Changes of a kind sent in the last day (re-linking after a crash needs no older ones). */
  recentlySent(kind: string): OutboxEntry[] {
    return this.d.repo.sentSince(kind, new Date(this.clock() - 86_400_000).toISOString());
  }

  pendingEntries(): OutboxEntry[] {
    return this.d.repo.pending().filter((e) => !this.unmarked.has(e.requestId));
  }

  attention(): OutboxEntry[] {
    return this.d.repo.attention();
  }

  resolve(requestId: string, resolution: string): boolean {
    const ok = this.d.repo.resolve(requestId, resolution, new Date(this.clock()).toISOString());
    if (ok) this.publish(true);
    return ok;
  }

  status(): OutboxStatus {
    return {
      waiting: this.d.repo.countPending() - this.unmarked.size,
      attention: this.d.repo.countAttention(),
      replay: this.progress ? { ...this.progress } : null,
      lastProblem: this.lastProblem,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
  }

  private publish(force: boolean): void {
    const now = this.clock();
    if (!force && now - this.lastStatusAt < STATUS_EVERY_MS) return;
    this.lastStatusAt = now;
    this.d.onStatus(this.status());
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer || this.d.repo.countPending() === 0) return;
    const wait = Math.max(this.resumeAt - this.clock(), this.d.retryEveryMs ?? 5_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.kick();
    }, wait);
    this.retryTimer.unref?.();
  }

  /** Wait for the rate limit: at most `rate` sends per second, evenly spaced. */
  private async pace(): Promise<void> {
    const rate = this.d.ratePerSecond();
    const gap = rate > 0 ? 1000 / rate : 0;
    const wait = Math.max(this.lastSendAt + gap, this.resumeAt) - this.clock();
    if (wait > 0) await this.sleep(wait);
    this.lastSendAt = this.clock();
  }

  private async replay(): Promise<void> {
    try {
      await this.replayFrom();
    } finally {
      this.markUnmarked();
    }
  }

  private markUnmarked(): void {
    if (!this.unmarked.size) return;
    this.d.repo.markSent([...this.unmarked.values()]);
    this.unmarked.clear();
    this.lastMarkAt = this.clock();
  }

  private async replayFrom(): Promise<void> {
    this.progress = { done: 0, total: this.d.repo.countPending() };
    this.publish(true);
    let seq = 0;
    for (;;) {
      if (this.closed) return;
      const entry = this.d.repo.nextPending(seq);
      if (!entry) return;
      seq = entry.seq;
      const handler = this.handlers.get(entry.kind);
      const at = () => new Date(this.clock()).toISOString();
      const parsed = handler?.schema.safeParse(entry.payload);
      if (!handler || !parsed?.success) {
        this.d.repo.settle(entry.requestId, 'failed', at(), { error: 'This change could not be read back from the outbox.' });
        this.step();
        continue;
      }
      const payload = parsed.data;
      const dep = entry.dependsOn && !this.unmarked.has(entry.dependsOn) ? this.d.repo.get(entry.dependsOn) : null;
      if (dep && dep.state !== 'sent' && dep.state !== 'pending') {
        if (this.d.repo.settle(entry.requestId, 'withdrawn', at(), { error: 'The change it depended on did not happen.' })) handler.onWithdrawn?.(payload, entry);
        this.step();
        continue;
      }
      await this.pace();
      if (this.closed) return;
      this.inFlight = entry.requestId;
      try {
        const result = await handler.send(payload, entry);
        this.lastProblem = null;
        // The result is kept at once (a later change may need it, e.g. the national id of a booking it cancels).
        this.unmarked.set(entry.requestId, { requestId: entry.requestId, result: result ?? null, at: at() });
        handler.onSent?.(payload, result, entry);
        if (this.unmarked.size >= MARK_BATCH || this.clock() - this.lastMarkAt >= MARK_EVERY_MS) this.markUnmarked();
      } catch (e) {
        const stop = this.failed(entry, handler, payload, e);
        if (stop) return;
      } finally {
        this.inFlight = null;
      }
      this.step();
    }
  }

  private step(): void {
    this.waitingIds = null;
    if (this.progress) this.progress.done++;
    this.publish(false);
  }

  /** Settle or keep a change after a failed send. True = stop replaying for now (the service is not answering). */
  private failed(entry: OutboxEntry, handler: OutboxHandler<unknown>, payload: unknown, e: unknown): boolean {
    const at = new Date(this.clock()).toISOString();
    const refuse = (state: 'conflict' | 'failed', plain: string) => {
      if (this.d.repo.settle(entry.requestId, state, at, { error: plain })) handler.onRefused?.(payload, entry, plain);
      return false;
    };
    if (e instanceof OutboxConflictError) return refuse('conflict', e.plain);
    if (e instanceof NationalBusyError) {
      this.lastProblem = `The national service is busy; trying again in ${e.retryAfterSeconds} s.`;
      this.d.repo.recordAttempt(entry.requestId, this.lastProblem);
      this.resumeAt = this.clock() + e.retryAfterSeconds * 1000;
      return true;
    }
    if (e instanceof NationalProtocolError) {
      // The change may have been applied and only the reply lost: resend with the same X-Request-ID (de-duplicated).
      this.d.repo.recordAttempt(entry.requestId, e.reason);
      if (entry.attempts + 1 >= (this.d.maxProtocolAttempts ?? 5)) return refuse('failed', 'The national service kept sending replies the desk could not read.');
      this.lastProblem = 'The national service sent a reply the desk could not read; trying again.';
      return true;
    }
    if (e instanceof NationalUnreachableError) {
      this.lastProblem = 'The national service is not answering; changes wait here and are sent when it returns.';
      this.d.repo.recordAttempt(entry.requestId, e.reason);
      return true;
    }
    if (e instanceof NationalHttpError) return refuse('failed', `The national service refused this change (${e.status}${e.spineCode ? ` ${e.spineCode}` : ''}).`);
    return refuse('failed', `This change could not be sent: ${e instanceof Error ? e.message : String(e)}`);
  }
}
