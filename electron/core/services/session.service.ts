import type { StaffSession } from '../../../shared/contract/app';

/**
 * Who is at the desk. Until smartcard login lands (issue 3) the desk runs as the demo practice's
 * configured member of staff; every service asks this, never a global.
 */
export class SessionService {
  constructor(private user: StaffSession) {}

  current(): StaffSession {
    return this.user;
  }
}
