import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { OohOutcome } from '../../../../shared/contract/ooh';
import type { OohPriority } from '../../../../shared/domain/ooh/waits';
import type { Db } from '../connection';

/** One visit to the out-of-hours centre, as stored. Instants are UTC ISO strings. */
export interface EncounterRow {
  id: string;
  nhsNumber: string;
  patientName: string;
  registeredOds: string | null;
  registeredName: string | null;
  site: string;
  priority: OohPriority;
  reason: string | null;
  arrivedAt: string;
  seenAt: string | null;
  clinician: string | null;
  outcome: OohOutcome | null;
  outcomeNote: string | null;
  completedAt: string | null;
  recordedBy: string;
  updatedAt: string;
}

/** An appointment this desk booked at another organisation. */
export interface CrossBookingRow {
  id: string;
  requestId: string;
  appointmentId: string | null;
  providerOds: string;
  providerName: string;
  bookingOds: string;
  bookingName: string;
  nhsNumber: string;
  patientName: string;
  slotId: string;
  start: string;
  end: string;
  serviceType: string;
  deliveryChannel: string;
  clinicianName: string;
  locationName: string;
  encounterId: string | null;
  bookedAt: string;
  bookedBy: string;
  status: 'pending' | 'booked' | 'refused';
  problem: string | null;
  /** Null while it stands; pending = the cancellation waits to send; withdrawn = the booking was taken back before it was sent. */
  cancelState: 'pending' | 'cancelled' | 'withdrawn' | null;
  cancelRequestId: string | null;
  cancelReason: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
}

/** A new booking: not cancelled. */
export type NewCrossBookingRow = Omit<CrossBookingRow, 'cancelState' | 'cancelRequestId' | 'cancelReason' | 'cancelledAt' | 'cancelledBy'>;

/** One shift of the centre's rota. Instants are UTC ISO strings. */
export interface ShiftRow {
  id: string;
  site: string;
  clinician: string;
  role: string | null;
  start: string;
  end: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

const SHIFT_COLS = `id, site, clinician, role, start_utc AS start, end_utc AS "end", created_by AS createdBy, created_at AS createdAt,
  updated_by AS updatedBy, updated_at AS updatedAt`;
const ENCOUNTER_COLS = `id, nhs_number AS nhsNumber, patient_name AS patientName, registered_ods AS registeredOds,
  registered_name AS registeredName, site, priority, reason, arrived_at AS arrivedAt, seen_at AS seenAt, clinician, outcome,
  outcome_note AS outcomeNote, completed_at AS completedAt, recorded_by AS recordedBy, updated_at AS updatedAt`;
const BOOKING_COLS = `id, request_id AS requestId, appointment_id AS appointmentId, provider_ods AS providerOds, provider_name AS providerName,
  booking_ods AS bookingOds, booking_name AS bookingName, nhs_number AS nhsNumber, patient_name AS patientName, slot_id AS slotId,
  start_utc AS start, end_utc AS "end", service_type AS serviceType, delivery_channel AS deliveryChannel, clinician_name AS clinicianName,
  location_name AS locationName, encounter_id AS encounterId, booked_at AS bookedAt, booked_by AS bookedBy, status, problem,
  cancel_state AS cancelState, cancel_request_id AS cancelRequestId, cancel_reason AS cancelReason, cancelled_at AS cancelledAt,
  cancelled_by AS cancelledBy`;

/** The out-of-hours centre's own records (ooh.db). The only place their SQL lives. */
export class OohRepo {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  putEncounter(e: EncounterRow): void {
    this.q(
      `INSERT INTO encounters (id, nhs_number, patient_name, registered_ods, registered_name, site, priority, reason, arrived_at, seen_at,
         clinician, outcome, outcome_note, completed_at, recorded_by, updated_at)
       VALUES (@id, @nhsNumber, @patientName, @registeredOds, @registeredName, @site, @priority, @reason, @arrivedAt, @seenAt,
         @clinician, @outcome, @outcomeNote, @completedAt, @recordedBy, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET priority = excluded.priority, seen_at = excluded.seen_at, clinician = excluded.clinician,
         outcome = excluded.outcome, outcome_note = excluded.outcome_note, completed_at = excluded.completed_at, updated_at = excluded.updated_at`,
    ).run(e);
  }

  encounter(id: string): EncounterRow | null {
    return (this.q(`SELECT ${ENCOUNTER_COLS} FROM encounters WHERE id = ?`).get(id) as EncounterRow | undefined) ?? null;
  }

  /** Not yet completed, plus (when given) those completed since `completedSince`. Oldest arrival first. */
  board(completedSince: string | null): EncounterRow[] {
    return this.q(
      `SELECT ${ENCOUNTER_COLS} FROM encounters WHERE completed_at IS NULL OR (? IS NOT NULL AND completed_at >= ?) ORDER BY arrived_at, id`,
    ).all(completedSince, completedSince) as EncounterRow[];
  }

  /** Arrivals in [from, to). */
  arrivedBetween(from: string, to: string): EncounterRow[] {
    return this.q(`SELECT ${ENCOUNTER_COLS} FROM encounters WHERE arrived_at >= ? AND arrived_at < ? ORDER BY arrived_at, id`).all(from, to) as EncounterRow[];
  }

  /** An open encounter for the patient, if they are already on the board. */
  openFor(nhsNumber: string): EncounterRow | null {
    return (this.q(`SELECT ${ENCOUNTER_COLS} FROM encounters WHERE nhs_number = ? AND completed_at IS NULL ORDER BY arrived_at DESC LIMIT 1`).get(nhsNumber) as
      | EncounterRow
      | undefined) ?? null;
  }

