import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppointmentView, DayBook, SlotView } from '../../../shared/contract/appointments';
import { transition, type AppointmentAction } from '../../../shared/domain/appointments/appointment-status';
import { checkBooking } from '../../../shared/domain/appointments/double-booking';
import { dueForAutoDna } from '../../../shared/domain/appointments/auto-dna';
import { formatLondon, londonDay, waitMinutes } from '../../../shared/domain/appointments/london-time';
import { slotDisplayState, type Slot } from '../../../shared/domain/appointments/slot';
import { buildSlotIndex, findFreeSlots, type SlotIndex, type SlotQuery } from '../../../shared/domain/appointments/slot-finder';
import { formatPatientName } from '../../../shared/domain/patient-format';
import { can } from '../../../shared/domain/roles';
import { AppFailure } from '../../../shared/result';
import { signedIn, type CallContext } from '../call-context';
import type { AppointmentRow, BookRepo, SlotRow } from '../db/repos/book.repo';
import type { CachedPatient } from '../db/repos/patients.repo';
import { BOOK, CANCEL, overlayPending, registerAppointmentChanges, type BookChange, type CancelChange } from '../outbox/appointment.changes';
import type { OutboxService } from '../outbox/outbox.service';
import type { AuditService } from './audit.service';

/** What the appointment book needs from the national appointments service (GP Connect semantics). */
export interface NationalBook {
  fetchRange(fromDay: string, toDay: string): Promise<Parameters<BookRepo['replaceRange']>[2]>;
  /** Throws SlotTakenError when the slot is no longer free (409 DUPLICATE_REJECTED). */
  book(input: { slot: Pick<SlotRow, 'id' | 'start' | 'end' | 'siteId' | 'clinicianId'>; nhsNumber: string; description: string | null; requestId: string }): Promise<{ id: string; etag: string | null }>;
  cancel(appointmentId: string, etag: string | null, reason: string, requestId: string): Promise<{ etag: string | null }>;
  /** Appointments changed elsewhere after `cursor` (GP Connect consumers poll; there is no push). */
  changesSince(cursor: string, slotOf: (id: string) => SlotRow | null): Promise<{ appointments: AppointmentRow[]; cursor: string }>;
}

export class SlotTakenError extends Error {
  constructor() {
    super('slot taken');
    this.name = 'SlotTakenError';
  }
}

/** Calendar arithmetic on yyyy-mm-dd days (noon UTC keeps it clear of any clock change). */
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The days the desk keeps locally: today and the next 14 (issue: offline book). */
export const BOOK_DAYS = 15;

export interface AppointmentsDeps {
  repo: BookRepo;
  /** The patient being booked: from the local copy, else looked up nationally (an audited record view). */
  patient: (nhsNumber: string, ctx: CallContext) => Promise<CachedPatient | null>;
  national: NationalBook;
  /** Every booking and cancellation goes out through here, so the book works offline and catches up. */
  outbox: OutboxService;
  audit: AuditService;
  changed: (tables: string[]) => void;
  waitWarnMinutes: () => number;
  now?: () => Date;
}

/**
 * The appointment book: views read from the local copy; bookings and cancellations go to the national
 * service first and then update the copy; front-desk states (arrived, in consultation…) are the practice's own.
 * Every change is audited against the patient's NHS number.
 */
export class AppointmentsService {
  private index: SlotIndex | null = null;
  /** Where the changes feed was last read up to (the service's own clock, from its last answer). */
  private cursor: string | null = null;
  private readonly now: () => Date;

  constructor(private readonly d: AppointmentsDeps) {
    this.now = d.now ?? (() => new Date());
    registerAppointmentChanges({
      repo: d.repo,
      national: d.national,
      outbox: d.outbox,
      changed: () => this.touched(),
      refresh: () => void this.refresh().catch(() => undefined),
    });
  }

  private touched(): void {
    this.index = null;
    this.d.changed(['slots', 'appointments']);
  }

