import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { AppointmentView, Clinician, SlotTypeView } from '../../../../shared/contract/appointments';
import type { Booker, Slot } from '../../../../shared/domain/appointments/slot';
import type { Db } from '../connection';

export type AppointmentRow = Omit<AppointmentView, 'waitingToSend'> & { day: string; etag: string | null };
export type SlotRow = Slot & { day: string };

const SLOT_COLS = `id, day, clinician_id AS clinicianId, site_id AS siteId, slot_type_id AS slotTypeId, start_utc AS start,
  end_utc AS "end", state, embargo_until AS embargoUntil, online_bookable AS onlineBookable, bookable_by AS bookableBy,
  clinician_id || ':' || site_id AS scheduleId`;
const APPT_COLS = `id, slot_id AS slotId, day, nhs_number AS nhsNumber, patient_name AS patientName, clinician_id AS clinicianId,
  start_utc AS start, end_utc AS "end", status, reason, contact_preference AS contactPreference, arrived_at AS arrivedAt,
  called_at AS calledAt, finished_at AS finishedAt, overbook_reason AS overbookReason, booked_online AS bookedOnline, etag`;

type RawSlot = Omit<SlotRow, 'onlineBookable' | 'bookableBy'> & { onlineBookable: number; bookableBy: string };
type RawAppt = Omit<AppointmentRow, 'bookedOnline'> & { bookedOnline: number };

const slotOf = (r: RawSlot): SlotRow => ({ ...r, onlineBookable: r.onlineBookable === 1, bookableBy: JSON.parse(r.bookableBy) as Booker[] });
const apptOf = (r: RawAppt): AppointmentRow => ({ ...r, bookedOnline: r.bookedOnline === 1 });

/** The appointment book's local copy (cache.db). The only place its SQL lives. */
export class BookRepo {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /**
   * Replace the national part of the book for a range of days. Front-desk states (arrived, in consultation…)
   * exist only here, so a refresh keeps them for appointments that are still booked nationally.
   */
  replaceRange(fromDay: string, toDay: string, data: { sites: { id: string; name: string }[]; clinicians: Clinician[]; slotTypes: SlotTypeView[]; slots: SlotRow[]; appointments: AppointmentRow[] }): void {
    this.db.transaction(() => {
      for (const s of data.sites) this.q('INSERT INTO book_sites (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name').run(s.id, s.name);
      for (const c of data.clinicians) {
        this.q('INSERT INTO book_clinicians (id, name, role) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role').run(c.id, c.name, c.role);
      }
      for (const t of data.slotTypes) {
        this.q(
          `INSERT INTO book_slot_types (id, name, length_minutes, urgent, auto_dna) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, length_minutes = excluded.length_minutes, urgent = excluded.urgent, auto_dna = excluded.auto_dna`,
        ).run(t.id, t.name, t.lengthMinutes, t.urgent ? 1 : 0, t.autoDna ? 1 : 0);
      }
      this.q('DELETE FROM book_slots WHERE day BETWEEN ? AND ?').run(fromDay, toDay);
      for (const s of data.slots) this.putSlot(s);
      for (const a of data.appointments) this.mergeNational(a);
    })();
  }

  putSlot(s: SlotRow): void {
    this.q(
      `INSERT INTO book_slots (id, day, clinician_id, site_id, slot_type_id, start_utc, end_utc, state, embargo_until, online_bookable, bookable_by)
       VALUES (@id, @day, @clinicianId, @siteId, @slotTypeId, @start, @end, @state, @embargoUntil, @onlineBookable, @bookableBy)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, embargo_until = excluded.embargo_until,
         online_bookable = excluded.online_bookable, bookable_by = excluded.bookable_by`,
    ).run({ ...s, onlineBookable: s.onlineBookable ? 1 : 0, bookableBy: JSON.stringify(s.bookableBy) });
  }

  setSlotState(slotId: string, state: Slot['state']): void {
    this.q('UPDATE book_slots SET state = ? WHERE id = ?').run(state, slotId);
  }

  /** A national appointment: new ones are stored; known ones keep their front-desk state while still booked. */
  mergeNational(a: AppointmentRow): void {
    const known = this.appointment(a.id);
    if (known && a.status === 'booked' && known.status !== 'booked') {
      this.q('UPDATE book_appointments SET etag = ?, reason = ?, slot_id = ? WHERE id = ?').run(a.etag, a.reason, a.slotId, a.id);
      return;
    }
    if (known && a.status !== 'booked' && known.status.startsWith('cancelled')) return;
    // The staff-only reason, contact preference and override are the practice's own: never in the national copy.
    this.putAppointment(
      known ? { ...a, reason: a.reason ?? known.reason, overbookReason: known.overbookReason, contactPreference: known.contactPreference } : a,
    );
  }

