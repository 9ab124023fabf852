import { z } from 'zod';
import { dayNumber, isDay } from '../domain/calendar/days';
import { DaySchema } from '../domain/calendar/schemas';
import { MAX_SHIFT_RANGE_DAYS } from '../domain/ooh/shifts';
import { OOH_PRIORITIES } from '../domain/ooh/waits';
import { CancelReason } from './appointments';
import { NhsNumber } from './patients';
import { verb } from './verb';

/**
 * Out-of-hours mode and cross-organisation booking (issue 8).
 *
 * - `ooh:*`: the centre's encounter board (arrival with a triage priority, clinician seen, outcome), kept in the
 *   desk's own ooh.db and audited against the NHS number, and the centre's report. Reads answer offline.
 * - `ooh:shift*`: the centre's own shift rota (who is on at which site, when), out-of-hours mode only; everyone
 *   may read it, only a role with 'rota.edit' may change it.
 * - `gpconnect:*` (contract key crossOrg): GP Connect "search for free slots" at the patient's registered practice and at hubs that share
 *   slots with this organisation (≤ 14 days), booking with this organisation as the BookingOrganisation, the
 *   bookings this desk made, and cancelling one. Bookings and cancellations go through the durable outbox like
 *   every other change.
 */
const IsoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/);
const LondonDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is yyyy-mm-dd');
const OdsCode = z.string().regex(/^[A-Z0-9]{3,10}$/, 'An ODS code is 3 to 10 capital letters or digits');

export const OohPriority = z.enum(OOH_PRIORITIES);
export type OohPriorityValue = z.infer<typeof OohPriority>;

export const OOH_OUTCOMES = ['advice', 'prescription', 'referred-to-ed', 'admitted', 'follow-up-own-gp', 'did-not-wait'] as const;
export const OohOutcome = z.enum(OOH_OUTCOMES);
export type OohOutcome = z.infer<typeof OohOutcome>;
export const OUTCOME_LABEL: Record<OohOutcome, string> = {
  advice: 'Advice given',
  prescription: 'Prescription issued',
  'referred-to-ed': 'Referred to the emergency department',
  admitted: 'Admitted to hospital',
  'follow-up-own-gp': 'Follow-up with own GP',
  'did-not-wait': 'Left before being seen',
};

export const WaitView = z.object({
  waitedMinutes: z.number().int(),
  targetMinutes: z.number().int(),
  dueAt: IsoInstant,
  minutesLeft: z.number().int(),
  overdue: z.boolean(),
  met: z.boolean().nullable(),
  /** "Overdue by 1 hour 5 minutes (the 1 hour target)". */
  words: z.string(),
});

export const EncounterView = z.object({
  id: z.string(),
  nhsNumber: NhsNumber,
  /** "SMITH, Jane" */
  patientName: z.string(),
  /** The patient's registered GP practice (PDS), null when PDS holds none (or the record is restricted). */
  registeredOds: z.string().nullable(),
  registeredName: z.string().nullable(),
  site: z.string(),
  priority: OohPriority,
  /** Short, staff-only reason for attending. */
  reason: z.string().nullable(),
  arrivedAt: IsoInstant,
  seenAt: IsoInstant.nullable(),
  clinician: z.string().nullable(),
  outcome: OohOutcome.nullable(),
  outcomeNote: z.string().nullable(),
  completedAt: IsoInstant.nullable(),
  state: z.enum(['waiting', 'with-clinician', 'completed']),
  wait: WaitView,
});
export type EncounterView = z.infer<typeof EncounterView>;

export const Targets = z.object({ emergency: z.number().int(), urgent: z.number().int(), 'less-urgent': z.number().int() });

export const OohContext = z.object({
  mode: z.enum(['practice', 'out-of-hours']),
  /** The organisation this desk serves: the centre in out-of-hours mode, the practice otherwise. */
  organisation: z.object({ odsCode: z.string(), name: z.string() }),
  sites: z.array(z.string()),
  clinicians: z.array(z.string()),
  targets: Targets,
  /** Cross-organisation booking is configured (a GP Connect directory is known). */
  crossOrgBooking: z.boolean(),
});
export type OohContext = z.infer<typeof OohContext>;

export const OohBoard = z.object({ asOf: IsoInstant, targets: Targets, encounters: z.array(EncounterView) });
export type OohBoard = z.infer<typeof OohBoard>;

const HourCount = z.object({ hour: IsoInstant, label: z.string(), contacts: z.number().int() });
const PriorityWaits = z.object({
  priority: OohPriority,
  targetMinutes: z.number().int(),
  contacts: z.number().int(),
  seen: z.number().int(),
  seenWithinTarget: z.number().int(),
  waiting: z.number().int(),
  waitingOverdue: z.number().int(),
  medianWaitMinutes: z.number().int().nullable(),
  longestWaitMinutes: z.number().int().nullable(),
  percentWithinTarget: z.number().int().nullable(),
});
export const OohReport = z.object({
  from: IsoInstant,
  to: IsoInstant,
  asOf: IsoInstant,
  total: z.number().int(),
  perHour: z.array(HourCount),
  byPriority: z.array(PriorityWaits),
});
export type OohReport = z.infer<typeof OohReport>;

