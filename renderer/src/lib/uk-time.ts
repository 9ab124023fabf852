import { format } from 'date-fns';

/**
 * Times are shown on the UK clock (24-hour, Europe/London) whatever zone the desk PC is set to,
 * because "last updated 09:30" must mean the same thing to everyone in the surgery.
 */
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' });

const parse = (iso: string): Date | null => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** "14:05"; empty when the timestamp cannot be read. */
export function formatUkTime(iso: string | null | undefined): string {
  const d = iso ? parse(iso) : null;
  return d ? TIME.format(d) : '';
}

function ukDay(d: Date): Date {
  const parts = Object.fromEntries(DAY.formatToParts(d).map((p) => [p.type, p.value]));
  return new Date(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
}

/**
 * "14:05" when it was today (UK), "14:05 on 12-Mar-2026" otherwise: a bare time from days ago
 * would make a stale local copy look fresh.
 */
export function formatUkTimestamp(iso: string | null | undefined, now: Date = new Date()): string {
  const d = iso ? parse(iso) : null;
  if (!d) return '';
  const day = ukDay(d);
  const sameDay = day.getTime() === ukDay(now).getTime();
  return sameDay ? TIME.format(d) : `${TIME.format(d)} on ${format(day, 'dd-MMM-yyyy')}`;
}

/** The label every local answer carries, so nobody mistakes a cached copy for a live national one. */
export function localCopyLabel(iso: string | null | undefined, now: Date = new Date()): string {
  const when = formatUkTimestamp(iso, now);
  return when ? `From local copy, last updated ${when}` : 'From local copy';
}

/** "12-Mar-2026 09:30" on the UK clock, for audit tables where the day always matters; empty when unreadable. */
export function formatUkDateTime(iso: string | null | undefined): string {
  const d = iso ? parse(iso) : null;
  return d ? `${format(ukDay(d), 'dd-MMM-yyyy')} ${TIME.format(d)}` : '';
}
