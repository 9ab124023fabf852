import { z } from 'zod';
import { APPOINTMENT_ACTIONS, APPOINTMENT_STATUSES } from '../domain/appointments/appointment-status';
import { NhsNumber } from './patients';
import { verb } from './verb';

const IsoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/);
const LondonDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is yyyy-mm-dd');

export const Clinician = z.object({ id: z.string(), name: z.string(), role: z.string(), siteIds: z.array(z.string()) });
export type Clinician = z.infer<typeof Clinician>;
export const Site = z.object({ id: z.string(), name: z.string() });
export const SlotTypeView = z.object({ id: z.string(), name: z.string(), lengthMinutes: z.number().int(), urgent: z.boolean(), autoDna: z.boolean() });
export type SlotTypeView = z.infer<typeof SlotTypeView>;

/** A slot as the book shows it at `asOf`: state already resolved (embargoed, online-bookable…). */
export const SlotView = z.object({
  id: z.string(),
  clinicianId: z.string(),
  siteId: z.string(),
  slotTypeId: z.string(),
  start: IsoInstant,
  end: IsoInstant,
  display: z.enum(['free', 'online-bookable', 'embargoed', 'booked', 'blocked']),
  embargoUntil: IsoInstant.nullable(),
  /** Appointments held in this slot (more than one only after a recorded double-booking override). */
  appointmentIds: z.array(z.string()),
});
export type SlotView = z.infer<typeof SlotView>;

export const AppointmentView = z.object({
  id: z.string(),
  slotId: z.string(),
  nhsNumber: NhsNumber,
  /** "SMITH, Jane" from the local copy; restricted patients are named but never located. */
  patientName: z.string(),
  clinicianId: z.string(),
  start: IsoInstant,
  end: IsoInstant,
  status: z.enum(APPOINTMENT_STATUSES),
  /** Staff-only reason for the visit, kept short. */
  reason: z.string().nullable(),
  contactPreference: z.enum(['phone', 'sms', 'email', 'letter', 'none']),
  arrivedAt: IsoInstant.nullable(),
  calledAt: IsoInstant.nullable(),
  finishedAt: IsoInstant.nullable(),
  overbookReason: z.string().nullable(),
  bookedOnline: z.boolean(),
  /** Saved at this desk and queued for the national service, not yet confirmed by it. */
  waitingToSend: z.boolean(),
});
export type AppointmentView = z.infer<typeof AppointmentView>;

export const DayBook = z.object({
  day: LondonDay,
  asOf: IsoInstant,
  sites: z.array(Site),
  clinicians: z.array(Clinician),
  slotTypes: z.array(SlotTypeView),
  slots: z.array(SlotView),
  appointments: z.array(AppointmentView),
});
export type DayBook = z.infer<typeof DayBook>;

export const FreeSlotQuery = z
  .object({
    clinicianIds: z.array(z.string()).max(100).optional(),
    slotTypeIds: z.array(z.string()).max(50).optional(),
    siteIds: z.array(z.string()).max(10).optional(),
    timeOfDay: z.enum(['morning', 'afternoon', 'evening']).optional(),
    lengthMinutes: z.number().int().min(5).max(120).optional(),
    onTheDayOnly: z.boolean().optional(),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .strict();

export const WaitingPatient = z.object({
  appointmentId: z.string(),
  patientName: z.string(),
  clinicianName: z.string(),
  slotStart: IsoInstant,
  arrivedAt: IsoInstant,
  waitMinutes: z.number().int(),
  overThreshold: z.boolean(),
  /** The practice's warning threshold (setting book.waitWarnMinutes), so the warning names it. */
  thresholdMinutes: z.number().int(),
});

/** A booking or cancellation a patient made online (the NHS App), as the desk learnt of it. */
export const OnlineEvent = z.object({
  appointmentId: z.string(),
  kind: z.enum(['booked', 'cancelled']),
  at: IsoInstant,
  nhsNumber: NhsNumber,
  patientName: z.string(),
  start: IsoInstant,
  clinicianName: z.string(),
});
export type OnlineEvent = z.infer<typeof OnlineEvent>;

/** Why an appointment is cancelled (here or at another organisation): the form checks it with the same words. */
export const CancelReason = z
  .string()
  .trim()
  .min(3, 'Give a reason for cancelling (at least 3 characters).')
  .max(200, 'Keep the reason to 200 characters.');

/** What is wrong with a typed cancellation reason, in the words the core would use; null when it will do. */
export const cancelReasonProblem = (reason: string): string | null => CancelReason.safeParse(reason).error?.issues[0]?.message ?? null;

export const book = {
  day: verb('book:day', z.object({ day: LondonDay, siteId: z.string().optional() }).strict(), DayBook, 'patients.view'),
  findFree: verb('book:find-free', FreeSlotQuery, z.array(SlotView), 'patients.view'),
  book: verb(
    'book:book',
    z
      .object({
        slotId: z.string().min(1),
        nhsNumber: NhsNumber,
        reason: z.string().trim().max(100, 'Keep the reason to 100 characters').optional(),
        contactPreference: z.enum(['phone', 'sms', 'email', 'letter', 'none']).default('phone'),
        /** Double-booking a taken slot, for roles that may; the reason is recorded and shown on the slot. */
        overbookReason: z.string().trim().min(5, 'Say why the slot is being double-booked').max(200).optional(),
      })
      .strict(),
    AppointmentView,
    'patients.view',
  ),
  cancel: verb(
    'book:cancel',
    z.object({ appointmentId: z.string(), by: z.enum(['patient', 'practice']), reason: CancelReason }).strict(),
    AppointmentView,
    'patients.view',
  ),
  move: verb('book:move', z.object({ appointmentId: z.string(), toSlotId: z.string() }).strict(), AppointmentView, 'patients.view'),
  /** Front-desk steps: arrived, called in, finished, did not attend, walked out, arrival undone. Cancelling has its own verb (it needs a reason). */
  act: verb(
    'book:act',
    z.object({ appointmentId: z.string(), action: z.enum(APPOINTMENT_ACTIONS).exclude(['cancel-by-patient', 'cancel-by-practice']) }).strict(),
    AppointmentView,
    'patients.view',
  ),
  waitingRoom: verb('book:waiting-room', z.object({}).strict(), z.array(WaitingPatient), 'patients.view'),
  onlineFeed: verb('book:online-feed', z.object({}).strict(), z.array(OnlineEvent), 'patients.view'),
  patientAppointments: verb(
    'book:patient-appointments',
    z.object({ nhsNumber: NhsNumber }).strict(),
    z.object({ past: z.array(AppointmentView), future: z.array(AppointmentView), dnaCount: z.number().int() }),
    'patients.view',
  ),
} as const;
