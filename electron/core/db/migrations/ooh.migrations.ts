import type { Migration } from '../migrate';

/**
 * ooh.db (issue 8): the out-of-hours centre's own records, which no national service holds and nothing could
 * rebuild, so kept apart from the rebuildable cache and written with synchronous=FULL:
 * - encounters: one visit to the centre (arrival, triage priority, clinician seen, outcome);
 * - cross_bookings: appointments this desk booked at other organisations through GP Connect (the provider holds
 *   the appointment; this is the desk's list of what it booked, with the X-Request-ID it was sent with), and
 *   (version 2) their cancellation: waiting to send, cancelled at the provider, or withdrawn before it was sent;
 * - shifts (version 3): the centre's own rota, which clinician is on at which site and when (no patient data).
 * Every change is audited against the NHS number in audit.db.
 */
export const oohMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'ooh-encounters-and-cross-bookings',
    sql: `
      CREATE TABLE encounters (
        id              TEXT PRIMARY KEY,
        nhs_number      TEXT NOT NULL,
        patient_name    TEXT NOT NULL,
        registered_ods  TEXT,
        registered_name TEXT,
        site            TEXT NOT NULL,
        priority        TEXT NOT NULL CHECK (priority IN ('emergency', 'urgent', 'less-urgent')),
        reason          TEXT,
        arrived_at      TEXT NOT NULL,   -- UTC ISO instants throughout
        seen_at         TEXT,
        clinician       TEXT,
        outcome         TEXT CHECK (outcome IN ('advice', 'prescription', 'referred-to-ed', 'admitted', 'follow-up-own-gp', 'did-not-wait')),
        outcome_note    TEXT,
        completed_at    TEXT,
        recorded_by     TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      );
      CREATE INDEX encounters_arrived ON encounters (arrived_at);
      CREATE INDEX encounters_open ON encounters (completed_at, arrived_at);
      CREATE INDEX encounters_patient ON encounters (nhs_number, arrived_at);

      CREATE TABLE cross_bookings (
        id               TEXT PRIMARY KEY,
        request_id       TEXT NOT NULL UNIQUE,
        appointment_id   TEXT,
        provider_ods     TEXT NOT NULL,
        provider_name    TEXT NOT NULL,
        booking_ods      TEXT NOT NULL,
        booking_name     TEXT NOT NULL,
        nhs_number       TEXT NOT NULL,
        patient_name     TEXT NOT NULL,
        slot_id          TEXT NOT NULL,
        start_utc        TEXT NOT NULL,
        end_utc          TEXT NOT NULL,
        service_type     TEXT NOT NULL,
        delivery_channel TEXT NOT NULL,
        clinician_name   TEXT NOT NULL,
        location_name    TEXT NOT NULL,
        encounter_id     TEXT,
        booked_at        TEXT NOT NULL,
        booked_by        TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('pending', 'booked', 'refused')),
        problem          TEXT
      );
      CREATE INDEX cross_bookings_patient ON cross_bookings (nhs_number, start_utc);
    `,
  },
  {
    // Cancelling a cross-organisation booking: the cancellation's own state beside the booking's, so a booking that
    // was made keeps its status and X-Request-ID while the cancellation waits to send, lands, or is withdrawn.
    version: 2,
    name: 'cross-bookings-cancellation',
    sql: `
      ALTER TABLE cross_bookings ADD COLUMN cancel_state TEXT CHECK (cancel_state IN ('pending', 'cancelled', 'withdrawn'));
      ALTER TABLE cross_bookings ADD COLUMN cancel_request_id TEXT;
      ALTER TABLE cross_bookings ADD COLUMN cancel_reason TEXT;
      ALTER TABLE cross_bookings ADD COLUMN cancelled_at TEXT;
      ALTER TABLE cross_bookings ADD COLUMN cancelled_by TEXT;
    `,
  },
  {
    // The centre's shift rota. Instants in UTC (a night shift crosses midnight and, twice a year, a clock change);
    // the names are as typed, since the centre's clinicians are not in the practice's staff list.
    version: 3,
    name: 'ooh-shifts',
    sql: `
      CREATE TABLE shifts (
        id         TEXT PRIMARY KEY,
        site       TEXT NOT NULL,
        clinician  TEXT NOT NULL,
        role       TEXT,
        start_utc  TEXT NOT NULL,
        end_utc    TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (end_utc > start_utc)
      );
      CREATE INDEX shifts_start ON shifts (start_utc);
    `,
  },
];
