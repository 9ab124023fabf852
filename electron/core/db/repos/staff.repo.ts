import type { RoleCode } from '../../../../shared/domain/roles';
import type { Db } from '../connection';

export interface StaffRow {
  userId: string;
  name: string;
  active: boolean;
  roles: { roleProfileId: string; roleCode: RoleCode }[];
  cards: { cardId: string; locked: boolean; failedAttempts: number }[];
}

export interface CardRow {
  cardId: string;
  userId: string;
  passcodeHash: string;
  failedAttempts: number;
  lockedAt: string | null;
}

/** Staff, role profiles and cards (practice.db). The only place their SQL lives. */
export class StaffRepo {
  constructor(private readonly db: Db) {}

  list(): StaffRow[] {
    const people = this.db.prepare('SELECT user_id AS userId, name, active FROM staff ORDER BY name').all() as {
      userId: string;
      name: string;
      active: number;
    }[];
    return people.map((p) => this.assemble(p));
  }

  get(userId: string): StaffRow | null {
    const p = this.db.prepare('SELECT user_id AS userId, name, active FROM staff WHERE user_id = ?').get(userId) as
      | { userId: string; name: string; active: number }
      | undefined;
    return p ? this.assemble(p) : null;
  }

  private assemble(p: { userId: string; name: string; active: number }): StaffRow {
    const roles = this.db
      .prepare('SELECT role_profile_id AS roleProfileId, role_code AS roleCode FROM role_profiles WHERE user_id = ? ORDER BY role_profile_id')
      .all(p.userId) as StaffRow['roles'];
    const cards = (
      this.db
        .prepare('SELECT card_id AS cardId, locked_at AS lockedAt, failed_attempts AS failedAttempts FROM cards WHERE user_id = ? ORDER BY card_id')
        .all(p.userId) as { cardId: string; lockedAt: string | null; failedAttempts: number }[]
    ).map((c) => ({ cardId: c.cardId, locked: c.lockedAt !== null, failedAttempts: c.failedAttempts }));
    return { userId: p.userId, name: p.name, active: p.active === 1, roles, cards };
  }

  /** Create or replace a person and their role profiles in one transaction. */
  save(s: { userId: string; name: string; active: boolean; roles: StaffRow['roles'] }, now: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO staff (user_id, name, active, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, active = excluded.active, updated_at = excluded.updated_at`,
        )
        .run(s.userId, s.name, s.active ? 1 : 0, now);
      this.db.prepare('DELETE FROM role_profiles WHERE user_id = ?').run(s.userId);
      const add = this.db.prepare('INSERT INTO role_profiles (role_profile_id, user_id, role_code) VALUES (?, ?, ?)');
      for (const r of s.roles) add.run(r.roleProfileId, s.userId, r.roleCode);
    })();
  }

  /** A role profile id belongs to one person only; returns its owner if it is someone else's. */
  roleProfileOwner(roleProfileId: string): string | null {
    const r = this.db.prepare('SELECT user_id AS userId FROM role_profiles WHERE role_profile_id = ?').get(roleProfileId) as { userId: string } | undefined;
    return r?.userId ?? null;
  }

  card(cardId: string): CardRow | null {
    const c = this.db
      .prepare(
        `SELECT card_id AS cardId, user_id AS userId, passcode_hash AS passcodeHash, failed_attempts AS failedAttempts,
                locked_at AS lockedAt FROM cards WHERE card_id = ?`,
      )
      .get(cardId) as CardRow | undefined;
    return c ?? null;
  }

  /** Issue a card (or a new passcode for it); clears any lockout. */
  issueCard(cardId: string, userId: string, passcodeHash: string, now: string): void {
    this.db
      .prepare(
        `INSERT INTO cards (card_id, user_id, passcode_hash, failed_attempts, locked_at, issued_at) VALUES (?, ?, ?, 0, NULL, ?)
         ON CONFLICT (card_id) DO UPDATE SET user_id = excluded.user_id, passcode_hash = excluded.passcode_hash,
           failed_attempts = 0, locked_at = NULL, issued_at = excluded.issued_at`,
      )
      .run(cardId, userId, passcodeHash, now);
  }

  /** Count a wrong passcode; locks the card when the count reaches maxAttempts. Returns the new count. */
  recordFailure(cardId: string, maxAttempts: number, now: string): number {
    return this.db.transaction(() => {
      this.db.prepare('UPDATE cards SET failed_attempts = failed_attempts + 1 WHERE card_id = ?').run(cardId);
      const n = (this.db.prepare('SELECT failed_attempts AS n FROM cards WHERE card_id = ?').get(cardId) as { n: number }).n;
      if (n >= maxAttempts) this.db.prepare('UPDATE cards SET locked_at = COALESCE(locked_at, ?) WHERE card_id = ?').run(now, cardId);
      return n;
    })();
  }

  resetFailures(cardId: string): void {
    this.db.prepare('UPDATE cards SET failed_attempts = 0 WHERE card_id = ?').run(cardId);
  }

  unlock(cardId: string): boolean {
    return this.db.prepare('UPDATE cards SET failed_attempts = 0, locked_at = NULL WHERE card_id = ?').run(cardId).changes > 0;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM staff').get() as { n: number }).n;
  }
}
