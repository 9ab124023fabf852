import type { Migration } from '../migrate';

/** practice.db: the practice's own staff, role profiles and smartcards. Not rebuildable: FULL sync. */
export const practiceMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'staff-and-cards',
    sql: `
      CREATE TABLE staff (
        user_id    TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        updated_at TEXT NOT NULL
      );
      CREATE TABLE role_profiles (
        role_profile_id TEXT PRIMARY KEY,
        user_id         TEXT NOT NULL REFERENCES staff (user_id) ON DELETE CASCADE,
        role_code       TEXT NOT NULL
      );
      CREATE INDEX role_profiles_user ON role_profiles (user_id);
      -- Passcodes only as salted scrypt hashes; the failure count survives restarts.
      CREATE TABLE cards (
        card_id         TEXT PRIMARY KEY,
        user_id         TEXT NOT NULL REFERENCES staff (user_id) ON DELETE CASCADE,
        passcode_hash   TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_at       TEXT,
        issued_at       TEXT NOT NULL
      );
      CREATE INDEX cards_user ON cards (user_id);
    `,
  },
];
