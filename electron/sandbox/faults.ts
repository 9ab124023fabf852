/**
 * Fault injection for the FHIR endpoints, so the desk's retry/offline behaviour can be tested
 * against something that actually fails. Controlled in code (sandbox.faults) or over HTTP at
 * /_sandbox/faults, which faults never affect. The switches are the ones the outage work names:
 * down, hang, slow (latencyMs), 500 / 503 / 429 (status + retryAfterSeconds), reset mid-response,
 * malformed JSON and "another desk booked this slot" (takeNextBookedSlot).
 */
import { z } from 'zod';
import type { IncomingMessage } from 'node:http';
import { readBody, type RawResponse } from './http';

export const FaultsSchema = z
  .object({
    /** Destroy the socket without answering: looks like the service is unreachable. */
    outage: z.boolean(),
    /**
     * Connection refused for real: the main listener is closed (and its connections dropped) until this
     * is turned off, when it listens again on the same port. Turn it off from code or the control port.
     */
    down: z.boolean(),
    /** Accept each FHIR request and never answer; hung sockets are dropped when this is turned off. */
    hang: z.boolean(),
    /** Delay before answering, in milliseconds. */
    latencyMs: z.number().int().min(0).max(120_000),
    /** Answer every FHIR request with this status and a PDS OperationOutcome. */
    status: z.literal([429, 500, 503], { error: 'must be 429, 500 or 503, or null for none' }).nullable(),
    /** Retry-After (seconds) sent with 429 and 503. */
    retryAfterSeconds: z.number().int().min(0).max(3_600),
    /** Send a body that is not valid JSON (status and headers unchanged). */
    malformed: z.boolean(),
    /**
     * Process the request (a write is applied), send the status line, headers and part of the body,
     * then destroy the socket: the client cannot know whether its change landed.
     */
    resetMidResponse: z.boolean(),
    /**
     * The next booking (POST /Appointment) finds its slot taken by another desk just before it is
     * applied, so it fails with GP Connect's 409 DUPLICATE_REJECTED; then this turns itself off.
     */
    takeNextBookedSlot: z.boolean(),
  })
  .strict();

export type Faults = z.infer<typeof FaultsSchema>;

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  outage: false,
  down: false,
  hang: false,
  latencyMs: 0,
  status: null,
  retryAfterSeconds: 5,
  malformed: false,
  resetMidResponse: false,
  takeNextBookedSlot: false,
});

const PartialFaultsSchema = FaultsSchema.partial();

/** Invalid fault settings, with a message naming each bad field (never the whole body). */
export class FaultsInputError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid faults: ${issues.join('; ')}`);
    this.name = 'FaultsInputError';
  }
}

function parsePatch(input: unknown): Partial<Faults> {
  const parsed = PartialFaultsSchema.safeParse(input);
  if (!parsed.success) throw new FaultsInputError(parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
  return stripUndefined(parsed.data);
}

export class FaultControl {
  private state: Faults = { ...NO_FAULTS };

  current(): Faults {
    return { ...this.state };
  }

  /** Partial update; throws a FaultsInputError on invalid input (state unchanged) so bad test setup fails loudly. */
  set(patch: Partial<Faults>): Faults {
    return this.setFromInput(patch);
  }

  /** The same, for input of unknown shape (a PUT body). */
  setFromInput(input: unknown): Faults {
    this.state = { ...this.state, ...parsePatch(input) };
    return this.current();
  }

  reset(): Faults {
    this.state = { ...NO_FAULTS };
    return this.current();
  }
}

function stripUndefined(p: z.infer<typeof PartialFaultsSchema>): Partial<Faults> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out as Partial<Faults>;
}

/** A body that starts like the real one but is cut off, so JSON parsers must fail. */
export function malform(body: string): string {
  const cut = Math.max(1, Math.floor(body.length / 2));
  return `${body.slice(0, cut)}<!-- truncated`;
}

const json = (status: number, body: unknown): RawResponse => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The /_sandbox/faults endpoints. They only change the switches; the server then applies the ones
 * that need the listener (down, hang) — after this answer has gone out, when it came in on the main port.
 */
export async function handleControl(req: IncomingMessage, url: URL, faults: FaultControl): Promise<RawResponse> {
  const method = req.method ?? 'GET';
  if (url.pathname === '/_sandbox/faults') {
    if (method === 'GET') return json(200, faults.current());
    if (method === 'PUT') {
      let input: unknown;
      try {
        input = JSON.parse(await readBody(req, 10_000));
      } catch {
        return json(400, { error: 'Invalid faults: the body must be a JSON object, e.g. {"down":true}', issues: [] });
      }
      try {
        return json(200, faults.setFromInput(input));
      } catch (e) {
        if (e instanceof FaultsInputError) return json(400, { error: e.message, issues: e.issues });
        throw e;
      }
    }
    return { ...json(405, { error: `Method ${method} not allowed` }), headers: { 'Content-Type': 'application/json', Allow: 'GET, PUT' } };
  }
  if (url.pathname === '/_sandbox/faults/reset') {
    if (method === 'POST') return json(200, faults.reset());
    return { ...json(405, { error: `Method ${method} not allowed` }), headers: { 'Content-Type': 'application/json', Allow: 'POST' } };
  }
  return json(404, { error: `No sandbox control at ${url.pathname}` });
}
