import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FhirBundle, FhirOperationOutcome, FhirPatient } from './fhir.schemas';
import type { FhirTransport } from './http.transport';
import { NationalHttpError, NationalProtocolError } from './national.errors';

/** Who is asking: sent on every call so PDS can audit and authorise (NOTES 1.4). */
export interface PdsCaller {
  /** NHSD-Session-URID: the role profile chosen at login. */
  roleProfileId?: string;
  /** NHSD-End-User-Organisation-ODS. */
  odsCode?: string;
  /** Bearer token, for integration/production; the sandboxes need none. */
  accessToken?: string;
  correlationId?: string;
}

export interface PdsSearchParams {
  family?: string;
  given?: string[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  /** Each as `eq|ge|le` + yyyy-mm-dd; two for a range. */
  birthdate?: string[];
  deathDate?: string[];
  postalcode?: string;
  generalPractitioner?: string;
  email?: string;
  phone?: string;
  fuzzy?: boolean;
  exactMatch?: boolean;
  history?: boolean;
  maxResults?: number;
}

export type JsonPatchOp = { op: 'add' | 'replace' | 'remove' | 'test'; path: string; value?: unknown };

export interface PdsPatientResult {
  patient: FhirPatient;
  /** `W/"<version>"`, to send back as If-Match. */
  etag: string | null;
  /** The X-Request-ID used, mirrored by PDS. */
  requestId: string;
}

export type PdsSearchResult =
  | { kind: 'matches'; entries: { patient: FhirPatient; score: number | null }[] }
  | { kind: 'too-many-matches' };

const parseOr = <T>(schema: z.ZodType<T>, body: unknown, what: string): T => {
  const r = schema.safeParse(body);
  if (!r.success) throw new NationalProtocolError(`${what} did not match the PDS specification`);
  return r.data;
};

/**
 * PDS FHIR R4 client (healthcare-worker access mode). Points at any base URL: the embedded sandbox,
 * or NHS sandbox / integration / production. One X-Request-ID per logical request, reused on retry.
 */
export class PdsClient {
  constructor(private readonly transport: FhirTransport) {}

  private headers(caller: PdsCaller, requestId: string, extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/fhir+json', 'X-Request-ID': requestId, ...extra };
    if (caller.correlationId) h['X-Correlation-ID'] = caller.correlationId;
    if (caller.roleProfileId) h['NHSD-Session-URID'] = caller.roleProfileId;
    if (caller.odsCode) h['NHSD-End-User-Organisation-ODS'] = caller.odsCode;
    if (caller.accessToken) h.Authorization = `Bearer ${caller.accessToken}`;
    return h;
  }

  async read(nhsNumber: string, caller: PdsCaller = {}, requestId: string = randomUUID()): Promise<PdsPatientResult> {
    const res = await this.transport.send({
      method: 'GET',
      path: `/Patient/${encodeURIComponent(nhsNumber)}`,
      headers: this.headers(caller, requestId),
    });
    return { patient: parseOr(FhirPatient, res.body, 'Patient'), etag: res.headers.get('etag'), requestId };
  }

  async search(params: PdsSearchParams, caller: PdsCaller = {}, requestId: string = randomUUID()): Promise<PdsSearchResult> {
    const res = await this.transport.send({
      method: 'GET',
      path: `/Patient?${searchQuery(params)}`,
      headers: this.headers(caller, requestId),
    });
    // TOO_MANY_MATCHES arrives as HTTP 200 with an OperationOutcome, not a Bundle (NOTES 1.6).
    const outcome = FhirOperationOutcome.safeParse(res.body);
    if (outcome.success) {
      const code = outcome.data.issue[0]?.details?.coding?.[0]?.code ?? null;
      if (code === 'TOO_MANY_MATCHES' || outcome.data.issue[0]?.code === 'multiple-matches') return { kind: 'too-many-matches' };
      throw new NationalHttpError(res.status, code, outcome.data.issue[0]?.diagnostics ?? null, null);
    }
    const bundle = parseOr(FhirBundle, res.body, 'Bundle');
    const entries = (bundle.entry ?? []).map((e) => ({ patient: e.resource, score: e.search?.score ?? null }));
    entries.sort((a, b) => (b.score ?? 0) - (a.score ?? 0)); // best first, whatever order arrived
    return { kind: 'matches', entries };
  }

  /** JSON Patch with If-Match. Re-sending after a lost reply must pass the same requestId. */
  async patch(
    nhsNumber: string,
    patches: JsonPatchOp[],
    ifMatch: string,
    caller: PdsCaller = {},
    requestId: string = randomUUID(),
  ): Promise<PdsPatientResult> {
    const res = await this.transport.send({
      method: 'PATCH',
      path: `/Patient/${encodeURIComponent(nhsNumber)}`,
      headers: this.headers(caller, requestId, { 'Content-Type': 'application/json-patch+json', 'If-Match': ifMatch }),
      body: JSON.stringify({ patches }),
    });
    return { patient: parseOr(FhirPatient, res.body, 'Patient'), etag: res.headers.get('etag'), requestId };
  }
}

export function searchQuery(p: PdsSearchParams): string {
  const q = new URLSearchParams();
  if (p.family) q.append('family', p.family);
  for (const g of p.given ?? []) q.append('given', g);
  if (p.gender) q.append('gender', p.gender);
  for (const b of p.birthdate ?? []) q.append('birthdate', b);
  for (const d of p.deathDate ?? []) q.append('death-date', d);
  if (p.postalcode) q.append('address-postalcode', p.postalcode);
  if (p.generalPractitioner) q.append('general-practitioner', p.generalPractitioner);
  if (p.email) q.append('email', p.email);
  if (p.phone) q.append('phone', p.phone);
  if (p.fuzzy) q.append('_fuzzy-match', 'true');
  if (p.exactMatch) q.append('_exact-match', 'true');
  if (p.history) q.append('_history', 'true');
  if (p.maxResults !== undefined) q.append('_max-results', String(p.maxResults));
  // URLSearchParams writes * literally; PDS documents %2A for the wildcard.
  return q.toString().replace(/\*/g, '%2A');
}
