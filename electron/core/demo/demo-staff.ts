import { hashPasscode } from '../auth/passcode.hash';
import type { StaffRepo } from '../db/repos/staff.repo';
import { demoStaff } from '../organisations';

/** Demo mode, first start: one member of staff per role (and one with two roles), each with a card. */
export async function seedDemoStaff(repo: StaffRepo, now = new Date()): Promise<number> {
  if (repo.count() > 0) return 0;
  const at = now.toISOString();
  for (const s of demoStaff) {
    repo.save({ userId: s.userId, name: s.name, active: true, roles: s.roles }, at);
    repo.issueCard(s.cardId, s.userId, await hashPasscode(s.passcode), at);
  }
  return demoStaff.length;
}
