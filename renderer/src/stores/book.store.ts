import type { z } from 'zod';
import type { AppointmentView, DayBook, SlotView, WaitingPatient as WaitingPatientSchema } from '../../../shared/contract/appointments';
import { STATUS_LABEL, type AppointmentAction } from '../../../shared/domain/appointments/appointment-status';
import { checkNhsNumber } from '../../../shared/domain/nhs-number';
import type { AppError } from '../../../shared/result';
import { bookApi } from '../features/book/book.api';
import { addDays, appointmentsIn, isFree, timeOf, todayInLondon } from '../features/book/book-words';
import { atLondonTime, formatLondon } from '../../../shared/domain/appointments/london-time';
import { create } from 'zustand';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';
import { sessionIdOf, useSessionStore } from './session.store';

export type WaitingPatient = z.infer<typeof WaitingPatientSchema>;
export type ContactPreference = AppointmentView['contactPreference'];
export type DeskAction = Exclude<AppointmentAction, 'cancel-by-patient' | 'cancel-by-practice'>;
export type TimeOfDay = 'morning' | 'afternoon' | 'evening';

export const REASON_MAX = 100;
export const OVERBOOK_REASON_MIN = 5;

export interface FindFilters {
  clinicianId: string; // '' = any
  slotTypeId: string;
  siteId: string;
  timeOfDay: TimeOfDay | '';
  onTheDayOnly: boolean;
}

export interface BookingForm {
  nhsNumber: string;
  reason: string;
  contactPreference: ContactPreference;
  overbookReason: string;
}

export interface BookState {
  /** The Appointments view is showing (the desk's other views live in the desk store). */
  shown: boolean;
  /** The London day on show; null until first loaded (= today). */
  day: string | null;
  dayStatus: 'idle' | 'loading' | 'ready' | 'error';
  dayBook: DayBook | null;
  dayError: string | null;
  /** The site the day view is narrowed to ('' = all sites); kept while the day changes. */
  siteId: string;
  /** The site `dayBook` was loaded for, so the grid shows itself busy until the chosen site's book arrives. */
  dayBookSiteId: string;
  /** The slot the grid's cursor is on. */
  activeSlotId: string | null;

  /** The slot whose panel is open (from the grid or from find results), with a copy for slots on other days. */
  panelSlot: SlotView | null;
  /**
   * What the panel is for, decided when it opens (so a refusal does not swap the form away from under the user):
   * 'book' a free slot, 'overbook' a taken one with a reason (roles that may), or 'view' the slot and its appointments.
   */
  panelMode: 'book' | 'overbook' | 'view';
  form: BookingForm;
  /** Which field the booking error is about, so it is shown there and the field marked invalid. */
  formField: 'nhsNumber' | 'overbookReason' | null;
  bookBusy: boolean;
  bookError: string | null;

  actionBusy: boolean;
  actionError: string | null;
  /** Last thing done, for the status line ("Booked SMITH, Jane at 09:10."). */
  notice: string | null;
  /** An appointment being moved: picking a found slot moves it there instead of booking. */
  moving: AppointmentView | null;

  filters: FindFilters;
  findStatus: 'idle' | 'searching' | 'results' | 'error';
  found: SlotView[];
  findError: string | null;
  findActive: number;

  waiting: WaitingPatient[] | null;
  waitingError: string | null;

  /** Day view (every clinician, one day) or week view (one clinician, Monday to Friday). */
  mode: 'day' | 'week';
  /** The clinician the week view shows; null = the day's first clinician. */
  weekClinicianId: string | null;
  /** The Monday of the week on show; null until the week view is first opened (= the week of the day on show). */
  weekStart: string | null;
  weekStatus: 'idle' | 'loading' | 'ready' | 'error';
  /** Monday to Friday, as the core answered for each day. */
  weekBooks: DayBook[] | null;
  weekError: string | null;
  /** The slot the week grid's cursor is on. */
  weekActiveSlotId: string | null;