const EncounterRef = z.object({ encounterId: z.string().min(1).max(80) }).strict();

export const ShiftView = z.object({
  id: z.string(),
  site: z.string(),
  clinician: z.string(),
  /** "GP", "Nurse practitioner"; null when not said. */
  role: z.string().nullable(),
  start: IsoInstant,
  end: IsoInstant,
  /** The London day whose night it belongs to (shared/domain/ooh/shifts.ts nightOf): 18:30 Tue → 08:00 Wed is Tuesday's. */
  night: LondonDay,
  updatedBy: z.string(),
  updatedAt: IsoInstant,
});
export type ShiftView = z.infer<typeof ShiftView>;

export const ShiftList = z.object({
  /** The London days listed (both included) and the core's clock, whose week is the default. */
  from: LondonDay,
  to: LondonDay,
  asOf: IsoInstant,
  /** Shifts overlapping the days, earliest first. */
  shifts: z.array(ShiftView),
  /** The centre's sites and clinicians from settings: what the form offers. */
  sites: z.array(z.string()),
  clinicians: z.array(z.string()),
});
export type ShiftList = z.infer<typeof ShiftList>;

const ShiftRange = z
  .object({ from: DaySchema.optional(), to: DaySchema.optional() })
  .strict()
  .refine((r) => r.to === undefined || r.from !== undefined, { message: 'Give the first day as well as the last', path: ['from'] })
  .refine((r) => !r.from || !r.to || !isDay(r.from) || !isDay(r.to) || dayNumber(r.to) >= dayNumber(r.from), { message: 'The last day must be on or after the first day', path: ['to'] })
  .refine((r) => !r.from || !r.to || !isDay(r.from) || !isDay(r.to) || dayNumber(r.to) - dayNumber(r.from) < MAX_SHIFT_RANGE_DAYS, {
    message: `List at most ${MAX_SHIFT_RANGE_DAYS} days of shifts at a time`,
    path: ['to'],
  });

export const ShiftInput = z
  .object({
    /** Present when changing a shift; left out for a new one (the core makes the id). */
    id: z.string().min(1).max(80).optional(),
    site: z.string().trim().min(1, 'Choose a site').max(80),
    clinician: z.string().trim().min(2, 'Name the clinician').max(80, 'Keep the name to 80 characters'),
    role: z.string().trim().max(40, 'Keep the role to 40 characters').optional(),
    start: IsoInstant,
    end: IsoInstant,
  })
  .strict();
export type ShiftInput = z.infer<typeof ShiftInput>;

export const ooh = {
  context: verb('ooh:context', z.object({}).strict(), OohContext, 'patients.view'),
  /** Open encounters (waiting or with a clinician), plus those completed in the last 12 hours when asked. */
  board: verb('ooh:board', z.object({ includeCompleted: z.boolean().default(false) }).strict(), OohBoard, 'patients.view'),
  arrive: verb(
    'ooh:arrive',
    z
      .object({
        nhsNumber: NhsNumber,
        priority: OohPriority,
        site: z.string().trim().min(1).max(80),
        reason: z.string().trim().max(100, 'Keep the reason to 100 characters').optional(),
      })
      .strict(),
    EncounterView,
    'patients.view',
  ),
  /** Re-triage: a new priority (the wait target follows it). */
  triage: verb('ooh:triage', EncounterRef.extend({ priority: OohPriority }).strict(), EncounterView, 'patients.view'),
  seen: verb('ooh:seen', EncounterRef.extend({ clinician: z.string().trim().min(2).max(80) }).strict(), EncounterView, 'patients.view'),
  outcome: verb(
    'ooh:outcome',
    EncounterRef.extend({ outcome: OohOutcome, note: z.string().trim().max(200, 'Keep the note to 200 characters').optional() }).strict(),
    EncounterView,
    'patients.view',
  ),
  /** Contacts per hour and waits by priority against targets; default the last 24 hours, at most 7 days. */
  report: verb('ooh:report', z.object({ from: IsoInstant.optional(), to: IsoInstant.optional() }).strict(), OohReport, 'patients.view'),
  /**
   * The centre's shifts overlapping London days `from`..`to` (both included, ≤ 31 days); default the Monday-to-Sunday
   * week of the core's today, or 7 days from `from`. Out-of-hours mode only. Reception reads it to see who is on.
   */
  shifts: verb('ooh:shifts', ShiftRange, ShiftList, 'patients.view'),
  /**
   * Record a shift, or change one (with its id). Refused in words: the end not after the start, longer than 16 hours,
   * a site not in settings, the clinician already on an overlapping shift. Audited (no patient involved).
   */
  shiftSave: verb('ooh:shift-save', ShiftInput, ShiftView, 'rota.edit'),
  shiftRemove: verb('ooh:shift-remove', z.object({ id: z.string().min(1).max(80) }).strict(), z.object({ removed: z.literal(true) }), 'rota.edit'),
} as const;

