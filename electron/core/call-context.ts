import type { StaffSession } from '../../shared/contract/app';

export type Transport = 'electron' | 'browser-host';

/** Everything a service needs to know about the caller of one verb. */
export interface CallContext {
  user: StaffSession;
  transport: Transport;
  /** The workstation the call came from ("from where" in the audit). */
  workstation: string;
}
