/**
 * GP Connect error responses (NOTES §3.5): a GPConnect-OperationOutcome-1 with one issue whose
 * details.coding uses the Spine-ErrorOrWarningCode-1 value set.
 * Where GP Connect names no code (412 missing If-Match, 409 stale If-Match, 405, 429/503 faults)
 * the sandbox uses the descriptive codes marked "sandbox" below.
 */
import { GPC_PROFILE, SYSTEM, type GpcOperationOutcome } from './types';

interface GpcCode {
  status: number;
  issue: string;
  display: string;
}

export const GPC_CODES = {
  BAD_REQUEST: { status: 400, issue: 'invalid', display: 'Bad request' },
  INVALID_NHS_NUMBER: { status: 400, issue: 'value', display: 'Invalid NHS number' },
  ACCESS_DENIED: { status: 403, issue: 'forbidden', display: 'Access denied' },
  INVALID_IDENTIFIER_VALUE: { status: 400, issue: 'value', display: 'Invalid identifier value' },
  PATIENT_NOT_FOUND: { status: 404, issue: 'not-found', display: 'Patient not found' },
  NO_RECORD_FOUND: { status: 404, issue: 'not-found', display: 'No record found' },
  ORGANISATION_NOT_FOUND: { status: 404, issue: 'not-found', display: 'Organisation record not found' },
  DUPLICATE_REJECTED: { status: 409, issue: 'duplicate', display: 'Duplicate rejected' },
  INVALID_RESOURCE: { status: 422, issue: 'invalid', display: 'Invalid resource' },
  INVALID_PARAMETER: { status: 422, issue: 'invalid', display: 'Invalid parameter' },
  REFERENCE_NOT_FOUND: { status: 422, issue: 'invalid', display: 'Reference not found' },
  INTERNAL_SERVER_ERROR: { status: 500, issue: 'exception', display: 'Internal server error' },
  NOT_IMPLEMENTED: { status: 501, issue: 'not-supported', display: 'Not implemented' },
  // sandbox: GP Connect's resource-contention guidance gives the HTTP statuses but no code.
  CONFLICT: { status: 409, issue: 'conflict', display: 'Resource version does not match (stale If-Match)' },
  PRECONDITION_FAILED: { status: 412, issue: 'required', display: 'If-Match header is required' },
  METHOD_NOT_ALLOWED: { status: 405, issue: 'not-supported', display: 'Method not allowed' },
  TOO_MANY_REQUESTS: { status: 429, issue: 'throttled', display: 'Too many requests' },
  SERVICE_UNAVAILABLE: { status: 503, issue: 'transient', display: 'Service unavailable' },
} as const satisfies Record<string, GpcCode>;

export type GpcErrorCode = keyof typeof GPC_CODES;

export interface GpcError {
  status: number;
  body: GpcOperationOutcome;
  headers?: Record<string, string>;
}

export function gpcError(code: GpcErrorCode, diagnostics?: string): GpcError {
  const c: GpcCode = GPC_CODES[code];
  const issue: GpcOperationOutcome['issue'][number] = {
    severity: 'error',
    code: c.issue,
    details: { coding: [{ system: SYSTEM.spineErrorCode, code, display: c.display }] },
  };
  if (diagnostics !== undefined) issue.diagnostics = diagnostics;
  return { status: c.status, body: { resourceType: 'OperationOutcome', meta: { profile: [GPC_PROFILE.operationOutcome] }, issue: [issue] } };
}