  /** Put back what the local copy must show that the national copy does not know yet (queued changes). */
  reconcile(): void {
    overlayPending(this.d.repo, this.d.outbox);
    this.index = null;
  }

  /** Refresh today and the next 14 days from the national service. */
  async refresh(): Promise<void> {
    const from = londonDay(this.now());
    const to = addDays(from, BOOK_DAYS - 1);
    const startedAt = this.now().toISOString();
    const data = await this.d.national.fetchRange(from, to);
    const before = new Map(data.appointments.map((a) => [a.id, this.d.repo.appointment(a.id)?.status ?? null]));
    this.d.repo.replaceRange(from, to, data);
    // The first look of a session would list every online booking ever made: the feed starts from there.
    if (this.cursor) this.noteOnline(data.appointments, before);
    this.cursor ??= startedAt;
    this.reconcile();
    this.d.changed(['slots', 'appointments']);
  }

  /**
   * Read what other desks booked or cancelled since the last look and fold it into the local copy, so the
   * book stays current between full refreshes. Returns how many appointments changed.
   */
  async pollChanges(): Promise<number> {
    // No cursor yet (the first refresh failed: started offline): a full refresh is the probe that notices recovery.
    if (!this.cursor) return this.refresh().then(() => 0);
    const { appointments, cursor } = await this.d.national.changesSince(this.cursor, (id) => this.d.repo.slot(id));
    this.cursor = cursor;
    this.noteOnline(appointments, new Map(appointments.map((a) => [a.id, this.d.repo.appointment(a.id)?.status ?? null])));
    for (const a of appointments) {
      this.d.repo.mergeNational(a);
      const holders = this.d.repo.appointmentsInSlot(a.slotId).filter((x) => !x.status.startsWith('cancelled'));
      this.d.repo.setSlotState(a.slotId, holders.length ? 'booked' : 'free');
    }
    if (appointments.length) {
      this.reconcile();
      this.d.changed(['slots', 'appointments']);
    }
    return appointments.length;
  }

  /**
   * Patients' own online bookings and cancellations go to the receptionist's feed as the desk learns of them.
   * `before` is each appointment's local status before this batch was merged (null = new to the desk).
   */
  private noteOnline(appointments: AppointmentRow[], before: Map<string, string | null>): void {
    const at = this.now().toISOString();
    for (const a of appointments) {
      if (!a.bookedOnline) continue;
      const was = before.get(a.id) ?? null;
      const kind = a.status === 'booked' && was === null ? 'booked' : a.status.startsWith('cancelled') && was !== null && !was.startsWith('cancelled') ? 'cancelled' : null;
      if (kind) this.d.repo.noteOnline({ appointmentId: a.id, kind, at, nhsNumber: a.nhsNumber, patientName: a.patientName, start: a.start, clinicianId: a.clinicianId });
    }
  }

  /** The latest online bookings and cancellations, newest first, for the receptionist to scan. */
  onlineFeed(limit = 50): { appointmentId: string; kind: 'booked' | 'cancelled'; at: string; nhsNumber: string; patientName: string; start: string; clinicianName: string }[] {
    const names = new Map(this.d.repo.clinicians().map((c) => [c.id, c.name]));
    return this.d.repo.onlineFeed(limit).map(({ clinicianId, ...e }) => ({ ...e, clinicianName: names.get(clinicianId) ?? 'a clinician' }));
  }

