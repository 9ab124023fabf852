import type { Migration } from '../migrate';

/** audit.db: who looked at which record. Append-only, hash-chained; never rebuilt, never pruned by the app. */
export const auditMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'audit-events',
    sql: `
      CREATE TABLE audit_events (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        at              TEXT NOT NULL,
        user_id         TEXT NOT NULL,
        user_name       TEXT NOT NULL,
        role_code       TEXT NOT NULL,
        role_profile_id TEXT NOT NULL,
        workstation     TEXT NOT NULL,
        transport       TEXT NOT NULL,
        action          TEXT NOT NULL,
        nhs_number      TEXT,
        outcome         TEXT NOT NULL,
        detail          TEXT NOT NULL DEFAULT '',
        prev_hash       TEXT NOT NULL,
        hash            TEXT NOT NULL UNIQUE
      );
      CREATE INDEX audit_by_patient ON audit_events (nhs_number, at);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
    `,
  },
];