  show(): void;
  hide(): void;
  setDay(day: string): Promise<void>;
  /** Narrow the day view to one site ('' = all sites) and load the day for it. */
  setSite(siteId: string): Promise<void>;
  load(): Promise<void>;
  setActive(slotId: string): void;
  openPanel(slot: SlotView): void;
  closePanel(): void;
  startOverbook(): void;
  setForm(patch: Partial<BookingForm>): void;
  submitBooking(): Promise<boolean>;
  act(appointment: AppointmentView, action: DeskAction): Promise<void>;
  cancel(appointment: AppointmentView, by: 'patient' | 'practice', reason: string): Promise<boolean>;
  startMove(appointment: AppointmentView): void;
  stopMove(): void;
  setFilters(patch: Partial<FindFilters>): void;
  find(): Promise<void>;
  setFindActive(index: number): void;
  /** Enter on a found slot: start booking it, or move the appointment being moved there. */
  pickFound(index: number): Promise<void>;
  loadWaiting(): Promise<void>;
  /** Day or week view; opening the week view loads the week of the day on show (unless a week is already chosen). */
  setMode(mode: 'day' | 'week'): Promise<void>;
  setWeekClinician(clinicianId: string): void;
  /** Show the week starting on this Monday. */
  setWeek(monday: string): Promise<void>;
  loadWeek(): Promise<void>;
  setWeekActive(slotId: string): void;
  /** From the week view: the day view of `day`, with the cursor on `slotId`. */
  openDayAt(day: string, slotId: string): Promise<void>;
  /** Follow the core's `changed` pushes; returns the stop function. */
  start(): () => void;
  reset(): void;
}

const emptyForm: BookingForm = { nhsNumber: '', reason: '', contactPreference: 'phone', overbookReason: '' };
const emptyFilters: FindFilters = { clinicianId: '', slotTypeId: '', siteId: '', timeOfDay: '', onTheDayOnly: false };

const initial = {
  shown: false,
  day: null,
  dayStatus: 'idle',
  dayBook: null,
  dayError: null,
  siteId: '',
  dayBookSiteId: '',
  activeSlotId: null,
  panelSlot: null,
  panelMode: 'view',
  form: emptyForm,
  formField: null,
  bookBusy: false,
  bookError: null,
  actionBusy: false,
  actionError: null,
  notice: null,
  moving: null,
  filters: emptyFilters,
  findStatus: 'idle',
  found: [],
  findError: null,
  findActive: -1,
  waiting: null,
  waitingError: null,
  mode: 'day',
  weekClinicianId: null,
  weekStart: null,
  weekStatus: 'idle',
  weekBooks: null,
  weekError: null,
  weekActiveSlotId: null,
} as const satisfies Partial<BookState>;

/** The core's refusals for the book are written for the desk; the search's "add a first name" advice does not fit them. */
const say = (error: AppError): string => (error.code === 'TOO_MANY_MATCHES' ? error.message : describeError(error));

const ids = (id: string): string[] | undefined => (id ? [id] : undefined);

/** The Monday of the (Monday to Sunday) week holding a London day. */
export function mondayOf(day: string): string {
  const isoWeekday = Number(formatLondon(atLondonTime(day, '12:00'), 'i')); // 1 = Monday … 7 = Sunday
  return addDays(day, 1 - isoWeekday);
}

/** Monday to Friday of the week starting on `monday`. */
export const weekdaysFrom = (monday: string): string[] => [0, 1, 2, 3, 4].map((n) => addDays(monday, n));

