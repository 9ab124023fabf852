import { randomUUID } from 'node:crypto';
import type { CrossBookingView, ProviderView, SharedSlotView } from '../../../shared/contract/ooh';
import { formatLondon, londonDay } from '../../../shared/domain/appointments/london-time';
import { formatPatientName } from '../../../shared/domain/patient-format';
import { AppFailure } from '../../../shared/result';
import { signedIn, type CallContext } from '../call-context';
import type { CachedPatient } from '../db/repos/patients.repo';
import type { CrossBookingRow, OohRepo } from '../db/repos/ooh.repo';
import type { ConsumerOrganisation, GpConnectClient } from '../national/gpconnect.client';
import { NationalBusyError, NationalHttpError, NationalProtocolError, NationalUnreachableError } from '../national/national.errors';
import { CROSS_ORG_BOOK, CROSS_ORG_CANCEL, registerCrossOrgChanges, type CrossOrgBookChange, type CrossOrgCancelChange } from '../outbox/cross-org.changes';
import type { OutboxService } from '../outbox/outbox.service';
import type { NetworkOrganisation } from '../organisations';
import type { AuditService } from './audit.service';

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export interface CrossOrgDeps {
  repo: OohRepo;
  /** Null when no GP Connect directory is configured: searching and booking then say so. */
  client: GpConnectClient | null;
  outbox: OutboxService;
  audit: AuditService;
  patient: (nhsNumber: string, ctx: CallContext) => Promise<CachedPatient | null>;
  /** This desk's organisation (the centre in out-of-hours mode, the practice otherwise). */
  consumer: () => ConsumerOrganisation;
  directory: readonly NetworkOrganisation[];
  changed: (tables: string[]) => void;
  now?: () => Date;
}

/**
 * Cross-organisation booking (issue 8), GP Connect semantics: find free slots shared with this organisation at the
 * patient's registered practice and at extended-access hubs (≤ 14 days), book one naming this organisation as
 * the BookingOrganisation (through the outbox, so it works offline and lands once), and list what was booked
 * with the other organisation's name. A slot another organisation has just taken is refused in plain words.
 * Cancelling one goes the same way (outbox kind gpconnect.cancel); a booking still waiting to send is simply
 * taken back, so nothing reaches the other organisation.
 */
export class CrossOrgService {
  private readonly now: () => Date;

  constructor(private readonly d: CrossOrgDeps) {
    this.now = d.now ?? (() => new Date());
    if (d.client) registerCrossOrgChanges({ repo: d.repo, client: d.client, outbox: d.outbox, changed: () => d.changed(['cross-bookings']) });
  }

  private client(): GpConnectClient {
    if (!this.d.client) throw new AppFailure('SERVICE_UNREACHABLE', 'Booking at other organisations is not set up for this desk (no GP Connect directory).');
    return this.d.client;
  }

  /** Who to ask: the registered practice (unless it is this organisation) and every hub; or the one asked for. */
  private providersFor(patient: CachedPatient, only: string | undefined): ProviderView[] {
    const me = this.d.consumer().odsCode;
    const registered = patient.summary.restricted ? null : patient.summary.gpOdsCode;
    const out: ProviderView[] = [];
    for (const o of this.d.directory) {
      if (o.odsCode === me || o.kind === 'out-of-hours') continue;
      const relation = o.odsCode === registered ? 'registered-practice' : o.kind === 'extended-access-hub' ? 'hub' : null;
      if (!relation || (only && o.odsCode !== only)) continue;
      out.push({ odsCode: o.odsCode, name: o.name, kind: o.kind, relation, problem: null });
    }
    return out.sort((a, b) => Number(a.relation === 'hub') - Number(b.relation === 'hub'));
  }

  async findSlots(
    input: { nhsNumber: string; providerOds?: string | undefined; from?: string | undefined; days: number; limit: number },
    ctx: CallContext,
  ): Promise<{ providers: ProviderView[]; slots: SharedSlotView[] }> {
    signedIn(ctx);
    const client = this.client();
    const patient = await this.d.patient(input.nhsNumber, ctx);
    if (!patient) throw new AppFailure('NOT_FOUND', 'No patient was found with that NHS number.');
    const today = londonDay(this.now());
    const from = input.from ?? today;
    if (from < today) throw new AppFailure('INVALID_INPUT', 'Free slots can only be searched from today onwards.');
    const to = addDays(from, input.days - 1);
    const providers = this.providersFor(patient, input.providerOds);
    if (input.providerOds && providers.length === 0) {
      throw new AppFailure('INVALID_INPUT', "That organisation is neither the patient's registered practice nor a hub this desk can book at.");
    }
    const found = await Promise.all(
      providers.map(async (p) => {
        try {
          return await client.freeSlots(p.odsCode, from, to, randomUUID());
        } catch (e) {
          p.problem = problemWords(e, p.name);
          return [];
        }
      }),
    );
    const nowMs = this.now().getTime();
    const slots = found
      .flat()
      .filter((s) => Date.parse(s.start) > nowMs)
      .sort((a, b) => a.start.localeCompare(b.start) || a.providerName.localeCompare(b.providerName))
      .slice(0, input.limit);
    this.d.audit.record(ctx, 'cross-org.search', input.nhsNumber, 'ok', `providers=${providers.map((p) => p.odsCode).join(',')} from=${from} days=${input.days} slots=${slots.length}`);
    return { providers, slots };
  }

