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
  {
    version: 2,
    name: 'appointment-book',
    sql: `
      -- The book for today and the next 14 days, refreshed from the national appointments service.
      CREATE TABLE book_sites (id TEXT PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE book_clinicians (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL);
      CREATE TABLE book_slot_types (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, length_minutes INTEGER NOT NULL,
        urgent INTEGER NOT NULL, auto_dna INTEGER NOT NULL
      );
      CREATE TABLE book_slots (
        id             TEXT PRIMARY KEY,
        day            TEXT NOT NULL,            -- Europe/London date of start
        clinician_id   TEXT NOT NULL,
        site_id        TEXT NOT NULL,
        slot_type_id   TEXT NOT NULL,
        start_utc      TEXT NOT NULL,
        end_utc        TEXT NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('free', 'booked', 'blocked')),
        embargo_until  TEXT,
        online_bookable INTEGER NOT NULL,
        bookable_by    TEXT NOT NULL             -- JSON array of reception | online | clinician
      );
      CREATE INDEX book_slots_day ON book_slots (day, clinician_id, start_utc);
      CREATE INDEX book_slots_start ON book_slots (start_utc);
      CREATE TABLE book_appointments (
        id                 TEXT PRIMARY KEY,
        slot_id            TEXT NOT NULL,
        day                TEXT NOT NULL,
        nhs_number         TEXT NOT NULL,
        patient_name       TEXT NOT NULL,
        clinician_id       TEXT NOT NULL,
        start_utc          TEXT NOT NULL,
        end_utc            TEXT NOT NULL,
        status             TEXT NOT NULL,
        reason             TEXT,
        contact_preference TEXT NOT NULL,
        arrived_at         TEXT,
        called_at          TEXT,
        finished_at        TEXT,
        overbook_reason    TEXT,
        booked_online      INTEGER NOT NULL DEFAULT 0,
        etag               TEXT
      );
      CREATE INDEX book_appointments_day ON book_appointments (day, status);
      CREATE INDEX book_appointments_slot ON book_appointments (slot_id);
      CREATE INDEX book_appointments_patient ON book_appointments (nhs_number, start_utc);
    `,
  },
  {
    version: 3,
    name: 'prescription-queue',
    sql: `
      -- Repeat-prescription requests (national Task) and the repeat templates they ask for (MedicationRequest,
      -- intent plan), refreshed from the national service; a request made at this desk carries a local id
      -- ('pending-…') until the service gives it its own.
      CREATE TABLE rx_prescribers (id TEXT PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE rx_templates (
        id                TEXT PRIMARY KEY,
        nhs_number        TEXT NOT NULL,
        medication        TEXT NOT NULL,
        dosage            TEXT NOT NULL,
        quantity          TEXT,
        authorised_issues INTEGER NOT NULL,
        issues_so_far     INTEGER NOT NULL,
        review_date       TEXT,              -- yyyy-mm-dd
        pharmacy_ods      TEXT,              -- the patient's nominated pharmacy, as the template names it
        pharmacy_name     TEXT,
        fetched_at        TEXT NOT NULL
      );
      CREATE INDEX rx_templates_patient ON rx_templates (nhs_number);
      CREATE TABLE rx_requests (
        id             TEXT PRIMARY KEY,
        nhs_number     TEXT NOT NULL,
        patient_name   TEXT NOT NULL,
        channel        TEXT NOT NULL CHECK (channel IN ('online', 'counter', 'phone', 'pharmacy')),
        state          TEXT NOT NULL CHECK (state IN ('requested', 'with-prescriber', 'sent-to-pharmacy', 'printed',
                                                      'ready-to-collect', 'collected', 'rejected', 'cancelled')),
        received_at    TEXT NOT NULL,        -- UTC
        template_ids   TEXT NOT NULL,        -- JSON array of rx_templates ids
        routed_to      TEXT,                 -- clinician id or 'duty'
        routed_name    TEXT,
        reject_reason  TEXT,
        decided_by     TEXT,
        version        TEXT,                 -- national meta.versionId, for If-Match
        updated_at     TEXT NOT NULL
      );
      CREATE INDEX rx_requests_state ON rx_requests (state, received_at);
      CREATE INDEX rx_requests_patient ON rx_requests (nhs_number, received_at);
      CREATE INDEX rx_requests_routed ON rx_requests (routed_to, state);
    `,
  },
  {
    version: 4,
    name: 'online-feed',
    sql: `
      -- Bookings and cancellations patients made online, as the desk learnt of them: the receptionist's feed.
      CREATE TABLE book_online_feed (
        seq            INTEGER PRIMARY KEY AUTOINCREMENT,
        appointment_id TEXT NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('booked', 'cancelled')),
        at             TEXT NOT NULL,
        nhs_number     TEXT NOT NULL,
        patient_name   TEXT NOT NULL,
        start_utc      TEXT NOT NULL,
        clinician_id   TEXT NOT NULL,
        UNIQUE (appointment_id, kind)
      );
    `,
  },
  {
    version: 5,
    name: 'patients-dob-surname-index',
    sql: `
      -- Every name search carries a date of birth: seek the day first, then the surname prefix within it. A search then
      -- reads the patients born that day (about 30 in a million), not every surname with the prefix (a tenth of the
      -- table for "S"), and the first name narrows it inside the index too. It serves every query the index it
      -- replaces did (all of them give a date of birth).
      CREATE INDEX patients_dob_family ON patients (birth_date, family_norm, given_norm);
      DROP INDEX patients_family_dob;
    `,
  },
  {
    version: 6,
    name: 'patients-last-seen',
    sql: `
      -- Expiry of the local copy (issue 9): when each cached record was last opened, returned by a search or refreshed
      -- from the national service. Records not seen for localCopy.expireAfterDays are purged (LocalCopyRepo). Rows
      -- cached before this step count as seen when they were fetched; NULL reads as fetched_at.
      ALTER TABLE patients ADD COLUMN last_seen_at TEXT;
      UPDATE patients SET last_seen_at = fetched_at;
      -- Marking a record seen changes no indexed text, so only a change to the indexed columns re-indexes it
      -- (the upsert sets all three, so a refresh still re-indexes).
      DROP TRIGGER patients_au;
      CREATE TRIGGER patients_au AFTER UPDATE OF family, given_json, postcode ON patients BEGIN
        INSERT INTO patients_fts (patients_fts, rowid, family, given, postcode) VALUES ('delete', old.rowid, old.family, old.given_json, old.postcode);
        INSERT INTO patients_fts (rowid, family, given, postcode) VALUES (new.rowid, new.family, new.given_json, new.postcode);
      END;
    `,
  },
  {
    version: 7,
    name: 'patients-last-seen-index',
    sql: `
      -- The expiry runs at every start: without this it reads all the records (about a second at a million, before
      -- the desk answers); with it, only those past the window.
      CREATE INDEX patients_last_seen ON patients (coalesce(last_seen_at, fetched_at));
    `,
  },
];