// ---------- cross-organisation booking ----------

export const ProviderView = z.object({
  odsCode: z.string(),
  name: z.string(),
  kind: z.enum(['gp-practice', 'extended-access-hub', 'out-of-hours']),
  /** Why it is offered: the patient's registered practice, or a hub. */
  relation: z.enum(['registered-practice', 'hub']),
  /** Why no slots came back from it, in words (not reachable, not sharing); null when it answered. */
  problem: z.string().nullable(),
});
export type ProviderView = z.infer<typeof ProviderView>;

export const SharedSlotView = z.object({
  providerOds: z.string(),
  providerName: z.string(),
  slotId: z.string(),
  start: IsoInstant,
  end: IsoInstant,
  /** "Routine GP 10 min" (Slot.serviceType.text) */
  serviceType: z.string(),
  /** In-person, Telephone, Video */
  deliveryChannel: z.string(),
  clinicianName: z.string(),
  practitionerId: z.string().nullable(),
  locationId: z.string(),
  locationName: z.string(),
});
export type SharedSlotView = z.infer<typeof SharedSlotView>;

export const CrossBookingView = z.object({
  id: z.string(),
  /** The provider's appointment id, once it has confirmed the booking. */
  appointmentId: z.string().nullable(),
  providerOds: z.string(),
  providerName: z.string(),
  nhsNumber: NhsNumber,
  patientName: z.string(),
  start: IsoInstant,
  end: IsoInstant,
  serviceType: z.string(),
  deliveryChannel: z.string(),
  clinicianName: z.string(),
  locationName: z.string(),
  /** This desk's organisation, sent as GP Connect's BookingOrganisation. */
  bookingOrganisation: z.object({ odsCode: z.string(), name: z.string() }),
  bookedAt: IsoInstant,
  bookedBy: z.string(),
  /**
   * booked; waiting-to-send (the booking has not reached the provider yet); refused (it never will); cancelled;
   * cancel-waiting-to-send (the cancellation has not reached the provider yet).
   */
  status: z.enum(['booked', 'waiting-to-send', 'refused', 'cancelled', 'cancel-waiting-to-send']),
  problem: z.string().nullable(),
  encounterId: z.string().nullable(),
  /** Present once a cancellation was asked for; `beforeSending` when the booking was taken back before it was sent. */
  cancellation: z.object({ reason: z.string(), at: IsoInstant, by: z.string(), beforeSending: z.boolean() }).nullable(),
  /** It stands (or is on its way) and has not started: the desk may cancel it. */
  cancellable: z.boolean(),
});
export type CrossBookingView = z.infer<typeof CrossBookingView>;

export const MAX_CROSS_ORG_DAYS = 14;

export const crossOrg = {
  /**
   * Free slots shared with this organisation at the patient's registered practice and at hubs (or at one
   * provider), from `from` (default today) for `days` (≤ 14, GP Connect's limit).
   */
  findSlots: verb(
    'gpconnect:find-slots',
    z
      .object({
        nhsNumber: NhsNumber,
        providerOds: OdsCode.optional(),
        from: LondonDay.optional(),
        days: z.number().int().min(1).max(MAX_CROSS_ORG_DAYS, `GP Connect searches at most ${MAX_CROSS_ORG_DAYS} days`).default(7),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    z.object({ providers: z.array(ProviderView), slots: z.array(SharedSlotView) }),
    'patients.view',
  ),
  book: verb(
    'gpconnect:book',
    z
      .object({
        nhsNumber: NhsNumber,
        slot: SharedSlotView.strict(),
        encounterId: z.string().min(1).max(80).optional(),
      })
      .strict(),
    CrossBookingView,
    'patients.view',
  ),
  bookings: verb('gpconnect:bookings', z.object({ nhsNumber: NhsNumber.optional() }).strict(), z.array(CrossBookingView), 'patients.view'),
  /**
   * Cancel a booking this desk made at another organisation (GP Connect cancel, through the outbox); one still
   * waiting to send is withdrawn and never sent. Audited against the NHS number.
   */
  cancel: verb(
    'gpconnect:cancel',
    z
      .object({
        bookingId: z.string().min(1).max(80),
        reason: CancelReason,
      })
      .strict(),
    CrossBookingView,
    'patients.view',
  ),
} as const;