  async book(input: { nhsNumber: string; slot: SharedSlotView; encounterId?: string | undefined }, ctx: CallContext): Promise<CrossBookingView> {
    const user = signedIn(ctx);
    this.client();
    const { slot } = input;
    if (Date.parse(slot.start) <= this.now().getTime()) throw new AppFailure('INVALID_INPUT', 'That slot has already started: choose a later one.');
    const patient = await this.d.patient(input.nhsNumber, ctx);
    if (!patient) throw new AppFailure('NOT_FOUND', 'No patient was found with that NHS number.');
    if (patient.summary.deceasedDate) throw new AppFailure('INVALID_INPUT', 'This patient is recorded as deceased, so they cannot be booked.');
    const me = this.d.consumer();
    const localId = `xorg-${randomUUID()}`;
    const patientName = formatPatientName(patient.summary);
    const change: CrossOrgBookChange = {
      localId, slot, nhsNumber: input.nhsNumber, patientName,
      intended: `Book ${slot.providerName}, ${formatLondon(new Date(slot.start), 'EEEE d MMMM HH:mm')} with ${slot.clinicianName}`,
    };
    const requestId = this.d.outbox.enqueue({ kind: CROSS_ORG_BOOK, payload: change, userId: user.userId });
    this.d.repo.putBooking({
      id: localId, requestId, appointmentId: null, providerOds: slot.providerOds, providerName: slot.providerName,
      bookingOds: me.odsCode, bookingName: me.name, nhsNumber: input.nhsNumber, patientName, slotId: slot.slotId,
      start: slot.start, end: slot.end, serviceType: slot.serviceType, deliveryChannel: slot.deliveryChannel,
      clinicianName: slot.clinicianName, locationName: slot.locationName, encounterId: input.encounterId ?? null,
      bookedAt: this.now().toISOString(), bookedBy: user.name, status: 'pending', problem: null,
    });
    this.d.changed(['cross-bookings']);

    const sent = await this.d.outbox.trySend(requestId);
    if (sent.state === 'conflict' || sent.state === 'failed') {
      this.d.outbox.resolve(requestId, 'told at the desk'); // heard now: nothing for the attention list
      this.d.repo.deleteBooking(localId);
      this.d.changed(['cross-bookings']);
      this.d.audit.record(ctx, 'cross-org.book', input.nhsNumber, 'refused', `provider=${slot.providerOds} slot=${slot.slotId} ${sent.state}`);
      throw new AppFailure(
        'INVALID_INPUT',
        sent.state === 'conflict' && /booked this/.test(sent.problem ?? '')
          ? `Another organisation has just booked that ${slot.providerName} slot. Search again and choose another.`
          : (sent.problem ?? 'The booking was refused.'),
      );
    }
    this.d.audit.record(ctx, 'cross-org.book', input.nhsNumber, 'ok', `provider=${slot.providerOds} slot=${slot.slotId} booking-org=${me.odsCode}${sent.state === 'pending' ? ' queued' : ''}`);
    return this.view(this.d.repo.booking(localId)!);
  }

