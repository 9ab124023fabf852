import { useEffect, useRef, useState } from 'react';
import type { SlotView } from '../../../../shared/contract/appointments';
import { can } from '../../../../shared/domain/roles';
import { useBookStore } from '../../stores/book.store';
import { useSessionStore } from '../../stores/session.store';
import { appointmentsIn, slotStateLines } from './book-words';
import { AppointmentPanel } from './AppointmentPanel';
import { BookingPanel } from './BookingPanel';
import { DayView } from './DayView';
import { FindSlot } from './FindSlot';
import { HelpDialog } from './HelpDialog';
import { isTypingTarget } from './shortcuts';
import { OnlineFeed } from './OnlineFeed';
import { WaitingRoom } from './WaitingRoom';
import { WeekView } from './WeekView';

/**
 * The Appointments view: the day's book, the open slot's panel, find-a-slot and the waiting room.
 * Owns focus between them and the view-wide keys: F find, G grid, Shift+W day/week, ? help, Esc closes the panel (back to the grid).
 * The grid is the day's (every clinician) or, in week mode, one clinician's Monday to Friday; `gridRef` is whichever is shown.
 */
export function BookView() {
  const gridRef = useRef<HTMLDivElement>(null);
  const findRef = useRef<HTMLSelectElement>(null);
  const freeListRef = useRef<HTMLDivElement>(null);
  const [help, setHelp] = useState(false);
  const panelSlot = useBookStore((s) => s.panelSlot);
  const notice = useBookStore((s) => s.notice);
  const actionError = useBookStore((s) => s.actionError);
  const hasBook = useBookStore((s) => s.dayBook !== null);
  const mode = useBookStore((s) => s.mode);
  // Re-render when the shown grid appears (the week's arrives after its five days have loaded).
  const gridShown = useBookStore((s) => (s.mode === 'week' ? s.weekBooks !== null : s.dayBook !== null));
  // Set when the day view is opened from a week cell: the day grid takes focus once it is shown.
  const focusGridNext = useRef(false);

  useEffect(() => useBookStore.getState().start(), []);
  useEffect(() => {
    void useBookStore.getState().load();
  }, []);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const s = useBookStore.getState();
      if (e.key === 'Escape') {
        if (s.panelSlot) {
          e.preventDefault();
          s.closePanel();
          gridRef.current?.focus();
        } else if (s.moving) {
          e.preventDefault();
          s.stopMove();
          gridRef.current?.focus();
        }
        return;
      }
      if (isTypingTarget(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
      } else if (e.key === 'W' && e.shiftKey) {
        // Plain W is "walked out" in the grid; Shift+W swaps day and week and stays on the (new) grid.
        e.preventDefault();
        focusGridNext.current = true;
        void s.setMode(s.mode === 'week' ? 'day' : 'week');
      } else if (e.key.toLowerCase() === 'f') {
        e.preventDefault();
        findRef.current?.focus();
      } else if (e.key.toLowerCase() === 'g') {
        e.preventDefault();
        gridRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // Opening the view lands on the grid once the book is there, unless the user has already gone elsewhere.
  const landed = useRef(false);
  useEffect(() => {
    if (!hasBook || landed.current) return;
    landed.current = true;
    const el = document.activeElement;
    if (!el || el === document.body || el.closest('nav')) gridRef.current?.focus();
  }, [hasBook]);

  // A panel that closes (booked, cancelled, Close) hands focus back to the grid, not to nowhere.
  const hadPanel = useRef(false);
  useEffect(() => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (hadPanel.current && !panelSlot && lost) gridRef.current?.focus();
    hadPanel.current = panelSlot !== null;
  }, [panelSlot]);

  useEffect(() => {
    if (!focusGridNext.current || !gridShown || !gridRef.current) return;
    focusGridNext.current = false;
    gridRef.current.focus();
  });

  const open = (slot: SlotView) => useBookStore.getState().openPanel(slot);
  const openDay = (day: string, slotId: string) => {
    focusGridNext.current = true;
    void useBookStore.getState().openDayAt(day, slotId);
  };

  return (
    <div className="book">
      <h1 className="visually-hidden">Appointments</h1>
      <div className="book__bar">
        <div role="group" aria-label="View" className="book__mode">
          {(['day', 'week'] as const).map((m) => (
            <button
              key={m}
              type="button"
              className="button button--small"
              aria-pressed={mode === m}
              aria-keyshortcuts="Shift+W"
              onClick={() => {
                focusGridNext.current = false; // the button keeps focus
                void useBookStore.getState().setMode(m);
              }}
            >
              {m === 'day' ? 'Day' : 'Week'}
            </button>
          ))}
        </div>
        <p role="status" className="book__notice">
          {notice ?? ''}
        </p>
        <button type="button" className="button button--small" aria-keyshortcuts="?" onClick={() => setHelp(true)}>
          Keyboard shortcuts (?)
        </button>
      </div>
      {actionError && (
        <div role="alert" className="notice notice--alert">
          {actionError}
        </div>
      )}
      <div className="book__layout">
        {mode === 'week' ? <WeekView gridRef={gridRef} onOpenDay={openDay} /> : <DayView gridRef={gridRef} onOpen={open} />}
        <aside className="book__side" aria-label="Booking tools">
          {panelSlot && <SlotPanel key={panelSlot.id} slot={panelSlot} onClose={() => gridRef.current?.focus()} />}
          <FindSlot firstFieldRef={findRef} listRef={freeListRef} />
          <WaitingRoom />
          <OnlineFeed />
        </aside>
      </div>
      {help && <HelpDialog onClose={() => setHelp(false)} />}
    </div>
  );
}

/** The open slot: book it, act on its appointment, or say why it cannot be booked. */
function SlotPanel({ slot, onClose }: { slot: SlotView; onClose(): void }) {
  const dayBook = useBookStore((s) => s.dayBook);
  const mode = useBookStore((s) => s.panelMode);
  const role = useSessionStore((s) => (s.session?.state === 'active' ? s.session.user.roleCode : null));
  const canOverbook = role !== null && can(role, 'appointments.overbook');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const current = dayBook?.slots.find((s) => s.id === slot.id) ?? slot;
  const appointments = dayBook ? appointmentsIn(dayBook, current.id) : [];
  const booking = mode === 'view' ? null : mode;

  useEffect(() => {
    if (!booking) headingRef.current?.focus();
  }, [booking]);

  const title = booking === 'overbook' ? 'Double-book this slot' : booking === 'book' ? 'Book this slot' : appointments.length > 0 ? 'Appointment' : 'Slot';
  return (
    <section className="book-panel" aria-labelledby="book-panel-title">
      <h2 id="book-panel-title" ref={headingRef} tabIndex={-1} className="book-panel__title">
        {title}
      </h2>
      {booking && <BookingPanel slot={current} overbook={booking === 'overbook'} />}
      {!booking && appointments.length > 0 && <AppointmentPanel slot={current} appointments={appointments} canOverbook={canOverbook} />}
      {!booking && appointments.length === 0 && (
        <>
          <p>
            {dayBook ? slotStateLines(dayBook, current).join('. ') : ''}: this slot cannot be booked{current.display === 'embargoed' ? ' yet' : ''}.
          </p>
          <div className="book-panel__buttons">
            {canOverbook && current.display === 'booked' && (
              <button type="button" className="button" onClick={() => useBookStore.getState().startOverbook()}>
                Double-book with a reason
              </button>
            )}
            <button
              type="button"
              className="button"
              onClick={() => {
                useBookStore.getState().closePanel();
                onClose();
              }}
            >
              Close
            </button>
          </div>
        </>
      )}
    </section>
  );
}