  putAppointment(a: AppointmentRow): void {
    this.q(
      `INSERT INTO book_appointments (id, slot_id, day, nhs_number, patient_name, clinician_id, start_utc, end_utc, status, reason,
         contact_preference, arrived_at, called_at, finished_at, overbook_reason, booked_online, etag)
       VALUES (@id, @slotId, @day, @nhsNumber, @patientName, @clinicianId, @start, @end, @status, @reason, @contactPreference,
         @arrivedAt, @calledAt, @finishedAt, @overbookReason, @bookedOnline, @etag)
       ON CONFLICT (id) DO UPDATE SET slot_id = excluded.slot_id, day = excluded.day, start_utc = excluded.start_utc, end_utc = excluded.end_utc,
         status = excluded.status, reason = excluded.reason, contact_preference = excluded.contact_preference, arrived_at = excluded.arrived_at,
         called_at = excluded.called_at, finished_at = excluded.finished_at, overbook_reason = excluded.overbook_reason, etag = excluded.etag,
         patient_name = excluded.patient_name`,
    ).run({ ...a, bookedOnline: a.bookedOnline ? 1 : 0 });
  }

  /**
   * A booking made at this desk gets its national id once sent. If the national copy has meanwhile arrived under
   * that id, the desk's own fields (front-desk state, reason) are folded into it and the local row goes.
   */
  relink(localId: string, nationalId: string, etag: string | null): void {
    this.db.transaction(() => {
      const local = this.appointment(localId);
      if (!local) return;
      const national = this.appointment(nationalId);
      this.q('DELETE FROM book_appointments WHERE id = ?').run(localId);
      this.putAppointment({ ...local, id: nationalId, etag: etag ?? national?.etag ?? null });
    })();
  }

  /** Note an online booking or cancellation once (a refresh that sees it again adds nothing). */
  noteOnline(e: { appointmentId: string; kind: 'booked' | 'cancelled'; at: string; nhsNumber: string; patientName: string; start: string; clinicianId: string }): void {
    this.q(
      `INSERT OR IGNORE INTO book_online_feed (appointment_id, kind, at, nhs_number, patient_name, start_utc, clinician_id)
       VALUES (@appointmentId, @kind, @at, @nhsNumber, @patientName, @start, @clinicianId)`,
    ).run(e);
  }

  onlineFeed(limit: number): { appointmentId: string; kind: 'booked' | 'cancelled'; at: string; nhsNumber: string; patientName: string; start: string; clinicianId: string }[] {
    return this.q(
      `SELECT appointment_id AS appointmentId, kind, at, nhs_number AS nhsNumber, patient_name AS patientName, start_utc AS start, clinician_id AS clinicianId
       FROM book_online_feed ORDER BY seq DESC LIMIT ?`,
    ).all(limit) as ReturnType<BookRepo['onlineFeed']>;
  }

  deleteAppointment(id: string): void {
    this.q('DELETE FROM book_appointments WHERE id = ?').run(id);
  }

  appointment(id: string): AppointmentRow | null {
    const r = this.q(`SELECT ${APPT_COLS} FROM book_appointments WHERE id = ?`).get(id) as RawAppt | undefined;
    return r ? apptOf(r) : null;
  }

  slot(id: string): SlotRow | null {
    const r = this.q(`SELECT ${SLOT_COLS} FROM book_slots WHERE id = ?`).get(id) as RawSlot | undefined;
    return r ? slotOf(r) : null;
  }

  slotsForDay(day: string): SlotRow[] {
    return (this.q(`SELECT ${SLOT_COLS} FROM book_slots WHERE day = ? ORDER BY clinician_id, start_utc`).all(day) as RawSlot[]).map(slotOf);
  }

  /** Every slot from an instant on, in start order: what the slot finder indexes. */
  slotsFrom(startUtc: string): SlotRow[] {
    return (this.q(`SELECT ${SLOT_COLS} FROM book_slots WHERE end_utc > ? ORDER BY start_utc`).all(startUtc) as RawSlot[]).map(slotOf);
  }

  appointmentsForDay(day: string): AppointmentRow[] {
    return (this.q(`SELECT ${APPT_COLS} FROM book_appointments WHERE day = ? ORDER BY start_utc`).all(day) as RawAppt[]).map(apptOf);
  }

  appointmentsInSlot(slotId: string): AppointmentRow[] {
    return (this.q(`SELECT ${APPT_COLS} FROM book_appointments WHERE slot_id = ?`).all(slotId) as RawAppt[]).map(apptOf);
  }

  appointmentsForPatient(nhsNumber: string): AppointmentRow[] {
    return (this.q(`SELECT ${APPT_COLS} FROM book_appointments WHERE nhs_number = ? ORDER BY start_utc`).all(nhsNumber) as RawAppt[]).map(apptOf);
  }

  sites(): { id: string; name: string }[] {
    return this.q('SELECT id, name FROM book_sites ORDER BY name').all() as { id: string; name: string }[];
  }

  clinicians(): { id: string; name: string; role: string }[] {
    return this.q('SELECT id, name, role FROM book_clinicians ORDER BY name').all() as { id: string; name: string; role: string }[];
  }

  slotTypes(): SlotTypeView[] {
    return (
      this.q('SELECT id, name, length_minutes AS lengthMinutes, urgent, auto_dna AS autoDna FROM book_slot_types ORDER BY name').all() as {
        id: string; name: string; lengthMinutes: number; urgent: number; autoDna: number;
      }[]
    ).map((t) => ({ ...t, urgent: t.urgent === 1, autoDna: t.autoDna === 1 }));
  }
}
