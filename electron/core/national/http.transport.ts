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
  /** Largest reply body read, in bytes; a bigger one is cut off and refused (default DEFAULT_MAX_REPLY_BYTES). */
  maxReplyBytes?: number;
  /** Deepest JSON nesting accepted (default DEFAULT_MAX_JSON_DEPTH). */
  maxJsonDepth?: number;
  fetch?: typeof fetch;
}

/**
 * PDS replies are kilobytes and a 5,000-request prescription queue about 11 MB: a reply over 20 MB is a broken or
 * hostile service, and reading it whole would stall the core and fill memory. The whole appointment book is the
 * one bigger read (measured: 40 clinicians, 15 days ≈ 27 MB; 28 days ≈ 45 MB) and asks for a bigger cap per call.
 */
export const DEFAULT_MAX_REPLY_BYTES = 20 * 1024 * 1024;
/** Real FHIR resources nest about a dozen levels; deeper JSON would only make later recursive code overflow its stack. */
export const DEFAULT_MAX_JSON_DEPTH = 100;

export interface FhirRequest {
  method: 'GET' | 'PATCH' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Overrides the transport's budget for one call (a whole day's book takes longer than a search). */
  budgetMs?: number;
  /** Overrides the reply size cap for one call (the whole appointment book is far bigger than any PDS reply). */
  maxReplyBytes?: number;
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
        return { r, text: await readCapped(r, req.maxReplyBytes ?? this.opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES) };
      } catch (e) {
        if (e instanceof NationalProtocolError) throw e;
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
      const maxDepth = this.opts.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
      if (jsonNestedDeeperThan(text, maxDepth)) throw new NationalProtocolError(`the reply was nested more than ${maxDepth} levels deep`);
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

const megabytes = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * The reply body as text, read chunk by chunk and abandoned (the connection dropped) as soon as it passes
 * `maxBytes`: a declared Content-Length over the cap is refused before reading anything.
 */
export async function readCapped(r: Response, maxBytes: number): Promise<string> {
  const tooBig = () => new NationalProtocolError(`the reply was larger than ${megabytes(maxBytes)}`);
  const declared = Number(r.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await r.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (!r.body) return '';
  const reader = r.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    chunks.push(value);
  }
  // TextDecoder as Response.text() does: UTF-8, a leading BOM dropped, bad bytes replaced.
  return new TextDecoder().decode(Buffer.concat(chunks, total));
}

/**
 * Whether JSON text opens more than `max` objects/arrays inside one another. One linear pass that jumps over
 * strings with indexOf (most of a FHIR reply is string content): about 80 ms for a 27 MB book, a tenth of its parse.
 */
export function jsonNestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // To the closing quote: the next quote not escaped by an odd run of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return false; // unterminated: JSON.parse refuses it
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((j - 1 - k) % 2 === 0) break;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
