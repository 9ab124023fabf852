/**
 * Error answers of the prescriptions sandbox: an OperationOutcome with one issue whose details carry a
 * Spine-style code. The codes follow PDS/GP Connect where they exist (NOTES §1.6, §3.5); INVALID_TRANSITION
 * is the sandbox's name for "the national state model does not allow this change".
 */
import type { IncomingMessage } from 'node:http';
import type { RawResponse } from '../http';
import { responseHeaders } from '../pds.headers';
import { RX_SYSTEM, type OperationOutcome } from './types';

export const RX_CODES = {
  BAD_REQUEST: { status: 400, issue: 'invalid', display: 'Bad request' },
  MISSING_VALUE: { status: 400, issue: 'required', display: 'Required value missing' },
  INVALID_NHS_NUMBER: { status: 400, issue: 'value', display: 'Invalid NHS number' },
  PATIENT_NOT_FOUND: { status: 404, issue: 'not-found', display: 'Patient not found' },
  NO_RECORD_FOUND: { status: 404, issue: 'not-found', display: 'No record found' },
  METHOD_NOT_ALLOWED: { status: 405, issue: 'not-supported', display: 'Method not allowed' },
  RESOURCE_VERSION_MISMATCH: { status: 409, issue: 'conflict', display: 'Resource version mismatch' },
  PRECONDITION_FAILED: { status: 412, issue: 'required', display: 'If-Match header is required' },
  INVALID_RESOURCE: { status: 422, issue: 'invalid', display: 'Invalid resource' },
  INVALID_TRANSITION: { status: 422, issue: 'business-rule', display: 'The state model does not allow this change' },
  TOO_MANY_REQUESTS: { status: 429, issue: 'throttled', display: 'Too many requests' },
  INTERNAL_SERVER_ERROR: { status: 500, issue: 'exception', display: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, issue: 'transient', display: 'Service unavailable' },
} as const satisfies Record<string, { status: number; issue: string; display: string }>;

export type RxErrorCode = keyof typeof RX_CODES;

export interface RxError {
  status: number;
  body: OperationOutcome;
  headers?: Record<string, string>;
}

export function rxError(code: RxErrorCode, diagnostics?: string): RxError {
  const c = RX_CODES[code];
  const issue: OperationOutcome['issue'][number] = { severity: 'error', code: c.issue, details: { coding: [{ system: RX_SYSTEM.spineErrorCode, code, display: c.display }] } };
  if (diagnostics !== undefined) issue.diagnostics = diagnostics;
  return { status: c.status, body: { resourceType: 'OperationOutcome', issue: [issue] } };
}

/** The answer an injected status fault gives on the prescriptions API. */
export function prescriptionsFaultResponse(req: IncomingMessage, status: 429 | 500 | 503, retryAfterSeconds: number): RawResponse {
  const code: RxErrorCode = status === 429 ? 'TOO_MANY_REQUESTS' : status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR';
  const headers = responseHeaders(req);
  if (status !== 500) headers['Retry-After'] = String(retryAfterSeconds);
  return { status, headers, body: JSON.stringify(rxError(code, 'Injected by the sandbox fault controls').body) };
}