  /**
   * Cancel a booking this desk made at another organisation. Still waiting to send: it is withdrawn from the
   * outbox and never sent. Otherwise the cancellation is queued (after the booking, if that is on its way right now)
   * and sent at once when the provider answers; refused there, the desk hears why and the booking stands.
   */
  async cancel(input: { bookingId: string; reason: string }, ctx: CallContext): Promise<CrossBookingView> {
    const user = signedIn(ctx);
    this.client();
    const b = this.d.repo.booking(input.bookingId);
    if (!b) throw new AppFailure('NOT_FOUND', 'No booking at another organisation was made from this desk with that id.');
    if (b.cancelState === 'pending') throw new AppFailure('INVALID_INPUT', `The cancellation of that booking at ${b.providerName} is already waiting to send.`);
    if (b.cancelState) throw new AppFailure('INVALID_INPUT', `That booking at ${b.providerName} is already cancelled.`);
    if (b.status === 'refused') throw new AppFailure('INVALID_INPUT', `${b.providerName} refused that booking, so there is nothing to cancel.`);
    if (Date.parse(b.start) <= this.now().getTime()) throw new AppFailure('INVALID_INPUT', `That appointment at ${b.providerName} has already started, so it can no longer be cancelled.`);
    const reason = input.reason.trim();
    const at = this.now().toISOString();
    const detail = `provider=${b.providerOds} booking=${b.id}`;

    // Still waiting to send: take it back; the other organisation never hears of it.
    if (b.status === 'pending' && this.d.outbox.withdraw(b.requestId, 'cancelled before it was sent')) {
      this.d.repo.startCancel(b.id, { state: 'withdrawn', requestId: null, reason, at, by: user.name });
      this.d.changed(['cross-bookings']);
      this.d.audit.record(ctx, 'cross-org.cancel', b.nhsNumber, 'ok', `${detail} withdrawn-before-sending`);
      return this.view(this.d.repo.booking(b.id)!);
    }

    // On its way right now (or sent): cancel it at the provider, after the booking if that has not settled yet.
    const bookRequestId = b.status === 'pending' ? b.requestId : null;
    const change: CrossOrgCancelChange = {
      bookingId: b.id, providerOds: b.providerOds, providerName: b.providerName, appointmentId: b.appointmentId, bookRequestId, reason,
      nhsNumber: b.nhsNumber, patientName: b.patientName,
      intended: `Cancel the booking at ${b.providerName}, ${formatLondon(new Date(b.start), 'EEEE d MMMM HH:mm')} with ${b.clinicianName}`,
    };
    const requestId = this.d.outbox.enqueue({ kind: CROSS_ORG_CANCEL, payload: change, userId: user.userId, dependsOn: bookRequestId });
    this.d.repo.startCancel(b.id, { state: 'pending', requestId, reason, at, by: user.name });
    this.d.changed(['cross-bookings']);

    const sent = await this.d.outbox.trySend(requestId);
    if (sent.state === 'conflict' || sent.state === 'failed') {
      this.d.outbox.resolve(requestId, 'told at the desk'); // heard now: nothing for the attention list
      this.d.audit.record(ctx, 'cross-org.cancel', b.nhsNumber, 'refused', `${detail} ${sent.state}`);
      const now = this.d.repo.booking(b.id);
      throw new AppFailure(
        'INVALID_INPUT',
        now?.cancelState === 'cancelled'
          ? (sent.problem ?? `${b.providerName} had already cancelled this appointment.`)
          : `${sent.problem ?? `${b.providerName} did not accept the cancellation.`} The appointment is still booked there.`,
      );
    }
    const after = this.d.repo.booking(b.id);
    // The booking it followed was refused meanwhile (the slot was taken): nothing was made, so nothing to cancel.
    if (!after || after.status === 'refused') {
      this.d.audit.record(ctx, 'cross-org.cancel', b.nhsNumber, 'refused', `${detail} booking-refused`);
      throw new AppFailure('INVALID_INPUT', `${b.providerName} refused the booking itself, so there is nothing to cancel.`);
    }
    this.d.audit.record(ctx, 'cross-org.cancel', b.nhsNumber, 'ok', `${detail}${sent.state === 'pending' ? ' queued' : ''}`);
    return this.view(after);
  }

  bookings(nhsNumber: string | undefined, ctx: CallContext): CrossBookingView[] {
    if (nhsNumber) this.d.audit.record(ctx, 'cross-org.list', nhsNumber, 'ok');
    return this.d.repo.bookings(nhsNumber ?? null).map((b) => this.view(b));
  }

  private view(b: CrossBookingRow): CrossBookingView {
    const status: CrossBookingView['status'] =
      b.cancelState === 'cancelled' || b.cancelState === 'withdrawn' ? 'cancelled'
        : b.cancelState === 'pending' ? 'cancel-waiting-to-send'
          : b.status === 'pending' ? 'waiting-to-send'
            : b.status;
    const live = status === 'booked' || status === 'waiting-to-send';
    return {
      id: b.id, appointmentId: b.appointmentId, providerOds: b.providerOds, providerName: b.providerName, nhsNumber: b.nhsNumber,
      patientName: b.patientName, start: b.start, end: b.end, serviceType: b.serviceType, deliveryChannel: b.deliveryChannel,
      clinicianName: b.clinicianName, locationName: b.locationName, bookingOrganisation: { odsCode: b.bookingOds, name: b.bookingName },
      bookedAt: b.bookedAt, bookedBy: b.bookedBy, status, problem: b.problem, encounterId: b.encounterId,
      cancellation: b.cancelState && b.cancelReason !== null && b.cancelledAt !== null
        ? { reason: b.cancelReason, at: b.cancelledAt, by: b.cancelledBy ?? '', beforeSending: b.cancelState === 'withdrawn' }
        : null,
      cancellable: live && Date.parse(b.start) > this.now().getTime(),
    };
  }
}

function problemWords(e: unknown, name: string): string {
  if (e instanceof NationalUnreachableError) return `${name} is not answering; try again shortly.`;
  if (e instanceof NationalBusyError) return `${name} is busy; try again in ${e.retryAfterSeconds} seconds.`;
  if (e instanceof NationalHttpError && e.status === 404) return `${name} does not offer appointments to other organisations.`;
  if (e instanceof NationalHttpError) return `${name} could not answer (error ${e.status}).`;
  if (e instanceof NationalProtocolError) return `${name} sent a reply the desk could not read.`;
  return `${name} could not be searched.`;
}
