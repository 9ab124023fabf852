/**
 * The appointment book as the rota sees it, for any range of days: the national service's copy (read 28 days at a
 * time, its limit for the practice's own all-states search) with what only this desk knows laid over it
 * (front-desk states, bookings waiting to be sent). The desk's local copy holds only 15 days, so it is the answer
 * only when the national service cannot be asked, and then the caller is told.
 */
import { addDays, dayNumber, eachDay } from '../../../shared/domain/calendar/days';
import { AppFailure } from '../../../shared/result';
import type { AppointmentRow, BookRepo, SlotRow } from '../db/repos/book.repo';
import type { NationalBook } from './appointments.service';

/** Days per national read: the sandbox/GP Connect-style all-states search allows a span of 28 days. */
const READ_DAYS = 28;

export interface RotaBook {
  slots: SlotRow[];
  appointments: AppointmentRow[];
  basis: 'national' | 'local-copy';
  /** Why the local copy was used, for the person reading a preview. */
  note: string | null;
}

export class RotaBookReader {
  constructor(
    private readonly d: {
      national: Pick<NationalBook, 'fetchRange'> | null;
      repo: BookRepo;
      /** Turns a national failure into the AppFailure to show (rota.service's wording). */
      failure: (e: unknown, doing: string) => never;
    },
  ) {}

  /** The book from `from` to `to` (London days, both included). `national` = refuse rather than fall back to the local copy. */
  async read(from: string, to: string, mode: 'national' | 'national-or-local'): Promise<RotaBook> {
    if (!this.d.national) {
      if (mode === 'national') throw new AppFailure('SERVICE_UNREACHABLE', 'No appointments service is configured for this practice.');
      return this.local(from, to, 'No appointments service is configured: only the slots in this desk’s copy of the book were checked.');
    }
    try {
      const slots = new Map<string, SlotRow>();
      const appointments = new Map<string, AppointmentRow>();
      for (let start = from; dayNumber(start) <= dayNumber(to); start = addDays(start, READ_DAYS)) {
        const end = dayNumber(addDays(start, READ_DAYS - 1)) < dayNumber(to) ? addDays(start, READ_DAYS - 1) : to;
        const part = await this.d.national.fetchRange(start, end);
        for (const s of part.slots) slots.set(s.id, s);
        for (const a of part.appointments) appointments.set(a.id, a);
      }
      this.overlayLocal(from, to, slots, appointments);
      return { slots: [...slots.values()], appointments: [...appointments.values()], basis: 'national', note: null };
    } catch (e) {
      if (mode === 'national' || e instanceof AppFailure) this.d.failure(e, 'reading the appointment book');
      return this.local(from, to, 'The appointments service did not answer: only the slots in this desk’s copy of the book (today and the next 14 days) were checked.');
    }
  }

  /**
   * What the national copy cannot know: arrivals and other front-desk states, bookings saved here and not yet sent
   * (they hold their slot), and double-bookings kept at the desk.
   */
  private overlayLocal(from: string, to: string, slots: Map<string, SlotRow>, appointments: Map<string, AppointmentRow>): void {
    for (const day of eachDay(from, to)) {
      for (const a of this.d.repo.appointmentsForDay(day)) {
        const national = appointments.get(a.id);
        if (national) {
          if (national.status === 'booked' && a.status !== 'booked' && !a.status.startsWith('cancelled')) appointments.set(a.id, { ...national, status: a.status });
        } else if (slots.has(a.slotId) && (a.id.startsWith('pending-') || a.id.startsWith('local-'))) {
          appointments.set(a.id, a);
        }
      }
    }
  }

  private local(from: string, to: string, note: string): RotaBook {
    const slots: SlotRow[] = [];
    const appointments: AppointmentRow[] = [];
    for (const day of eachDay(from, to)) {
      slots.push(...this.d.repo.slotsForDay(day));
      appointments.push(...this.d.repo.appointmentsForDay(day));
    }
    return { slots, appointments, basis: 'local-copy', note };
  }
}