  /** One day of the book, optionally for one site only (its slots, the clinicians working there, their appointments). */
  day(day: string, siteId?: string): DayBook {
    const now = this.now();
    const daySlots = this.d.repo.slotsForDay(day).filter((s) => !siteId || s.siteId === siteId);
    const inView = new Set(daySlots.map((s) => s.id));
    const appointments = this.d.repo.appointmentsForDay(day).filter((a) => !siteId || inView.has(a.slotId));
    const bySlot = new Map<string, string[]>();
    for (const a of appointments) if (!a.status.startsWith('cancelled')) bySlot.set(a.slotId, [...(bySlot.get(a.slotId) ?? []), a.id]);
    const slots = daySlots.map((s) => slotView(s, now, bySlot.get(s.id) ?? []));
    const clinicianSites = new Map<string, Set<string>>();
    for (const s of slots) clinicianSites.set(s.clinicianId, (clinicianSites.get(s.clinicianId) ?? new Set()).add(s.siteId));
    return {
      day,
      asOf: now.toISOString(),
      sites: this.d.repo.sites(),
      clinicians: this.d.repo
        .clinicians()
        .filter((c) => !siteId || clinicianSites.has(c.id))
        .map((c) => ({ ...c, siteIds: [...(clinicianSites.get(c.id) ?? [])] })),
      slotTypes: this.d.repo.slotTypes(),
      slots,
      appointments: appointments.map((a) => this.view(a)),
    };
  }

  findFree(q: Omit<SlotQuery, 'by'> & { limit: number }): SlotView[] {
    const now = this.now();
    this.index ??= buildSlotIndex(this.d.repo.slotsFrom(now.toISOString()));
    return findFreeSlots(this.index, { ...q, by: 'reception' }, now, q.limit).map((s) => slotView(s, now, []));
  }

  async book(
    input: { slotId: string; nhsNumber: string; reason?: string | undefined; contactPreference: AppointmentView['contactPreference']; overbookReason?: string | undefined },
    ctx: CallContext,
  ): Promise<AppointmentView> {
    return (await this.bookQueued(input, ctx)).view;
  }

  /**
   * Check locally, commit the booking to the outbox, show it in the book, then send it if it is next in line.
   * Online, "slot taken" is heard at once; offline, the booking stands "waiting to send" and replay sends it.
   */
  private async bookQueued(
    input: Parameters<AppointmentsService['book']>[0],
    ctx: CallContext,
  ): Promise<{ view: AppointmentView; requestId: string | null }> {
    const user = signedIn(ctx);
    const slot = this.d.repo.slot(input.slotId);
    if (!slot) throw new AppFailure('NOT_FOUND', 'That slot is no longer in the book. The book has been refreshed.');
    const patient = await this.d.patient(input.nhsNumber, ctx);
    if (!patient) throw new AppFailure('NOT_FOUND', 'No patient was found with that NHS number.');
    if (patient.summary.deceasedDate) throw new AppFailure('INVALID_INPUT', 'This patient is recorded as deceased, so they cannot be booked.');
    const override = input.overbookReason ? { reason: input.overbookReason, allowed: can(user.roleCode, 'appointments.overbook') } : undefined;
    if (override && !override.allowed) {
      this.d.audit.record(ctx, 'appointment.overbook', input.nhsNumber, 'refused', `slot=${slot.id}`);
      throw new AppFailure('FORBIDDEN_ROLE', 'Only a Clerical manager (R8011) or a GP can double-book a slot.');
    }
    const check = checkBooking({ slot, existingAppointmentsInSlot: this.d.repo.appointmentsInSlot(slot.id), ...(override ? { override } : {}) });
    if (!check.ok) throw new AppFailure('INVALID_INPUT', check.reason);
    if (Date.parse(slot.start) <= this.now().getTime()) throw new AppFailure('INVALID_INPUT', 'That slot has already started: choose a later one.');

    const row = (id: string): AppointmentRow => ({
      id,
      slotId: slot.id,
      day: slot.day,
      nhsNumber: input.nhsNumber,
      patientName: formatPatientName(patient.summary),
      clinicianId: slot.clinicianId,
      start: slot.start,
      end: slot.end,
      status: 'booked',
      reason: input.reason ?? null,
      contactPreference: input.contactPreference,
      arrivedAt: null,
      calledAt: null,
      finishedAt: null,
      overbookReason: check.overbooked ? check.overrideReason : null,
      bookedOnline: false,
      etag: null,
    });
    if (check.overbooked) {
      // The national slot is already taken: the extra booking is the practice's own and never leaves the desk.
      const local = row(`local-${randomUUID()}`);
      this.d.repo.putAppointment(local);
      this.d.audit.record(ctx, 'appointment.overbook', input.nhsNumber, 'ok', `slot=${slot.id}`);
      this.touched();
      return { view: this.view(local), requestId: null };
    }

    const localId = `pending-${randomUUID()}`;
    const change: BookChange = { localId, row: row(localId), slot: { id: slot.id, start: slot.start, end: slot.end, siteId: slot.siteId, clinicianId: slot.clinicianId }, intended: this.describe('Book', slot) };
    const requestId = this.d.outbox.enqueue({ kind: BOOK, payload: change, userId: user.userId });
    this.d.repo.putAppointment(change.row);
    this.d.repo.setSlotState(slot.id, 'booked');
    this.touched();

    const sent = await this.d.outbox.trySend(requestId);
    if (sent.state === 'conflict' || sent.state === 'failed') {
      this.d.outbox.resolve(requestId, 'told at the desk'); // the receptionist hears it now: nothing for the attention list
      this.d.audit.record(ctx, 'appointment.book', input.nhsNumber, 'refused', `slot=${slot.id} ${sent.state}`);
      throw new AppFailure(
        'INVALID_INPUT',
        sent.state === 'conflict' ? 'Someone else has just booked that slot. The book has been refreshed: choose another slot.' : (sent.problem ?? 'The booking was refused.'),
      );
    }
    this.d.audit.record(ctx, 'appointment.book', input.nhsNumber, 'ok', `slot=${slot.id}${sent.state === 'pending' ? ' queued' : ''}`);
    const id = sent.state === 'sent' ? (z.object({ id: z.string() }).safeParse(sent.result).data?.id ?? localId) : localId;
    return { view: this.view(this.d.repo.appointment(id) ?? change.row), requestId: sent.state === 'pending' ? requestId : null };
  }

