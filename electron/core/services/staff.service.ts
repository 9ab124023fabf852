import type { StaffMember } from '../../../shared/contract/auth';
import { can, roleName, type RoleCode } from '../../../shared/domain/roles';
import { AppFailure } from '../../../shared/result';
import { hashPasscode } from '../auth/passcode.hash';
import { signedIn, type CallContext } from '../call-context';
import type { StaffRepo, StaffRow } from '../db/repos/staff.repo';
import type { AuditService } from './audit.service';

const view = (s: StaffRow): StaffMember => ({
  ...s,
  roles: s.roles.map((r) => ({ ...r, roleName: roleName(r.roleCode) })),
});

/** Staff, their role profiles and cards, managed by a clerical manager. Every change is audited. */
export class StaffService {
  constructor(
    private readonly repo: StaffRepo,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): StaffMember[] {
    return this.repo.list().map(view);
  }

  save(input: { userId: string; name: string; active: boolean; roles: { roleProfileId: string; roleCode: RoleCode }[] }, ctx: CallContext): StaffMember {
    const me = signedIn(ctx);
    for (const r of input.roles) {
      const owner = this.repo.roleProfileOwner(r.roleProfileId);
      if (owner && owner !== input.userId) {
        throw new AppFailure('INVALID_INPUT', `Role profile ${r.roleProfileId} already belongs to ${this.repo.get(owner)?.name ?? 'someone else'}.`);
      }
    }
    if (new Set(input.roles.map((r) => r.roleProfileId)).size !== input.roles.length) {
      throw new AppFailure('INVALID_INPUT', 'Each role profile id can be used once.');
    }
    // Keeps the practice from locking itself out of its own settings.
    if (input.userId === me.userId && (!input.active || !input.roles.some((r) => can(r.roleCode, 'staff.manage')))) {
      throw new AppFailure('INVALID_INPUT', 'You cannot remove your own clerical manager role or deactivate yourself; ask another clerical manager.');
    }
    this.repo.save(input, this.now().toISOString());
    this.audit.record(ctx, 'staff.save', null, 'ok', `user=${input.userId} roles=${input.roles.map((r) => r.roleCode).join('+')} active=${input.active}`);
    return view(this.repo.get(input.userId)!);
  }

  async issueCard(userId: string, cardId: string, passcode: string, ctx: CallContext): Promise<StaffMember> {
    const person = this.repo.get(userId);
    if (!person) throw new AppFailure('NOT_FOUND', 'Save this person before issuing them a card.');
    const existing = this.repo.card(cardId);
    if (existing && existing.userId !== userId) {
      throw new AppFailure('INVALID_INPUT', `Card ${cardId} is already issued to ${this.repo.get(existing.userId)?.name ?? 'someone else'}.`);
    }
    this.repo.issueCard(cardId, userId, await hashPasscode(passcode), this.now().toISOString());
    this.audit.record(ctx, 'card.issue', null, 'ok', `card=${cardId} user=${userId}`);
    return view(this.repo.get(userId)!);
  }

  unlockCard(cardId: string, ctx: CallContext): StaffMember {
    const card = this.repo.card(cardId);
    if (!card) throw new AppFailure('NOT_FOUND', `No card ${cardId} is registered at this practice.`);
    this.repo.unlock(cardId);
    this.audit.record(ctx, 'card.unlock', null, 'ok', `card=${cardId}`);
    return view(this.repo.get(card.userId)!);
  }
}
