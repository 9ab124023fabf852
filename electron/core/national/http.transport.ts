import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { setTimeout as sleep } from 'node:timers/promises';
import { FhirOperationOutcome } from './fhir.schemas';
import { NationalBusyError, NationalHttpError, NationalProtocolError, NationalUnreachableError } from './national.errors';

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Retry-After up to this is waited out and retried; longer becomes NationalBusyError. */
  maxRetryAfterWaitMs: number;
  /** Attempts per call for safe or idempotent requests (same X-Request-ID each time). */
  maxAttempts?: number;
  /** Consecutive failed calls that open the circuit, and how long it stays open before a probe. */
  breakerThreshold?: number;
  halfOpenAfterMs?: number;
  /**
   * Longest a whole call may take, retries included, before the desk gives up and answers from the local copy
   * (or queues the change). A hung service must not hold a receptionist for timeouts × attempts.
   */
  budgetMs?: number;
  fetch?: typeof fetch;
}

export interface FhirRequest {
  method: 'GET' | 'PATCH' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Overrides the transport's budget for one call (a whole day's book takes longer than a search). */
  budgetMs?: number;
}

export interface FhirResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export type ServiceHealth = 'online' | 'degraded' | 'offline';

/** A retryable failure inside one call; never escapes the transport. */
class TransientError extends Error {
  constructor(
    message: string,
    /** Set when the service said it is busy (429/503), so exhausted retries report "busy", not "unreachable". */
    readonly busy?: { status: number; retryAfterSeconds: number },
  ) {
    super(message);
  }
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

function retryAfterSeconds(h: Headers): number | null {
  const v = h.get('retry-after');
  if (!v) return null;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * HTTP for national FHIR services: per-attempt timeout, retries with jittered backoff (callers reuse
 * one X-Request-ID so the service de-duplicates), Retry-After honoured, and a circuit breaker whose
 * state is the service's health. Built on cockatiel rather than hand-rolled loops.
 */
export class FhirTransport {
  private readonly policy;
  private readonly breaker;
  private readonly retryPolicy;
  private readonly fetchImpl: typeof fetch;
  private health: ServiceHealth = 'online';
  private readonly listeners = new Set<(h: ServiceHealth) => void>();

  constructor(private readonly opts: TransportOptions) {
    this.fetchImpl = opts.fetch ?? fetch;
    const isTransient = (e: Error) => e instanceof TransientError || e instanceof TaskCancelledError;
    const retryPolicy = (this.retryPolicy = retry(handleWhen(isTransient), {
      maxAttempts: (opts.maxAttempts ?? 3) - 1,
      backoff: new ExponentialBackoff({ initialDelay: 150, maxDelay: 1_500 }),
    }));
    this.breaker = circuitBreaker(handleWhen((e) => isTransient(e) || e instanceof NationalUnreachableError), {
      halfOpenAfter: opts.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(opts.breakerThreshold ?? 3),
    });
    this.breaker.onStateChange((s) => {
      if (s === CircuitState.Open || s === CircuitState.Isolated) this.setHealth('offline');
    });
    this.policy = wrap(this.breaker, retryPolicy);
  }

  get baseUrl(): string {
    return this.opts.baseUrl;
  }

  onHealth(listener: (h: ServiceHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  currentHealth(): ServiceHealth {
    return this.health;
  }

  private setHealth(h: ServiceHealth) {
    if (h === this.health) return;
    this.health = h;
    for (const l of this.listeners) l(h);
  }

  async send(req: FhirRequest): Promise<FhirResponse> {
    try {
      const budget = req.budgetMs ?? this.opts.budgetMs;
      // The budget sits inside the breaker, so calls that run out of it count as failures and open the circuit.
      const policy = budget ? wrap(this.breaker, timeout(budget, TimeoutStrategy.Aggressive), this.retryPolicy) : this.policy;
      const res = await policy.execute(({ signal }) => this.attempt(req, signal));
      this.setHealth('online');
      return res;
    } catch (e) {
      if (e instanceof NationalBusyError) {
        this.setHealth('degraded');
        throw e;
      }
      if (e instanceof NationalHttpError || e instanceof NationalProtocolError) throw e;
      if (e instanceof TransientError && e.busy) {
        this.setHealth('degraded');
        throw new NationalBusyError(e.busy.status, e.busy.retryAfterSeconds);
      }
      this.setHealth('offline');
      if (e instanceof BrokenCircuitError) throw new NationalUnreachableError('not answering (paused after repeated failures)');
      if (e instanceof TaskCancelledError) throw new NationalUnreachableError(`no answer within ${Math.min(this.opts.timeoutMs, req.budgetMs ?? this.opts.budgetMs ?? Infinity)} ms`);
      if (e instanceof TransientError) throw new NationalUnreachableError(e.message);
      if (e instanceof NationalUnreachableError) throw e;
      throw new NationalUnreachableError(e instanceof Error ? e.message : String(e));
    }
  }

  private async attempt(req: FhirRequest, outer: AbortSignal): Promise<FhirResponse> {
    const perAttempt = timeout(this.opts.timeoutMs, TimeoutStrategy.Aggressive);
    const res = await perAttempt.execute(async ({ signal }) => {
      try {
        const r = await this.fetchImpl(this.opts.baseUrl + req.path, {
          method: req.method,
          headers: req.headers,
          ...(req.body === undefined ? {} : { body: req.body }),
          signal,
        });
        return { r, text: await r.text() };
      } catch (e) {
        if (signal.aborted) throw e;
        throw new TransientError(`network error: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
      }
    }, outer);
    const { r, text } = res;

    if (RETRYABLE_STATUS.has(r.status)) {
      const after = retryAfterSeconds(r.headers);
      if (after !== null && (r.status === 429 || r.status === 503)) {
        if (after * 1000 > this.opts.maxRetryAfterWaitMs) throw new NationalBusyError(r.status, after);
        await sleep(after * 1000); // honour Retry-After before the retry policy tries again
      }
      const busy = r.status === 429 || r.status === 503 ? { status: r.status, retryAfterSeconds: after ?? 5 } : undefined;
      throw new TransientError(`answered ${r.status}`, busy);
    }

    let body: unknown = null;
    if (text.length) {
      try {
        body = JSON.parse(text);
      } catch {
        if (r.status >= 500) throw new TransientError(`answered ${r.status} with an unreadable body`);
        throw new NationalProtocolError('the reply was not JSON');
      }
    }
    if (r.status >= 500) throw new TransientError(`answered ${r.status}`);
    if (r.status >= 400) {
      const oo = FhirOperationOutcome.safeParse(body);
      const issue = oo.success ? oo.data.issue[0] : undefined;
      throw new NationalHttpError(
        r.status,
        issue?.details?.coding?.[0]?.code ?? null,
        issue?.diagnostics ?? null,
        retryAfterSeconds(r.headers),
      );
    }
    return { status: r.status, headers: r.headers, body };
  }
}