  /** "Book Tuesday 1 December 10:30 with Dr Alex Morgan at Riverside": for the needs-attention list. */
  private describe(what: string, slot: Pick<SlotRow, 'start' | 'clinicianId' | 'siteId'>): string {
    const clinician = this.d.repo.clinicians().find((c) => c.id === slot.clinicianId)?.name ?? 'a clinician';
    const site = this.d.repo.sites().find((x) => x.id === slot.siteId)?.name;
    return `${what} ${formatLondon(new Date(slot.start), 'EEEE d MMMM HH:mm')} with ${clinician}${site ? ` at ${site}` : ''}`;
  }

  async cancel(appointmentId: string, by: 'patient' | 'practice', reason: string, ctx: CallContext, after?: string | null): Promise<AppointmentView> {
    const user = signedIn(ctx);
    const a = this.mustFind(appointmentId);
    const t = transition(a.status, by === 'patient' ? 'cancel-by-patient' : 'cancel-by-practice', { now: this.now(), slotStart: new Date(a.start) });
    if (!t.ok) throw new AppFailure('INVALID_INPUT', t.reason);
    const next = { ...a, status: t.to };
    let requestId: string | null = null;
    const bookRequestId = a.id.startsWith('pending-') ? this.pendingBookOf(a.id) : null;
    // A booking still waiting to send is simply taken back: it never reaches the national service.
    const local = a.id.startsWith('local-') || (bookRequestId !== null && this.d.outbox.withdraw(bookRequestId, 'cancelled before it was sent'));
    if (!local) {
      const slot = this.d.repo.slot(a.slotId);
      const change: CancelChange = {
        appointmentId: a.id, bookRequestId, by, reason, row: a,
        intended: slot ? this.describe(`Cancel ${a.patientName}'s appointment on`, slot) : `Cancel ${a.patientName}'s appointment`,
      };
      requestId = this.d.outbox.enqueue({ kind: CANCEL, payload: change, userId: user.userId, dependsOn: after ?? bookRequestId });
    }
    this.d.repo.putAppointment(next);
    if (this.d.repo.appointmentsInSlot(a.slotId).every((x) => x.status.startsWith('cancelled'))) this.d.repo.setSlotState(a.slotId, 'free');
    this.touched();
    if (requestId) {
      const sent = await this.d.outbox.trySend(requestId);
      if (sent.state === 'failed' || sent.state === 'conflict') {
        this.d.outbox.resolve(requestId, 'told at the desk');
        this.d.audit.record(ctx, 'appointment.cancel', a.nhsNumber, 'refused', `by=${by}`);
        throw new AppFailure('INVALID_INPUT', `The cancellation was not accepted: ${sent.problem ?? 'refused'} The appointment is still booked.`);
      }
    }
    this.d.audit.record(ctx, 'appointment.cancel', a.nhsNumber, 'ok', `by=${by}${requestId && this.d.outbox.isWaiting(a.id) ? ' queued' : ''}`);
    return this.view(this.d.repo.appointment(a.id) ?? next);
  }

