/**
 * The practice's turnaround target for a repeat request: decided within n working days of arriving (2 by
 * default; England bank holidays and local closures do not count). Built on the working-day calendar, so a
 * request in on Thursday 24 December is due on Wednesday 30th, and one in on the Friday before the October
 * clock change is due on the Tuesday at the same wall-clock time.
 */
import { addWorkingDays, describeWorkingTimeLeft, workingTimeLeft } from '../calendar/working-days';
import { isOpen, type RxState } from './request-state';

export const DEFAULT_TURNAROUND_WORKING_DAYS = 2;

export interface Turnaround {
  deadline: Date;
  /** False once the request has been decided (approved, rejected or cancelled): the clock stops then. */
  counting: boolean;
  overdue: boolean;
  /** Working minutes left, or by which the deadline was missed; 0 once decided. */
  minutes: number;
  /** "1 working day 4 hours left", "overdue by 3 working hours"; null once decided. */
  text: string | null;
}

export function turnaroundDeadline(receivedAt: Date, closures: ReadonlySet<string>, targetWorkingDays = DEFAULT_TURNAROUND_WORKING_DAYS): Date {
  return addWorkingDays(receivedAt, targetWorkingDays, closures);
}

/** Where a request stands against the target at `now`. */
export function turnaround(
  r: { receivedAt: Date; state: RxState },
  now: Date,
  closures: ReadonlySet<string>,
  targetWorkingDays = DEFAULT_TURNAROUND_WORKING_DAYS,
  /** The deadline when the caller has already worked it out (it depends only on receivedAt, closures and target). */
  knownDeadline?: Date,
): Turnaround {
  const deadline = knownDeadline ?? turnaroundDeadline(r.receivedAt, closures, targetWorkingDays);
  if (!isOpen(r.state)) return { deadline, counting: false, overdue: false, minutes: 0, text: null };
  const left = workingTimeLeft(now, deadline, closures);
  return { deadline, counting: true, overdue: left.overdue, minutes: left.minutes, text: describeWorkingTimeLeft(left) };
}
