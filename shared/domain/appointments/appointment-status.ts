/**
 * The life of one appointment at the front desk: booked → arrived → in consultation → finished, or one of the
 * endings did-not-attend, walked out, cancelled by the patient / by the practice.
 *
 * Why pure and table-driven: reception, the clinician's screen and the auto-DNA job all move appointments; they
 * must agree on what is allowed, and every refusal must read as plain English at the desk (no patient names:
 * the message may be shown on a shared screen or written to a log).
 */
import { formatLondon, londonDay } from './london-time';

export const APPOINTMENT_STATUSES = [
  'booked',
  'arrived',
  'in-consultation',
  'finished',
  'dna',
  'walked-out',
  'cancelled-patient',
  'cancelled-practice',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const APPOINTMENT_ACTIONS = [
  'arrive',
  'call-in',
  'finish',
  'mark-dna',
  'walk-out',
  'cancel-by-patient',
  'cancel-by-practice',
  'undo-arrival',
] as const;
export type AppointmentAction = (typeof APPOINTMENT_ACTIONS)[number];

/** The clock is always injected; `slotStart` is the start of the appointment's (first) slot. */
export interface TransitionContext {
  now: Date;
  slotStart: Date;
}

/** Times to record on the appointment. */
export interface TransitionStamps {
  arrivedAt?: Date;
  calledAt?: Date;
  finishedAt?: Date;
}

export type TransitionResult =
  | {
      ok: true;
      to: AppointmentStatus;
      stamps: TransitionStamps;
      /** Stamps the caller must remove (undo-arrival drops the arrival time, so waiting times are not skewed). */
      clear: (keyof TransitionStamps)[];
    }
  | { ok: false; reason: string };

/** Which status each action leads to, and from which status it is allowed. Time rules are in `timeRule`. */
export const TRANSITIONS: Readonly<Record<AppointmentAction, { from: AppointmentStatus; to: AppointmentStatus }>> = {
  arrive: { from: 'booked', to: 'arrived' },
  'call-in': { from: 'arrived', to: 'in-consultation' },
  finish: { from: 'in-consultation', to: 'finished' },
  'mark-dna': { from: 'booked', to: 'dna' },
  'walk-out': { from: 'arrived', to: 'walked-out' },
  'cancel-by-patient': { from: 'booked', to: 'cancelled-patient' },
  'cancel-by-practice': { from: 'booked', to: 'cancelled-practice' },
  'undo-arrival': { from: 'arrived', to: 'booked' },
};

/** Statuses that end the appointment: nothing more can happen to it. */
export const FINAL_STATUSES: readonly AppointmentStatus[] = ['finished', 'dna', 'walked-out', 'cancelled-patient', 'cancelled-practice'];

/** How each status reads after "This appointment is …". */
const STATUS_PHRASE: Record<AppointmentStatus, string> = {
  booked: 'booked and the patient has not arrived yet',
  arrived: 'marked as arrived',
  'in-consultation': 'in consultation',
  finished: 'finished',
  dna: 'marked did not attend',
  'walked-out': 'marked walked out',
  'cancelled-patient': 'cancelled by the patient',
  'cancelled-practice': 'cancelled by the practice',
};

/** How each action reads after "… so it cannot …". */
const ACTION_PHRASE: Record<AppointmentAction, string> = {
  arrive: 'be marked as arrived',
  'call-in': 'be called in',
  finish: 'be finished',
  'mark-dna': 'be marked did not attend',
  'walk-out': 'be marked walked out',
  'cancel-by-patient': 'be cancelled by the patient',
  'cancel-by-practice': 'be cancelled by the practice',
  'undo-arrival': 'have its arrival undone',
};

/** Where a generic refusal would be unhelpful, say what to do instead. */
const HINTS: Partial<Record<`${AppointmentStatus}|${AppointmentAction}`, string>> = {
  'arrived|arrive': 'The patient is already marked as arrived.',
  'booked|call-in': 'The patient has not arrived yet: mark them as arrived first.',
  'booked|finish': 'The patient has not been seen yet: mark them as arrived and call them in first.',
  'arrived|finish': 'The patient has not been called in yet: call them in first.',
  'in-consultation|call-in': 'The patient is already in consultation.',
  'arrived|mark-dna': 'The patient has arrived, so the appointment cannot be marked did not attend; if they left without being seen, mark them walked out.',
  'in-consultation|mark-dna': 'The patient is in consultation, so the appointment cannot be marked did not attend.',
  'arrived|cancel-by-patient': 'The patient has arrived: undo the arrival first if the appointment is to be cancelled.',
  'arrived|cancel-by-practice': 'The patient has arrived: undo the arrival first if the appointment is to be cancelled.',
  'booked|undo-arrival': 'The patient has not been marked as arrived, so there is no arrival to undo.',
  'in-consultation|undo-arrival': 'The patient has already been called in, so the arrival cannot be undone.',
};

function refusal(status: AppointmentStatus, action: AppointmentAction): string {
  return HINTS[`${status}|${action}`] ?? `This appointment is ${STATUS_PHRASE[status]}, so it cannot ${ACTION_PHRASE[action]}.`;
}

/**
 * Rules that depend on the clock. Decisions:
 * - arrive: only on the appointment's London day (not before, and not on a later day: by then it is a DNA).
 * - mark-dna: only once the slot start has passed (strictly after the start time).
 * - cancel-by-patient: only before the slot starts. After the start a patient "cancelling" has missed the
 *   appointment: it is recorded as did-not-attend (DNA figures are reported), or the practice cancels it.
 * - cancel-by-practice: any time while booked (a clinician off sick mid-session).
 */
function timeRule(action: AppointmentAction, { now, slotStart }: TransitionContext): string | null {
  switch (action) {
    case 'arrive': {
      const today = londonDay(now);
      const day = londonDay(slotStart);
      if (today < day) return `This appointment is on ${formatLondon(slotStart, 'EEEE d MMMM')}; a patient can be marked as arrived only on the day.`;
      if (today > day) return `This appointment was on ${formatLondon(slotStart, 'EEEE d MMMM')}; an arrival can be recorded only on the day.`;
      return null;
    }
    case 'mark-dna':
      return now.getTime() > slotStart.getTime()
        ? null
        : `This appointment has not started yet (it starts at ${formatLondon(slotStart, 'HH:mm')}), so it cannot be marked did not attend.`;
    case 'cancel-by-patient':
      return now.getTime() < slotStart.getTime()
        ? null
        : `This appointment started at ${formatLondon(slotStart, 'HH:mm')}, so it can no longer be cancelled by the patient; mark it did not attend, or cancel it as the practice.`;
    default:
      return null;
  }
}

export function transition(status: AppointmentStatus, action: AppointmentAction, ctx: TransitionContext): TransitionResult {
  const rule = TRANSITIONS[action];
  if (rule.from !== status) return { ok: false, reason: refusal(status, action) };
  const late = timeRule(action, ctx);
  if (late) return { ok: false, reason: late };
  const stamps: TransitionStamps = {};
  if (action === 'arrive') stamps.arrivedAt = ctx.now;
  if (action === 'call-in') stamps.calledAt = ctx.now;
  if (action === 'finish') stamps.finishedAt = ctx.now;
  return { ok: true, to: rule.to, stamps, clear: action === 'undo-arrival' ? ['arrivedAt'] : [] };
}

/** The actions the desk may offer right now for an appointment (for buttons and context menus). */
export function availableActions(status: AppointmentStatus, ctx: TransitionContext): AppointmentAction[] {
  return APPOINTMENT_ACTIONS.filter((a) => transition(status, a, ctx).ok);
}

/**
 * Whether an appointment in this status still holds its slot (for double-booking). Cancelled, DNA and walked-out
 * appointments release it: the clinician's time is free again, so a walk-in may be fitted in without an override.
 */
export function holdsSlot(status: AppointmentStatus): boolean {
  return status === 'booked' || status === 'arrived' || status === 'in-consultation' || status === 'finished';
}

/** Short label for lists: "Booked", "Did not attend", … */
export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  arrived: 'Arrived',
  'in-consultation': 'In consultation',
  finished: 'Finished',
  dna: 'Did not attend',
  'walked-out': 'Walked out',
  'cancelled-patient': 'Cancelled by patient',
  'cancelled-practice': 'Cancelled by practice',
};
