/**
 * Request-header rules every PDS endpoint applies, in the official sandbox's order:
 * X-Request-ID first (mandatory UUID), then Authorization (optional in the sandbox, but if sent it
 * must look like a bearer token). Plus the response headers mirrored on every answer.
 */
import type { IncomingMessage } from 'node:http';
import { header } from './http';
import { DIAGNOSTICS, pdsError, type PdsError } from './pds.errors';

// The spec's XRequestID pattern (any UUID version, either case).
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const BEARER = /^Bearer \S+$/;

export const FHIR_CONTENT_TYPE = 'application/fhir+json';

export function validateCommonHeaders(req: IncomingMessage): PdsError | null {
  const requestId = header(req, 'x-request-id');
  if (!requestId) return pdsError('MISSING_VALUE', DIAGNOSTICS.missingRequestId);
  if (!UUID.test(requestId)) return pdsError('INVALID_VALUE', DIAGNOSTICS.invalidRequestId(requestId));
  const authorization = header(req, 'authorization');
  // No Authorization at all is fine in the sandbox; a malformed one is not.
  if (authorization !== undefined && !BEARER.test(authorization)) {
    return pdsError('ACCESS_DENIED', DIAGNOSTICS.missingAccessToken);
  }
  return null;
}

/** Content-Type plus X-Request-ID / X-Correlation-ID mirrored back, even when they were invalid. */
export function responseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = { 'Content-Type': FHIR_CONTENT_TYPE };
  const requestId = header(req, 'x-request-id');
  const correlationId = header(req, 'x-correlation-id');
  if (requestId !== undefined) out['X-Request-ID'] = requestId;
  if (correlationId !== undefined) out['X-Correlation-ID'] = correlationId;
  return out;
}

export const etag = (versionId: string): string => `W/"${versionId}"`;

/** The version inside an If-Match value `W/"<n>"`, or null when it is not in that form. */
export function parseIfMatch(value: string): string | null {
  const m = /^W\/"(\d+)"$/.exec(value.trim());
  return m ? m[1]! : null;
}
