import type { StaffSession } from '../../shared/contract/app';

export type Transport = 'electron' | 'browser-host';

/** Everything a service needs to know about the caller of one verb. */
export interface CallContext {
  /** The signed-in, unlocked member of staff; null while signed out or locked. */
  user: StaffSession | null;
  transport: Transport;
  /** The workstation the call came from ("from where" in the audit). */
  workstation: string;
}

/** For services behind a signed-in verb: the handler table has already checked there is a user. */
export function signedIn(ctx: CallContext): StaffSession {
  if (!ctx.user) throw new Error('a signed-in verb ran without a session');
  return ctx.user;
}
