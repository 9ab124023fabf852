/**
 * Fault injection for the FHIR endpoints, so the desk's retry/offline behaviour can be tested
 * against something that actually fails. Controlled in code (sandbox.faults) or over HTTP at
 * /_sandbox/faults, which faults never affect.
 */
import { z } from 'zod';
import type { IncomingMessage } from 'node:http';
import { readBody, type RawResponse } from './http';

export const FaultsSchema = z
  .object({
    /** Destroy the socket without answering: looks like the service is unreachable. */
    outage: z.boolean(),
    /** Delay before answering, in milliseconds. */
    latencyMs: z.number().int().min(0).max(120_000),
    /** Answer every FHIR request with this status and a PDS OperationOutcome. */
    status: z.union([z.literal(429), z.literal(500), z.literal(503)]).nullable(),
    /** Retry-After (seconds) sent with 429 and 503. */
    retryAfterSeconds: z.number().int().min(0).max(3_600),
    /** Send a body that is not valid JSON (status and headers unchanged). */
    malformed: z.boolean(),
  })
  .strict();

export type Faults = z.infer<typeof FaultsSchema>;

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  outage: false,
  latencyMs: 0,
  status: null,
  retryAfterSeconds: 5,
  malformed: false,
});

const PartialFaultsSchema = FaultsSchema.partial();

export class FaultControl {
  private state: Faults = { ...NO_FAULTS };

  current(): Faults {
    return { ...this.state };
  }

  /** Partial update; throws a ZodError on invalid input so bad test setup fails loudly. */
  set(patch: Partial<Faults>): Faults {
    const valid = PartialFaultsSchema.parse(patch);
    this.state = { ...this.state, ...stripUndefined(valid) };
    return this.current();
  }

  reset(): Faults {
    this.state = { ...NO_FAULTS };
    return this.current();
  }
}

function stripUndefined(p: z.infer<typeof PartialFaultsSchema>): Partial<Faults> {
  const out: Partial<Faults> = {};
  if (p.outage !== undefined) out.outage = p.outage;
  if (p.latencyMs !== undefined) out.latencyMs = p.latencyMs;
  if (p.status !== undefined) out.status = p.status;
  if (p.retryAfterSeconds !== undefined) out.retryAfterSeconds = p.retryAfterSeconds;
  if (p.malformed !== undefined) out.malformed = p.malformed;
  return out;
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

/** The /_sandbox/* control endpoints. */
export async function handleControl(req: IncomingMessage, url: URL, faults: FaultControl): Promise<RawResponse> {
  const method = req.method ?? 'GET';
  if (url.pathname === '/_sandbox/faults') {
    if (method === 'GET') return json(200, faults.current());
    if (method === 'PUT') {
      let input: unknown;
      try {
        input = JSON.parse(await readBody(req, 10_000));
      } catch {
        return json(400, { error: 'Body must be JSON' });
      }
      const parsed = PartialFaultsSchema.safeParse(input);
      if (!parsed.success) {
        return json(400, { error: 'Invalid faults', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
      }
      return json(200, faults.set(stripUndefined(parsed.data)));
    }
    return { ...json(405, { error: `Method ${method} not allowed` }), headers: { 'Content-Type': 'application/json', Allow: 'GET, PUT' } };
  }
  if (url.pathname === '/_sandbox/faults/reset') {
    if (method === 'POST') return json(200, faults.reset());
    return { ...json(405, { error: `Method ${method} not allowed` }), headers: { 'Content-Type': 'application/json', Allow: 'POST' } };
  }
  return json(404, { error: `No sandbox control at ${url.pathname}` });
}