  /** The outbox entry that will create a booking the desk still shows under its local id. */
  private pendingBookOf(localId: string): string | null {
    for (const e of this.d.outbox.pendingEntries()) {
      if (e.kind === BOOK && (e.payload as { localId?: unknown }).localId === localId) return e.requestId;
    }
    return null;
  }

  async move(appointmentId: string, toSlotId: string, ctx: CallContext): Promise<AppointmentView> {
    const a = this.mustFind(appointmentId);
    // GP Connect has no "move": book the new slot first, and cancel the old one only once that booking is made,
    // so a refusal (now, or later during replay) leaves the patient's booking as it was.
    const moved = await this.bookQueued({ slotId: toSlotId, nhsNumber: a.nhsNumber, reason: a.reason ?? undefined, contactPreference: a.contactPreference }, ctx);
    await this.cancel(a.id, 'practice', 'moved to another slot', ctx, moved.requestId);
    return moved.view;
  }

  /** Front-desk steps; the rules are the domain's transition table. */
  act(appointmentId: string, action: Exclude<AppointmentAction, 'cancel-by-patient' | 'cancel-by-practice'>, ctx: CallContext): AppointmentView {
    const a = this.mustFind(appointmentId);
    const now = this.now();
    const t = transition(a.status, action, { now, slotStart: new Date(a.start) });
    if (!t.ok) throw new AppFailure('INVALID_INPUT', t.reason);
    const next: AppointmentRow = {
      ...a,
      status: t.to,
      arrivedAt: action === 'undo-arrival' ? null : (t.stamps.arrivedAt?.toISOString() ?? a.arrivedAt),
      calledAt: t.stamps.calledAt?.toISOString() ?? a.calledAt,
      finishedAt: t.stamps.finishedAt?.toISOString() ?? a.finishedAt,
    };
    this.d.repo.putAppointment(next);
    this.d.audit.record(ctx, `appointment.${action}`, a.nhsNumber, 'ok');
    this.d.changed(['appointments']);
    return this.view(next);
  }