  /** A new shift, or a change to one (who made it and when stay as they were). */
  putShift(r: ShiftRow): void {
    this.q(
      `INSERT INTO shifts (id, site, clinician, role, start_utc, end_utc, created_by, created_at, updated_by, updated_at)
       VALUES (@id, @site, @clinician, @role, @start, @end, @createdBy, @createdAt, @updatedBy, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET site = excluded.site, clinician = excluded.clinician, role = excluded.role, start_utc = excluded.start_utc,
         end_utc = excluded.end_utc, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ).run(r);
  }

  /** Demo seeding: the shift unless one with its id is there already. */
  addShiftOnce(r: ShiftRow): boolean {
    return (
      this.q(
        `INSERT INTO shifts (id, site, clinician, role, start_utc, end_utc, created_by, created_at, updated_by, updated_at)
         VALUES (@id, @site, @clinician, @role, @start, @end, @createdBy, @createdAt, @updatedBy, @updatedAt) ON CONFLICT (id) DO NOTHING`,
      ).run(r).changes > 0
    );
  }

  shift(id: string): ShiftRow | null {
    return (this.q(`SELECT ${SHIFT_COLS} FROM shifts WHERE id = ?`).get(id) as ShiftRow | undefined) ?? null;
  }

  /** Shifts overlapping [from, to): earliest first. */
  shiftsOverlapping(from: string, to: string): ShiftRow[] {
    return this.q(`SELECT ${SHIFT_COLS} FROM shifts WHERE start_utc < ? AND end_utc > ? ORDER BY start_utc, clinician, id`).all(to, from) as ShiftRow[];
  }

  /** The shifts under way at an instant (started, not yet ended). */
  shiftsAt(at: string): ShiftRow[] {
    return this.q(`SELECT ${SHIFT_COLS} FROM shifts WHERE start_utc <= ? AND end_utc > ? ORDER BY start_utc, clinician, id`).all(at, at) as ShiftRow[];
  }

  deleteShift(id: string): boolean {
    return this.q(`DELETE FROM shifts WHERE id = ?`).run(id).changes > 0;
  }

  putBooking(b: NewCrossBookingRow): void {
    this.q(
      `INSERT INTO cross_bookings (id, request_id, appointment_id, provider_ods, provider_name, booking_ods, booking_name, nhs_number, patient_name,
         slot_id, start_utc, end_utc, service_type, delivery_channel, clinician_name, location_name, encounter_id, booked_at, booked_by, status, problem)
       VALUES (@id, @requestId, @appointmentId, @providerOds, @providerName, @bookingOds, @bookingName, @nhsNumber, @patientName,
         @slotId, @start, @end, @serviceType, @deliveryChannel, @clinicianName, @locationName, @encounterId, @bookedAt, @bookedBy, @status, @problem)
       ON CONFLICT (id) DO NOTHING`,
    ).run(b);
  }

  settleBooking(id: string, status: 'booked' | 'refused', appointmentId: string | null, problem: string | null): void {
    this.q(`UPDATE cross_bookings SET status = ?, appointment_id = COALESCE(?, appointment_id), problem = ? WHERE id = ?`).run(status, appointmentId, problem, id);
  }

  /** A cancellation asked for: `pending` (queued for the provider) or `withdrawn` (the booking never left this desk). */
  startCancel(id: string, c: { state: 'pending' | 'withdrawn'; requestId: string | null; reason: string; at: string; by: string }): void {
    this.q(
      `UPDATE cross_bookings SET cancel_state = ?, cancel_request_id = ?, cancel_reason = ?, cancelled_at = ?, cancelled_by = ?, problem = NULL WHERE id = ?`,
    ).run(c.state, c.requestId, c.reason, c.at, c.by, id);
  }

  /**
   * How the cancellation ended: cancelled at the provider, or not (the booking stands again, `problem` saying why;
   * undefined leaves the problem as it was).
   */
  settleCancel(id: string, outcome: 'cancelled' | 'stands', problem: string | null | undefined): void {
    if (outcome === 'cancelled') {
      this.q(`UPDATE cross_bookings SET cancel_state = 'cancelled', problem = COALESCE(?, problem) WHERE id = ?`).run(problem ?? null, id);
    } else {
      this.q(
        `UPDATE cross_bookings SET cancel_state = NULL, cancel_request_id = NULL, cancel_reason = NULL, cancelled_at = NULL, cancelled_by = NULL,
           problem = CASE WHEN ? THEN ? ELSE problem END WHERE id = ?`,
      ).run(problem === undefined ? 0 : 1, problem ?? null, id);
    }
  }

  /** A booking refused while the receptionist waited: they were told, so it leaves no trace in the list. */
  deleteBooking(id: string): void {
    this.q(`DELETE FROM cross_bookings WHERE id = ?`).run(id);
  }

  booking(id: string): CrossBookingRow | null {
    return (this.q(`SELECT ${BOOKING_COLS} FROM cross_bookings WHERE id = ?`).get(id) as CrossBookingRow | undefined) ?? null;
  }

  /** Newest first; one patient's when given. */
  bookings(nhsNumber: string | null, limit = 200): CrossBookingRow[] {
    return this.q(
      `SELECT ${BOOKING_COLS} FROM cross_bookings WHERE (? IS NULL OR nhs_number = ?) ORDER BY booked_at DESC, id LIMIT ?`,
    ).all(nhsNumber, nhsNumber, limit) as CrossBookingRow[];
  }
}
