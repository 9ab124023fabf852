/**
 * Out-of-hours waits (issue 8): how long each patient has waited to be seen, against the target for their
 * triage priority, and the centre's report (contacts per hour, waits by priority against targets).
 *
 * Targets (minutes from arrival at the centre to starting the face-to-face consultation), the defaults of the
 * `outOfHours.targets` setting: emergency 60, urgent 120, less urgent 360. Source: the Department of Health's
 * "National Quality Requirements in the Delivery of Out-of-Hours Services" (2006), quality requirement 12
 * (face-to-face consultations: emergency within 1 hour, urgent within 2 hours, less urgent within 6 hours of
 * the definitive clinical assessment). Quoted from that publication as we know it, not from the material in
 * this repository (which holds no OOH standard): a deployment should confirm the targets its commissioner sets,
 * which is why they are a setting. We measure from arrival (the desk does not know when the assessment ended),
 * which is the stricter reading.
 *
 * Pure functions on instants: elapsed time, so a clock change during a wait neither adds nor loses an hour.
 */
import { formatLondon } from '../appointments/london-time';

export const OOH_PRIORITIES = ['emergency', 'urgent', 'less-urgent'] as const;
export type OohPriority = (typeof OOH_PRIORITIES)[number];

export const PRIORITY_LABEL: Record<OohPriority, string> = { emergency: 'Emergency', urgent: 'Urgent', 'less-urgent': 'Less urgent' };

export type WaitTargets = Record<OohPriority, number>;
export const DEFAULT_TARGET_MINUTES: WaitTargets = { emergency: 60, urgent: 120, 'less-urgent': 360 };

const MINUTE = 60_000;

/** "1 hour 5 minutes", "45 minutes", "2 hours", "less than a minute". */
export function durationWords(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m === 0) return 'less than a minute';
  const h = Math.floor(m / 60);
  const rest = m % 60;
  const hours = h > 0 ? `${h} ${h === 1 ? 'hour' : 'hours'}` : '';
  const mins = rest > 0 ? `${rest} ${rest === 1 ? 'minute' : 'minutes'}` : '';
  return [hours, mins].filter(Boolean).join(' ');
}

export interface WaitInput {
  arrivedAt: string;
  /** When the clinician started seeing them; null while they wait. */
  seenAt: string | null;
  priority: OohPriority;
}

export interface WaitStatus {
  /** Whole minutes from arrival to being seen (or to now, while waiting). */
  waitedMinutes: number;
  targetMinutes: number;
  /** Arrival + target. */
  dueAt: string;
  /** Minutes left before the target (negative once past it). */
  minutesLeft: number;
  /** Still waiting and past the target. */
  overdue: boolean;
  /** Seen: within the target or not; null while waiting. */
  met: boolean | null;
  /** The state in words, for the board and screen readers. */
  words: string;
}

export function waitStatus(e: WaitInput, now: Date, targets: WaitTargets = DEFAULT_TARGET_MINUTES): WaitStatus {
  const arrived = Date.parse(e.arrivedAt);
  const end = e.seenAt ? Date.parse(e.seenAt) : now.getTime();
  const waitedMinutes = Math.max(0, Math.floor((end - arrived) / MINUTE));
  const targetMinutes = targets[e.priority];
  const dueMs = arrived + targetMinutes * MINUTE;
  // While waiting, "waited" and "left" always add up to the target (both whole minutes of the same instant).
  const minutesLeft = e.seenAt ? Math.floor((dueMs - now.getTime()) / MINUTE) : targetMinutes - waitedMinutes;
  const target = `the ${durationWords(targetMinutes)} target`;
  if (e.seenAt) {
    const met = waitedMinutes <= targetMinutes;
    const words = met
      ? `Seen after ${durationWords(waitedMinutes)}, within ${target}`
      : `Seen after ${durationWords(waitedMinutes)}, ${durationWords(waitedMinutes - targetMinutes)} over ${target}`;
    return { waitedMinutes, targetMinutes, dueAt: new Date(dueMs).toISOString(), minutesLeft, overdue: false, met, words };
  }
  const overdue = now.getTime() > dueMs;
  const words = overdue
    ? `Overdue by ${durationWords(waitedMinutes - targetMinutes)} (${target})`
    : `Waiting ${durationWords(waitedMinutes)}; ${durationWords(Math.max(0, minutesLeft))} left of ${target}`;
  return { waitedMinutes, targetMinutes, dueAt: new Date(dueMs).toISOString(), minutesLeft, overdue, met: null, words };
}

/** Most urgent first, then overdue first, then the longest wait: the order a board is read in. */
export function boardOrder(a: WaitInput & { status: WaitStatus }, b: WaitInput & { status: WaitStatus }): number {
  const rank = (p: OohPriority) => OOH_PRIORITIES.indexOf(p);
  return rank(a.priority) - rank(b.priority) || Number(b.status.overdue) - Number(a.status.overdue) || a.arrivedAt.localeCompare(b.arrivedAt);
}

export interface HourCount {
  /** Start of the hour (ISO instant). */
  hour: string;
  /** "18:00–19:00", London time. */
  label: string;
  contacts: number;
}

/** Arrivals per clock hour from `from` (rounded down to the hour) up to `to`, London labels. */
export function contactsPerHour(arrivals: readonly string[], from: Date, to: Date): HourCount[] {
  const HOUR = 60 * MINUTE;
  const start = Math.floor(from.getTime() / HOUR) * HOUR; // London offsets are whole hours
  const out: HourCount[] = [];
  for (let t = start; t < to.getTime(); t += HOUR) {
    out.push({ hour: new Date(t).toISOString(), label: `${formatLondon(new Date(t), 'HH:mm')}–${formatLondon(new Date(t + HOUR), 'HH:mm')}`, contacts: 0 });
  }
  for (const a of arrivals) {
    const i = Math.floor((Date.parse(a) - start) / HOUR);
    if (i >= 0 && i < out.length) out[i]!.contacts++;
  }
  return out;
}

export interface PriorityWaits {
  priority: OohPriority;
  targetMinutes: number;
  /** Contacts of this priority in the period. */
  contacts: number;
  seen: number;
  /** Seen within the target. */
  seenWithinTarget: number;
  /** Still waiting now. */
  waiting: number;
  /** Still waiting and past the target. */
  waitingOverdue: number;
  /** Of those seen; null when none were. */
  medianWaitMinutes: number | null;
  longestWaitMinutes: number | null;
  /** Seen within target / seen, as a whole percentage; null when none were seen. */
  percentWithinTarget: number | null;
}

export function waitsByPriority(encounters: readonly WaitInput[], now: Date, targets: WaitTargets = DEFAULT_TARGET_MINUTES): PriorityWaits[] {
  return OOH_PRIORITIES.map((priority) => {
    const mine = encounters.filter((e) => e.priority === priority).map((e) => waitStatus(e, now, targets));
    const seen = mine.filter((s) => s.met !== null);
    const waits = seen.map((s) => s.waitedMinutes).sort((a, b) => a - b);
    const within = seen.filter((s) => s.met).length;
    return {
      priority,
      targetMinutes: targets[priority],
      contacts: mine.length,
      seen: seen.length,
      seenWithinTarget: within,
      waiting: mine.length - seen.length,
      waitingOverdue: mine.filter((s) => s.overdue).length,
      medianWaitMinutes: waits.length ? median(waits) : null,
      longestWaitMinutes: waits.length ? waits.at(-1)! : null,
      percentWithinTarget: seen.length ? Math.round((100 * within) / seen.length) : null,
    };
  });
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
