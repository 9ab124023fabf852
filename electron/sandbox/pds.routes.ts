/**
 * The PDS FHIR R4 endpoints under /personal-demographics/FHIR/R4, behaving like the current official
 * sandbox (NOTES 2.3) but over real, stateful data: reads and searches see earlier PATCHes.
 * Handlers return a response object rather than writing it, so server.ts can apply faults
 * (latency, malformed bodies) uniformly.
 */
import type { IncomingMessage } from 'node:http';
import { redactRestricted, isRestricted } from './fhir.mapping';
import type { FhirPatient, JsonValue, OperationOutcome, SearchBundle } from './fhir.types';
import { BodyTooLargeError, header, readBody } from './http';
import { isValidSandboxNhsNumber } from './nhs-numbers';
import { DIAGNOSTICS, pdsError, unknownPathError, type PdsError } from './pds.errors';
import { etag, parseIfMatch, responseHeaders, validateCommonHeaders } from './pds.headers';
import { patchPatient } from './pds.patch';
import { parseSearch, runSearch } from './pds.search';
import type { PatientStore } from './pds.store';

export const BASE_PATH = '/personal-demographics/FHIR/R4';
const PATCH_CONTENT_TYPE = 'application/json-patch+json';
/** How many PATCH replies we remember for X-Request-ID de-duplication. */
const REMEMBERED_PATCHES = 10_000;

export type PdsBody = FhirPatient | SearchBundle | OperationOutcome;

export interface PdsResponse {
  status: number;
  headers: Record<string, string>;
  body: PdsBody;
}

interface StoredReply {
  status: number;
  body: FhirPatient;
  etag: string;
}

export class PdsApi {
  /** Successful PATCH replies by X-Request-ID: a retried request gets the first answer and is not applied twice. */
  private readonly patchReplies = new Map<string, StoredReply>();

  constructor(private readonly store: PatientStore) {}

  async handle(req: IncomingMessage, url: URL): Promise<PdsResponse> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const error = (e: PdsError): PdsResponse => ({ status: e.status, headers: { ...responseHeaders(req), ...e.headers }, body: e.body });

    if (path !== BASE_PATH && !path.startsWith(`${BASE_PATH}/`)) return error(unknownPathError(path));
    const rest = path.slice(BASE_PATH.length);

    if (rest === '/Patient') {
      if (method !== 'GET') return error(methodNotAllowed(method, rest, 'GET'));
      return this.search(req, url, error);
    }
    const m = /^\/Patient\/([^/]*)$/.exec(rest);
    if (!m) return error(unknownPathError(path));
    const id = safeDecode(m[1]!);
    if (method === 'GET') return this.read(req, id, error);
    if (method === 'PATCH') return this.patch(req, id, error);
    return error(methodNotAllowed(method, rest, 'GET, PATCH'));
  }

  private search(req: IncomingMessage, url: URL, error: (e: PdsError) => PdsResponse): PdsResponse {
    const headerError = validateCommonHeaders(req);
    if (headerError) return error(headerError);
    const parsed = parseSearch(url.searchParams);
    if (!parsed.ok) return error(parsed.error);
    const outcome = runSearch(this.store, parsed.query);
    // TOO_MANY_MATCHES is an HTTP 200 OperationOutcome, not an error status (current sandbox and spec).
    if (outcome.kind === 'too-many') return error(outcome.error);
    return { status: 200, headers: responseHeaders(req), body: outcome.bundle };
  }

  private read(req: IncomingMessage, id: string, error: (e: PdsError) => PdsResponse): PdsResponse {
    const headerError = validateCommonHeaders(req);
    if (headerError) return error(headerError);
    if (id === '') return error(pdsError('UNSUPPORTED_SERVICE'));
    if (!isValidSandboxNhsNumber(id)) return error(pdsError('INVALID_RESOURCE_ID'));
    const found = this.store.lookup(id);
    if (!found) return error(pdsError('RESOURCE_NOT_FOUND'));
    // A superseded number answers with the record that replaced it: its id differs from the one asked for.
    const patient = redactRestricted(this.store.read(found.position));
    return { status: 200, headers: { ...responseHeaders(req), ETag: etag(patient.meta.versionId) }, body: patient };
  }

  private async patch(req: IncomingMessage, id: string, error: (e: PdsError) => PdsResponse): Promise<PdsResponse> {
    const headerError = validateCommonHeaders(req);
    if (headerError) return error(headerError);
    if (id === '') return error(pdsError('UNSUPPORTED_SERVICE'));
    if (!isValidSandboxNhsNumber(id)) return error(pdsError('INVALID_RESOURCE_ID'));

    const requestId = (header(req, 'x-request-id') ?? '').toLowerCase();
    const earlier = this.patchReplies.get(requestId);
    if (earlier) return { status: earlier.status, headers: { ...responseHeaders(req), ETag: earlier.etag }, body: structuredClone(earlier.body) };

    const ifMatch = header(req, 'if-match');
    if (!ifMatch) return error(pdsError('PRECONDITION_FAILED', DIAGNOSTICS.noIfMatch));
    const contentType = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== PATCH_CONTENT_TYPE) return error(pdsError('UNSUPPORTED_SERVICE'));
    const found = this.store.lookup(id);
    if (!found) return error(pdsError('RESOURCE_NOT_FOUND'));

    let body: JsonValue;
    try {
      body = JSON.parse(await readBody(req)) as JsonValue;
    } catch (e) {
      const detail = e instanceof BodyTooLargeError ? e.message : 'request body is not valid JSON';
      return error(pdsError('INVALID_UPDATE', `Invalid update with error - ${detail}`));
    }
    const patches = typeof body === 'object' && body !== null && !Array.isArray(body) ? body.patches : undefined;
    if (!Array.isArray(patches) || patches.length === 0) return error(pdsError('INVALID_UPDATE', DIAGNOSTICS.noPatches));

    const version = parseIfMatch(ifMatch);
    if (version === null) return error(pdsError('INVALID_VALUE', `Invalid value - '${ifMatch}' in header 'If-Match'`));
    const current = this.store.read(found.position);
    if (version !== current.meta.versionId) return error(pdsError('RESOURCE_VERSION_MISMATCH'));
    if (isRestricted(current)) return error(pdsError('FORBIDDEN_UPDATE', 'Forbidden update with error - source not authorised to update a restricted patient'));

    const result = patchPatient(current, body);
    if (!result.ok) return error(result.error);
    // Unlike the stateless official sandbox, the change is kept: later reads and searches see it.
    this.store.replace(found.position, result.patient);
    const reply: StoredReply = { status: 200, body: result.patient, etag: etag(result.patient.meta.versionId) };
    this.remember(requestId, reply);
    return { status: 200, headers: { ...responseHeaders(req), ETag: reply.etag }, body: structuredClone(reply.body) };
  }

  private remember(requestId: string, reply: StoredReply): void {
    if (this.patchReplies.size >= REMEMBERED_PATCHES) {
      const oldest = this.patchReplies.keys().next();
      if (!oldest.done) this.patchReplies.delete(oldest.value);
    }
    this.patchReplies.set(requestId, structuredClone(reply));
  }
}

function methodNotAllowed(method: string, path: string, allow: string): PdsError {
  const e = pdsError('INVALID_METHOD', `Invalid request with error - method '${method}' is not supported on '${path}'`);
  return { ...e, headers: { Allow: allow } };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed %-escape: let NHS number validation reject it
  }
}
