/** What the rota's services share: their dependencies, the wording of national failures, ids and rebook rows. */
import { randomBytes } from 'node:crypto';
import type { RebookEntryView } from '../../../shared/contract/rota';
import { londonDay } from '../../../shared/domain/appointments/london-time';
import type { RebookEntry } from '../../../shared/domain/rota/leave';
import type { OpeningHours } from '../../../shared/domain/rota/opening-hours';
import { AppFailure } from '../../../shared/result';
import type { AppointmentRow, BookRepo } from '../db/repos/book.repo';
import type { RotaRepo } from '../db/repos/rota.repo';
import { NationalBusyError, NationalHttpError, NationalProtocolError, NationalUnreachableError } from '../national/national.errors';
import { PublishStoppedError, type SlotPublisher } from '../national/slot-publisher';
import type { NationalBook } from './appointments.service';
import type { AuditService } from './audit.service';

export interface RotaNational {
  fetchRange: NationalBook['fetchRange'];
  publish: SlotPublisher['publish'];
  setStatus: SlotPublisher['setStatus'];
}

export interface RotaDeps {
  repo: RotaRepo;
  /** The appointment book's local copy: clinicians, sites, and the days it holds. */
  book: BookRepo;
  /** null when no appointments service is configured: previews use the local copy, writes are refused. */
  national: RotaNational | null;
  /** Refresh the desk's copy of the book after slots were added or blocked. */
  refreshBook: () => Promise<void>;
  audit: AuditService;
  changed: (tables: string[]) => void;
  /** The book's clock (tests pin it to the sandbox's). */
  now: () => Date;
}

/** 'tpl-3f9a1c2e': short (it becomes part of every generated slot id) and unique enough for one practice. */
const WEEKDAY = { open: '08:00', close: '18:30' };
/** The hours a practice starts with until it sets its own: the GP contract's core hours, Monday to Friday. */
export const DEFAULT_OPENING_HOURS: OpeningHours = { mon: WEEKDAY, tue: WEEKDAY, wed: WEEKDAY, thu: WEEKDAY, fri: WEEKDAY, sat: null, sun: null };

export const newId = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export const today = (d: Pick<RotaDeps, 'now'>): string => londonDay(d.now());

export function practiceHours(repo: RotaRepo): { practice: OpeningHours; sites: Record<string, OpeningHours> } {
  const stored = repo.openingHours();
  return { practice: stored.practice ?? DEFAULT_OPENING_HOURS, sites: stored.sites };
}

export function clinicianNames(book: BookRepo): Record<string, string> {
  return Object.fromEntries(book.clinicians().map((c) => [c.id, c.name]));
}

export function national(d: Pick<RotaDeps, 'national'>): RotaNational {
  if (!d.national) throw new AppFailure('SERVICE_UNREACHABLE', 'No appointments service is configured for this practice.');
  return d.national;
}

/** A national failure in the words a practice manager needs: what did not happen, and what to do. */
export function nationalFailure(e: unknown, doing: string): never {
  if (e instanceof AppFailure) throw e;
  if (e instanceof PublishStoppedError) {
    const why = (() => {
      try {
        nationalFailure(e.cause, doing);
      } catch (inner) {
        return inner instanceof Error ? inner.message : String(inner);
      }
    })();
    throw new AppFailure('NATIONAL_ERROR', `${why} ${e.done} slots were added before it stopped: generating the same dates again adds the rest (nothing is added twice).`);
  }
  if (e instanceof NationalBusyError) {
    throw new AppFailure('SERVICE_BUSY', `The appointments service is busy, so ${doing} did not happen. Try again in ${e.retryAfterSeconds} seconds.`, e.retryAfterSeconds);
  }
  if (e instanceof NationalUnreachableError) throw new AppFailure('SERVICE_UNREACHABLE', `The appointments service is not answering, so ${doing} did not happen. Try again when it is back.`);
  if (e instanceof NationalHttpError && e.status === 409) {
    throw new AppFailure('NATIONAL_ERROR', `A slot was booked while ${doing} was under way, so it did not happen. Try again: the book has the latest bookings.`);
  }
  if (e instanceof NationalHttpError) {
    throw new AppFailure('NATIONAL_ERROR', `The appointments service refused ${doing} (${e.status}${e.spineCode ? ` ${e.spineCode}` : ''})${e.diagnostics ? `: ${e.diagnostics}` : ''}.`);
  }
  if (e instanceof NationalProtocolError) throw new AppFailure('NATIONAL_ERROR', `The appointments service gave an answer the desk could not read, so ${doing} may not have happened.`);
  throw e;
}

/** Rebook entries with who and when, for the list reception works through. */
export function rebookViews(entries: readonly RebookEntry[], appointments: readonly AppointmentRow[], names: Readonly<Record<string, string>>): RebookEntryView[] {
  const byId = new Map(appointments.map((a) => [a.id, a]));
  return entries.flatMap((r) => {
    const a = byId.get(r.appointmentId);
    if (!a) return [];
    return [{
      appointmentId: r.appointmentId, slotId: r.slotId, leaveId: r.leaveId, clinicianId: r.clinicianId, clinicianName: names[r.clinicianId] ?? r.clinicianId,
      start: r.start, end: r.end, nhsNumber: a.nhsNumber, patientName: a.patientName,
    }];
  });
}

/** One rota write at a time: two generations, or leave during a generation, never interleave their national calls. */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
