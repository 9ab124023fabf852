import { z } from 'zod';

/** Error codes a handler may answer with. Every one maps to a plain message in the UI. */
export const ErrorCode = z.enum([
  'INVALID_INPUT', // the input failed its schema: nothing was done
  'UNKNOWN_VERB',
  'FORBIDDEN_SENDER', // call from a frame/origin that is not the app
  'NOT_SIGNED_IN', // no session, or the desk is locked
  'FORBIDDEN_ROLE', // the session's role may not do this; the message names the role that may
  'DEMO_ONLY',
  'NOT_FOUND',
  'TOO_MANY_MATCHES',
  'INVALID_SEARCH',
  'SERVICE_BUSY', // 429 / 503 from the national service
  'SERVICE_UNREACHABLE',
  'NATIONAL_ERROR',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppError = z.object({
  code: ErrorCode,
  message: z.string(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type AppError = z.infer<typeof AppError>;

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: AppError };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string, extra: Partial<AppError> = {}): Err => ({
  ok: false,
  error: { code, message, ...extra },
});

/** A thrown error that carries a user-facing code; services throw it, the handler table turns it into an Err. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}
