import type { Migration } from '../migrate';

/** cache.db: rebuildable copy of national data. Restricted records can never hold a location (CHECK). */
export const cacheMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'patients',
    sql: `
      CREATE TABLE patients (
        nhs_number     TEXT PRIMARY KEY,
        family         TEXT,
        family_norm    TEXT,
        family_soundex TEXT,
        given_json     TEXT NOT NULL DEFAULT '[]',
        given_norm     TEXT,
        prefix_json    TEXT NOT NULL DEFAULT '[]',
        birth_date     TEXT,
        gender         TEXT,
        deceased_date  TEXT,
        restricted     INTEGER NOT NULL CHECK (restricted IN (0, 1)),
        address_json   TEXT,
        postcode       TEXT,
        postcode_norm  TEXT,
        telecom_json   TEXT,
        gp_ods         TEXT,
        version_id     TEXT,
        detail         TEXT NOT NULL CHECK (detail IN ('summary', 'full')),
        fetched_at     TEXT NOT NULL,
        CHECK (restricted = 0 OR (address_json IS NULL AND postcode IS NULL AND postcode_norm IS NULL
                                  AND telecom_json IS NULL AND gp_ods IS NULL))
      );
      CREATE INDEX patients_family_dob ON patients (family_norm, birth_date);
      CREATE INDEX patients_soundex_dob ON patients (family_soundex, birth_date);
      CREATE INDEX patients_postcode ON patients (postcode_norm);

      CREATE TABLE superseded_numbers (
        old_nhs_number TEXT PRIMARY KEY,
        nhs_number     TEXT NOT NULL
      );

      -- Full-text index over names and postcode, kept in step by triggers (external content).
      CREATE VIRTUAL TABLE patients_fts USING fts5(
        family, given, postcode,
        content='patients', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
      );
      -- Deleted tokens are really removed, so a location purged from a now-restricted record leaves no trace in the index.
      INSERT INTO patients_fts (patients_fts, rank) VALUES ('secure-delete', 1);
      CREATE TRIGGER patients_ai AFTER INSERT ON patients BEGIN
        INSERT INTO patients_fts (rowid, family, given, postcode) VALUES (new.rowid, new.family, new.given_json, new.postcode);
      END;
      CREATE TRIGGER patients_ad AFTER DELETE ON patients BEGIN
        INSERT INTO patients_fts (patients_fts, rowid, family, given, postcode) VALUES ('delete', old.rowid, old.family, old.given_json, old.postcode);
      END;
      CREATE TRIGGER patients_au AFTER UPDATE ON patients BEGIN
        INSERT INTO patients_fts (patients_fts, rowid, family, given, postcode) VALUES ('delete', old.rowid, old.family, old.given_json, old.postcode);
        INSERT INTO patients_fts (rowid, family, given, postcode) VALUES (new.rowid, new.family, new.given_json, new.postcode);
      END;
    `,
  },
];
