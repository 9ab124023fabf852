import { can, refusalMessage } from '../../../shared/domain/roles';
import { err } from '../../../shared/result';
import type { AuditService } from '../services/audit.service';
import type { AccessGuard } from './bind';

/**
 * Role-based access, enforced in the core for every verb from the contract's declaration — the UI only
 * decides what to offer. A refused call is audited and says which role it needs.
 */
export function accessGuard(deps: { audit: AuditService; isLocked: () => boolean }): AccessGuard {
  return (verb, ctx) => {
    if (verb.access === 'public') return null;
    if (!ctx.user) {
      const message = deps.isLocked()
        ? 'The desk is locked. Present your card and enter your passcode to carry on.'
        : 'Sign in with your smartcard first.';
      deps.audit.record(ctx, 'refused', null, 'refused', `verb=${verb.name} reason=no-session`);
      return err('NOT_SIGNED_IN', message);
    }
    if (verb.access === 'session' || can(ctx.user.roleCode, verb.access)) return null;
    deps.audit.record(ctx, 'refused', null, 'refused', `verb=${verb.name} needs=${verb.access}`);
    return err('FORBIDDEN_ROLE', refusalMessage(verb.access));
  };
}