export const useBookStore = create<BookState>()((set, get) => {
  // Only the newest request of each kind may write its answer.
  let daySeq = 0;
  let findSeq = 0;
  let waitSeq = 0;
  let weekSeq = 0;

  /** After a change: the day again, and the found slots (one may just have been taken). */
  function refresh(): void {
    void get().load();
    if (get().findStatus === 'results') void get().find();
  }

  return {
    ...initial,

    show: () => set({ shown: true }),
    hide: () => set({ shown: false }),

    setDay(day) {
      set({ day, activeSlotId: null });
      return get().load();
    },

    setSite(siteId) {
      // The cursor stays where it is if its slot is at the chosen site (load() keeps it only then).
      set({ siteId });
      return get().load();
    },

    async load() {
      const day = get().day ?? todayInLondon();
      const siteId = get().siteId;
      const seq = ++daySeq;
      // The old book stays on screen while the new one loads (a refresh must not blank the desk).
      set({ day, dayStatus: 'loading' });
      // No siteId at all for "all sites": the verb's input is strict and '' names no site.
      const r = await bookApi().day(siteId ? { day, siteId } : { day });
      if (seq !== daySeq) return;
      if (!r.ok) {
        set({ dayStatus: 'error', dayError: say(r.error) });
        return;
      }
      const dayBook = r.value;
      const { activeSlotId, panelSlot } = get();
      const stillThere = (id: string | null) => id !== null && dayBook.slots.some((s) => s.id === id);
      set({
        dayStatus: 'ready',
        dayBook,
        dayBookSiteId: siteId,
        dayError: null,
        activeSlotId: stillThere(activeSlotId) ? activeSlotId : null,
        // The open panel follows the slot's new state.
        panelSlot: panelSlot ? (dayBook.slots.find((s) => s.id === panelSlot.id) ?? panelSlot) : null,
      });
    },

    setActive: (slotId) => set({ activeSlotId: slotId }),

    openPanel(slot) {
      const { dayBook, form } = get();
      const current = dayBook?.slots.find((s) => s.id === slot.id) ?? slot;
      const empty = !dayBook || appointmentsIn(dayBook, current.id).length === 0;
      // Typed input is kept (a refused booking is retried in another slot without typing it all again).
      set({
        panelSlot: current,
        panelMode: empty && isFree(current) ? 'book' : 'view',
        bookError: null,
        actionError: null,
        formField: null,
        form: { ...form, overbookReason: '' },
      });
    },

    closePanel: () => set({ panelSlot: null, panelMode: 'view', bookError: null, formField: null, actionError: null }),
    startOverbook: () => set({ panelMode: 'overbook', bookError: null, formField: null }),
    setForm: (patch) => set({ form: { ...get().form, ...patch } }),

    async submitBooking() {
      const { panelSlot: slot, form, panelMode, dayBook } = get();
      if (!slot || get().bookBusy) return false;
      const nhs = checkNhsNumber(form.nhsNumber);
      if (!nhs.valid) {
        set({ bookError: form.nhsNumber.trim() ? nhs.message : 'Enter the patient’s NHS number.', formField: 'nhsNumber' });
        return false;
      }
      const taken = !isFree(slot) || (dayBook ? appointmentsIn(dayBook, slot.id).length > 0 : false);
      const overbook = panelMode === 'overbook' && taken;
      if (overbook && form.overbookReason.trim().length < OVERBOOK_REASON_MIN) {
        set({ bookError: 'Say why the slot is being double-booked (at least 5 characters).', formField: 'overbookReason' });
        return false;
      }
      const reason = form.reason.trim();
      const input = {
        slotId: slot.id,
        nhsNumber: nhs.value,
        contactPreference: form.contactPreference,
        ...(reason ? { reason } : {}),
        ...(overbook ? { overbookReason: form.overbookReason.trim() } : {}),
      };
      set({ bookBusy: true, bookError: null, formField: null });
      const r = await bookApi().book(input);
      set({ bookBusy: false });
      if (r.ok) {
        set({
          notice: `Booked ${r.value.patientName} at ${timeOf(r.value.start)}.`,
          panelSlot: null,
          panelMode: 'view',
          form: emptyForm,
          activeSlotId: slot.id,
        });
        refresh();
        return true;
      }
      // The slot may have been taken meanwhile: say so, keep what was typed, and show the book as it is now.
      set({ bookError: say(r.error) });
      refresh();
      return false;
    },

    async act(appointment, action) {
      if (get().actionBusy) return;
      set({ actionBusy: true, actionError: null });
      const r = await bookApi().act({ appointmentId: appointment.id, action });
      set({ actionBusy: false });
      if (r.ok) set({ notice: `${r.value.patientName}: ${STATUS_LABEL[r.value.status]}.` });
      else set({ actionError: say(r.error) });
      refresh();
    },

    async cancel(appointment, by, reason) {
      if (get().actionBusy) return false;
      set({ actionBusy: true, actionError: null });
      const r = await bookApi().cancel({ appointmentId: appointment.id, by, reason: reason.trim() });
      set({ actionBusy: false });
      if (r.ok) set({ notice: `Cancelled ${r.value.patientName}’s appointment at ${timeOf(r.value.start)}.`, panelSlot: null });
      else set({ actionError: say(r.error) });
      refresh();
      return r.ok;
    },

    startMove: (appointment) => set({ moving: appointment, notice: null }),
    stopMove: () => set({ moving: null }),

    setFilters: (patch) => set({ filters: { ...get().filters, ...patch } }),

    async find() {
      const { filters } = get();
      const seq = ++findSeq;
      set({ findStatus: 'searching', findError: null });
      const r = await bookApi().findFree({
        clinicianIds: ids(filters.clinicianId),
        slotTypeIds: ids(filters.slotTypeId),
        siteIds: ids(filters.siteId),
        timeOfDay: filters.timeOfDay || undefined,
        onTheDayOnly: filters.onTheDayOnly || undefined,
        limit: 10,
      });
      if (seq !== findSeq) return;
      if (r.ok) set({ findStatus: 'results', found: r.value, findActive: r.value.length > 0 ? 0 : -1 });
      else set({ findStatus: 'error', findError: say(r.error), found: [], findActive: -1 });
    },

    setFindActive(index) {
      const n = get().found.length;
      if (n > 0) set({ findActive: Math.max(0, Math.min(n - 1, index)) });
    },

    async pickFound(index) {
      const slot = get().found[index];
      if (!slot) return;
      set({ findActive: index });
      const { moving } = get();
      if (!moving) {
        get().openPanel(slot);
        return;
      }
      set({ actionBusy: true, actionError: null });
      const r = await bookApi().move({ appointmentId: moving.id, toSlotId: slot.id });
      set({ actionBusy: false });
      if (r.ok) set({ moving: null, panelSlot: null, notice: `Moved ${r.value.patientName} to ${timeOf(r.value.start)}.` });
      else set({ actionError: say(r.error) });
      refresh();
    },

    async loadWaiting() {
      const seq = ++waitSeq;
      const r = await bookApi().waitingRoom({});
      if (seq !== waitSeq) return;
      if (r.ok) set({ waiting: r.value, waitingError: null });
      else set({ waitingError: say(r.error) });
    },

    async setMode(mode) {
      if (get().mode === mode) return;
      set({ mode });
      if (mode !== 'week') return;
      if (!get().weekStart) set({ weekStart: mondayOf(get().day ?? todayInLondon()) });
      await get().loadWeek();
    },

    setWeekClinician: (clinicianId) => set({ weekClinicianId: clinicianId, weekActiveSlotId: null }),

    setWeek(monday) {
      set({ weekStart: monday, weekActiveSlotId: null });
      return get().loadWeek();
    },

    async loadWeek() {
      const monday = get().weekStart ?? mondayOf(get().day ?? todayInLondon());
      const seq = ++weekSeq;
      // Like the day: the old week stays on screen while the new one loads.
      set({ weekStart: monday, weekStatus: 'loading' });
      // Five ordinary `book:day` calls: the week needs no verb of its own.
      const answers = await Promise.all(weekdaysFrom(monday).map((day) => bookApi().day({ day })));
      if (seq !== weekSeq) return;
      const refused = answers.find((r) => !r.ok);
      if (refused && !refused.ok) {
        set({ weekStatus: 'error', weekError: say(refused.error) });
        return;
      }
      const weekBooks = answers.flatMap((r) => (r.ok ? [r.value] : []));
      const { weekActiveSlotId } = get();
      const stillThere = weekActiveSlotId !== null && weekBooks.some((b) => b.slots.some((s) => s.id === weekActiveSlotId));
      set({ weekStatus: 'ready', weekBooks, weekError: null, weekActiveSlotId: stillThere ? weekActiveSlotId : null });
    },

    setWeekActive: (slotId) => set({ weekActiveSlotId: slotId }),

    openDayAt(day, slotId) {
      // The week already holds that day's book: show it at once (so the cursor has its slot), then refresh it.
      const known = get().weekBooks?.find((b) => b.day === day);
      // The week shows every site: a slot at another site than the chosen one widens the day view to all sites,
      // or the cursor would have nowhere to land.
      const slotSite = known?.slots.find((s) => s.id === slotId)?.siteId;
      const siteId = slotSite !== undefined && get().siteId && slotSite !== get().siteId ? '' : get().siteId;
      set({
        mode: 'day',
        day,
        siteId,
        activeSlotId: slotId,
        weekActiveSlotId: slotId,
        // The week's copy is every site's, so it stands in only when the day view shows every site.
        ...(known && !siteId ? { dayBook: known, dayBookSiteId: '', dayStatus: 'ready' as const, dayError: null } : {}),
      });
      return get().load();
    },

    start() {
      return getApi().on('changed', ({ tables }) => {
        if ((tables.includes('appointments') || tables.includes('slots')) && get().mode === 'week') void get().loadWeek();
        if (tables.includes('appointments') || tables.includes('slots')) void get().load();
        if (tables.includes('appointments')) void get().loadWaiting();
      });
    },

    reset() {
      daySeq++;
      findSeq++;
      waitSeq++;
      weekSeq++;
      set({ ...initial });
    },
  };
});

// A different person (or nobody) now holds the desk: forget the book, as session.store forgets the other stores.
useSessionStore.subscribe((next, prev) => {
  if (sessionIdOf(next.session) !== sessionIdOf(prev.session)) useBookStore.getState().reset();
});
