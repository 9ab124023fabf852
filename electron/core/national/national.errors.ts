/** Errors from a national FHIR service, typed so services can turn each into a plain message. */
export class NationalHttpError extends Error {
  constructor(
    readonly status: number,
    /** Spine error code from the OperationOutcome (e.g. RESOURCE_NOT_FOUND), or null if the body had none. */
    readonly spineCode: string | null,
    readonly diagnostics: string | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`National service answered ${status}${spineCode ? ` ${spineCode}` : ''}`);
    this.name = 'NationalHttpError';
  }
}

/** The service could not be reached or gave no usable answer (network, timeout, open circuit, 5xx). */
export class NationalUnreachableError extends Error {
  constructor(readonly reason: string) {
    super(`National service unreachable: ${reason}`);
    this.name = 'NationalUnreachableError';
  }
}

/** The reply was not what the specification promises (bad JSON, wrong resource type). */
export class NationalProtocolError extends Error {
  constructor(readonly reason: string) {
    super(`National service sent an unexpected reply: ${reason}`);
    this.name = 'NationalProtocolError';
  }
}

/** 429/503 with a Retry-After longer than the desk waits out by itself. */
export class NationalBusyError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`National service busy (${status}); retry after ${retryAfterSeconds}s`);
    this.name = 'NationalBusyError';
  }
}
