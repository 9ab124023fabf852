import type { Migration } from '../migrate';

/** practice.db: the practice's own staff, role profiles and smartcards, and its rota set-up. Not rebuildable: FULL sync. */
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
  {
    version: 2,
    name: 'rota',
    sql: `
      -- The practice's rota set-up. Definitions are kept as JSON checked with the domain's zod schemas on read
      -- (one schema, in shared/domain/rota), with the columns the lists and joins need beside them.
      CREATE TABLE rota_slot_types (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        json       TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- A rota: the templates in force over a date range (both days included).
      CREATE TABLE rota_rotas (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        from_day   TEXT NOT NULL,
        to_day     TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (from_day <= to_day)
      );
      -- Template ids are unique across rotas: generated slot ids are derived from them.
      CREATE TABLE rota_templates (
        id           TEXT PRIMARY KEY,
        rota_id      TEXT NOT NULL REFERENCES rota_rotas (id) ON DELETE CASCADE,
        clinician_id TEXT NOT NULL,
        json         TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      CREATE INDEX rota_templates_rota ON rota_templates (rota_id);
      CREATE TABLE rota_leave (
        id           TEXT PRIMARY KEY,
        clinician_id TEXT NOT NULL,
        from_at      TEXT NOT NULL,           -- a London day (yyyy-mm-dd) or an ISO instant
        to_at        TEXT NOT NULL,
        reason       TEXT,
        created_at   TEXT NOT NULL
      );
      CREATE INDEX rota_leave_clinician ON rota_leave (clinician_id);
      -- The slots a leave blocked, so that removing the leave gives exactly those back.
      CREATE TABLE rota_leave_blocks (
        leave_id TEXT NOT NULL REFERENCES rota_leave (id) ON DELETE CASCADE,
        slot_id  TEXT NOT NULL,
        PRIMARY KEY (leave_id, slot_id)
      );
      CREATE TABLE rota_closures (
        day        TEXT PRIMARY KEY,
        reason     TEXT,
        created_at TEXT NOT NULL
      );
      -- site_id '' holds the practice's own hours; a site's row overrides them for that site.
      CREATE TABLE rota_opening_hours (
        site_id    TEXT PRIMARY KEY,
        json       TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
];
