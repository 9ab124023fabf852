/**
 * PDS error responses: an OperationOutcome with one issue whose details.coding uses the Spine
 * error code system, exactly as the official sandbox stubs (sandbox-stubs/errorResponses/*.json)
 * and the Apigee proxy error policies shape them.
 */
import type { IssueSeverity, OperationOutcome } from './fhir.types';

export const SPINE_ERROR_SYSTEM = 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode';

interface SpineCode {
  status: number;
  severity: IssueSeverity;
  /** FHIR IssueType. */
  issue: string;
  display: string;
}

// Status, severity, IssueType and display per code, from the official stubs (severities included:
// RESOURCE_NOT_FOUND, FORBIDDEN_UPDATE and TOO_MANY_MATCHES really are "information" there).
export const SPINE_CODES = {
  INVALID_RESOURCE_ID: { status: 400, severity: 'error', issue: 'value', display: 'Resource Id is invalid' },
  UNSUPPORTED_SERVICE: { status: 400, severity: 'error', issue: 'processing', display: 'Unsupported Service' },
  MISSING_VALUE: { status: 400, severity: 'error', issue: 'required', display: 'Required value is missing' },
  INVALID_VALUE: { status: 400, severity: 'error', issue: 'value', display: 'Provided value is invalid' },
  INVALID_SEARCH_DATA: { status: 400, severity: 'error', issue: 'value', display: 'Search data is invalid' },
  ADDITIONAL_PROPERTIES: { status: 400, severity: 'error', issue: 'invariant', display: 'Additional properties should not be included' },
  INVALID_UPDATE: { status: 400, severity: 'error', issue: 'structure', display: 'Update is invalid' },
  TOO_MANY_VALUES_SUBMITTED: { status: 400, severity: 'error', issue: 'value', display: 'Too many values submitted' },
  ACCESS_DENIED: { status: 401, severity: 'error', issue: 'forbidden', display: 'Access Denied - Unauthorised' },
  FORBIDDEN_UPDATE: { status: 403, severity: 'information', issue: 'forbidden', display: 'Update is forbidden' },
  RESOURCE_NOT_FOUND: { status: 404, severity: 'information', issue: 'not-found', display: 'Resource not found' },
  INVALID_METHOD: { status: 405, severity: 'error', issue: 'not-supported', display: 'Method not allowed' },
  RESOURCE_VERSION_MISMATCH: { status: 409, severity: 'error', issue: 'conflict', display: 'Resource version supplied does not match actual version' },
  PRECONDITION_FAILED: { status: 412, severity: 'error', issue: 'structure', display: 'Required condition was not fulfilled' },
  TOO_MANY_REQUESTS: { status: 429, severity: 'error', issue: 'value', display: 'Too many requests' },
  UNKNOWN_ERROR: { status: 500, severity: 'error', issue: 'unknown', display: 'Unknown Error' },
  SERVICE_UNAVAILABLE: { status: 503, severity: 'error', issue: 'timeout', display: 'Service unavailable' },
  // Not an error: a search that matched more than _max-results answers HTTP 200 with this outcome.
  TOO_MANY_MATCHES: { status: 200, severity: 'information', issue: 'multiple-matches', display: 'Too Many Matches' },
} as const satisfies Record<string, SpineCode>;

export type SpineErrorCode = keyof typeof SPINE_CODES;

export interface PdsError {
  status: number;
  body: OperationOutcome;
  headers?: Record<string, string>;
}

export function pdsError(code: SpineErrorCode, diagnostics?: string, status?: number): PdsError {
  const c: SpineCode = SPINE_CODES[code];
  const issue: OperationOutcome['issue'][number] = {
    severity: c.severity,
    code: c.issue,
    details: { coding: [{ system: SPINE_ERROR_SYSTEM, version: '1', code, display: c.display }] },
  };
  if (diagnostics !== undefined) issue.diagnostics = diagnostics;
  return { status: status ?? c.status, body: { resourceType: 'OperationOutcome', issue: [issue] } };
}

/** For paths PDS does not have: no Spine code applies, so the issue carries only a FHIR IssueType. */
export function unknownPathError(path: string): PdsError {
  return {
    status: 404,
    body: {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found', diagnostics: `Invalid request with error - no such resource '${path}'` }],
    },
  };
}

// Diagnostics strings the official sandbox uses verbatim (supporting-functions.js, get-patient-search.js, patch-patient.js).
export const DIAGNOSTICS = {
  missingRequestId: 'Invalid request with error - X-Request-ID header must be supplied to access this resource',
  invalidRequestId: (value: string): string => `Invalid value - '${value}' in header 'X-Request-ID'`,
  missingAccessToken: 'Missing access token',
  missingBirthDate: "Missing value - 'birth_date/birth_date_range_start/birth_date_range_end'",
  minimumSearch:
    "Invalid search data provided - 'No searches were performed as the search criteria did not meet the minimum requirements'",
  additionalProperties: (names: readonly string[]): string =>
    `Invalid request with error - Additional properties are not allowed (${names.map((n) => `'${n}'`).join(', ')} ${
      names.length === 1 ? 'was' : 'were'
    } unexpected)`,
  invalidField: (value: string, field: string): string => `Invalid value - '${value}' in field '${field}'`,
  noIfMatch: 'Invalid request with error - If-Match header must be supplied to update this resource',
  noPatches: 'Invalid update with error - No patches found',
  tooManyRequests:
    'This API is currently receiving a high volume of requests and is being rate limited. Please see: https://digital.nhs.uk/developer/guides-and-documentation/reference-guide#rate-limits for more details.',
  serviceUnavailable:
    "The downstream domain processing has not completed within the configured timeout period. Using the same 'X-Request-ID' header, retry your request after the time specified by the 'Retry-After' response header.",
} as const;
