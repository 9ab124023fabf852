import type { AppError } from '../../../shared/result';

/**
 * The sentence a receptionist sees for an error from the core. Most codes carry a message written
 * for the desk already (NOT_FOUND names what is missing: a patient, a slot, a shift, a withdrawn record);
 * a few get wording that says what to do next.
 */
export function describeError(error: AppError): string {
  switch (error.code) {
    case 'TOO_MANY_MATCHES':
      return 'Too many matches: add a first name or postcode.';
    case 'SERVICE_BUSY': {
      const n = error.retryAfterSeconds;
      if (n === undefined) return error.message;
      return `${error.message.replace(/[\s.]+$/, '')}: try again in ${n} ${n === 1 ? 'second' : 'seconds'}.`;
    }
    default:
      return error.message;
  }
}