  /**
   * Appointments nobody attended become DNA once the clinician's session is over, for slot types that say so.
   * A session is a run of back-to-back slots of one clinician; it ends with the last slot of the run.
   */
  autoDna(ctx: Omit<CallContext, 'user'>): string[] {
    const now = this.now();
    const day = londonDay(now);
    const types = this.d.repo.slotTypes();
    const runEnd = new Map<string, Date>(); // slot id → end of its session
    const byClinician = new Map<string, SlotRow[]>();
    for (const s of this.d.repo.slotsForDay(day)) byClinician.set(s.clinicianId, [...(byClinician.get(s.clinicianId) ?? []), s]);
    for (const slots of byClinician.values()) {
      let run: SlotRow[] = [];
      const close = () => run.forEach((s) => runEnd.set(s.id, new Date(run.at(-1)!.end)));
      for (const s of slots) {
        if (run.length && run.at(-1)!.end !== s.start) (close(), (run = []));
        run.push(s);
      }
      close();
    }
    const marked: string[] = [];
    const bySession = new Map<number, AppointmentRow[]>();
    for (const a of this.d.repo.appointmentsForDay(day)) {
      const end = runEnd.get(a.slotId);
      if (end) bySession.set(end.getTime(), [...(bySession.get(end.getTime()) ?? []), a]);
    }
    for (const [endMs, appts] of bySession) {
      const slotTypeOf = new Map(appts.map((a) => [a.id, this.d.repo.slot(a.slotId)?.slotTypeId ?? '']));
      for (const id of dueForAutoDna(appts.map((a) => ({ id: a.id, status: a.status, slotTypeId: slotTypeOf.get(a.id)!, start: a.start })), types, new Date(endMs), now)) {
        const a = this.d.repo.appointment(id)!;
        this.d.repo.putAppointment({ ...a, status: 'dna' });
        this.d.audit.record({ ...ctx, user: null }, 'appointment.auto-dna', a.nhsNumber, 'ok', 'session ended');
        marked.push(id);
      }
    }
    if (marked.length) this.d.changed(['appointments']);
    return marked;
  }

  waitingRoom(): { appointmentId: string; patientName: string; clinicianName: string; slotStart: string; arrivedAt: string; waitMinutes: number; overThreshold: boolean; thresholdMinutes: number }[] {
    const now = this.now();
    const names = new Map(this.d.repo.clinicians().map((c) => [c.id, c.name]));
    const limit = this.d.waitWarnMinutes();
    return this.d.repo
      .appointmentsForDay(londonDay(now))
      .filter((a) => a.status === 'arrived' && a.arrivedAt)
      .map((a) => {
        const wait = waitMinutes(new Date(a.arrivedAt!), now);
        return {
          appointmentId: a.id,
          patientName: a.patientName,
          clinicianName: names.get(a.clinicianId) ?? 'Unknown clinician',
          slotStart: a.start,
          arrivedAt: a.arrivedAt!,
          waitMinutes: wait,
          overThreshold: wait >= limit,
          thresholdMinutes: limit,
        };
      })
      .sort((x, y) => x.arrivedAt.localeCompare(y.arrivedAt));
  }

  patientAppointments(nhsNumber: string, ctx: CallContext): { past: AppointmentView[]; future: AppointmentView[]; dnaCount: number } {
    const now = this.now().toISOString();
    const all = this.d.repo.appointmentsForPatient(nhsNumber).map((a) => this.view(a));
    this.d.audit.record(ctx, 'appointment.history', nhsNumber, 'ok');
    return { past: all.filter((a) => a.start < now), future: all.filter((a) => a.start >= now), dnaCount: all.filter((a) => a.status === 'dna').length };
  }

  private view(a: AppointmentRow): AppointmentView {
    const { day: _day, etag: _etag, ...rest } = a;
    return { ...rest, waitingToSend: this.d.outbox.isWaiting(a.id) };
  }

  private mustFind(id: string): AppointmentRow {
    const a = this.d.repo.appointment(id);
    if (!a) throw new AppFailure('NOT_FOUND', 'That appointment is no longer in the book. The book has been refreshed.');
    return a;
  }
}

/** A slot as the book shows it at `now` (embargo and online state resolved). */
function slotView(s: Slot, now: Date, appointmentIds: string[]): SlotView {
  const { id, clinicianId, siteId, slotTypeId, start, end, embargoUntil } = s;
  return { id, clinicianId, siteId, slotTypeId, start, end, embargoUntil, display: slotDisplayState(s, now), appointmentIds };
}
