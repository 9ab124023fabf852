import { useCallback, useEffect, useId, useMemo, type KeyboardEvent, type RefObject } from 'react';
import { LoadFailed } from '../../components/LoadFailed';
import { locate, nearestRow, type Pos } from './grid-position';
import type { Clinician, DayBook, SlotView } from '../../../../shared/contract/appointments';
import { atLondonTime, formatLondon, londonMinuteOfDay } from '../../../../shared/domain/appointments/london-time';
import { mondayOf, useBookStore, weekdaysFrom } from '../../stores/book.store';
import { addDays, appointmentsIn, cellName, columnsOf, slotStateLines, slotTypeText, timeOf, todayInLondon } from './book-words';

/** One weekday of the chosen clinician: the day's book (for the words) and their slots that day. */
interface WeekColumn {
  day: string;
  book: DayBook | null;
  slots: SlotView[];
}


const noon = (day: string) => atLondonTime(day, '12:00');
/** "9 March 2026" */
export const weekLabel = (monday: string): string => formatLondon(noon(monday), 'd MMMM yyyy');
/** "Mon 9 Mar", the start of a week cell's name. */
const shortDay = (day: string): string => formatLondon(noon(day), 'EEE d MMM');



/**
 * One clinician's week, Monday to Friday, as an ARIA grid: a column per weekday, that day's slots down the rows.
 * Loaded with five `book:day` calls; Enter on a slot opens that day in the day view with the slot selected.
 * Focus stays on the grid and `aria-activedescendant` names the current cell, as in the day grid.
 */
export function WeekView({ gridRef, onOpenDay }: { gridRef: RefObject<HTMLDivElement | null>; onOpenDay(day: string, slotId: string): void }) {
  const dayBook = useBookStore((s) => s.dayBook);
  const storeDay = useBookStore((s) => s.day);
  const weekStart = useBookStore((s) => s.weekStart);
  const weekBooks = useBookStore((s) => s.weekBooks);
  const weekStatus = useBookStore((s) => s.weekStatus);
  const weekError = useBookStore((s) => s.weekError);
  const chosenId = useBookStore((s) => s.weekClinicianId);
  const { setWeek, setWeekClinician, loadWeek } = useBookStore.getState();
  const selectId = useId();

  const monday = weekStart ?? mondayOf(storeDay ?? todayInLondon());
  // The clinicians to choose from: the day's, then any others working that week.
  const clinicians = useMemo(() => {
    const all = new Map<string, Clinician>();
    for (const b of [dayBook, ...(weekBooks ?? [])]) for (const c of b?.clinicians ?? []) if (!all.has(c.id)) all.set(c.id, c);
    return [...all.values()];
  }, [dayBook, weekBooks]);
  const clinician = clinicians.find((c) => c.id === chosenId) ?? clinicians[0];

  return (
    <section className="book-week" aria-labelledby="book-week-heading">
      <div className="book-day__bar">
        <h2 id="book-week-heading" className="book-day__title">
          Week of {weekLabel(monday)}
        </h2>
        <div className="book-day__controls">
          <button type="button" className="button" onClick={() => void setWeek(addDays(monday, -7))}>
            Previous week
          </button>
          <button type="button" className="button" onClick={() => void setWeek(mondayOf(todayInLondon()))}>
            This week
          </button>
          <button type="button" className="button" onClick={() => void setWeek(addDays(monday, 7))}>
            Next week
          </button>
          <label htmlFor={selectId} className="field-label book-day__date-label">
            Clinician
          </label>
          <select id={selectId} className="text-input book-week__clinician" value={clinician?.id ?? ''} onChange={(e) => setWeekClinician(e.target.value)}>
            {clinicians.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        {weekStatus === 'loading' && (
          <span className="book-day__loading" role="status">
            Loading the week…
          </span>
        )}
      </div>
      {weekStatus === 'error' && weekError && <LoadFailed what="the week" error={weekError} onRetry={() => void loadWeek()} />}
      {!clinician && weekStatus === 'ready' && <p className="book-day__empty">No clinicians are working this week.</p>}
      {clinician && weekBooks && (
        <WeekGrid
          gridRef={gridRef}
          clinician={clinician}
          books={weekBooks}
          busy={weekBooks[0]?.day !== monday}
          onOpenDay={onOpenDay}
          onWeek={(step) => void setWeek(addDays(useBookStore.getState().weekStart ?? monday, 7 * step))}
        />
      )}
    </section>
  );
}

function WeekGrid({
  gridRef,
  clinician,
  books,
  busy,
  onOpenDay,
  onWeek,
}: {
  gridRef: RefObject<HTMLDivElement | null>;
  clinician: Clinician;
  books: DayBook[];
  busy: boolean;
  onOpenDay(day: string, slotId: string): void;
  onWeek(step: number): void;
}) {
  const activeSlotId = useBookStore((s) => s.weekActiveSlotId);
  const { setWeekActive } = useBookStore.getState();
  const baseId = useId();
  const monday = books[0]?.day ?? '';
  const cols: WeekColumn[] = useMemo(
    () =>
      weekdaysFrom(monday).map((day) => {
        const book = books.find((b) => b.day === day) ?? null;
        const slots = book ? (columnsOf(book).find((c) => c.clinician.id === clinician.id)?.slots ?? []) : [];
        return { day, book, slots };
      }),
    [books, clinician.id, monday],
  );
  const rowCount = cols.reduce((n, c) => Math.max(n, c.slots.length), 0);
  const filled = cols.flatMap((c, i) => (c.slots.length > 0 ? [i] : []));
  const pos = locate(cols, activeSlotId);
  const cellId = (slotId: string) => `${baseId}-cell-${slotId}`;
  const slotAt = (p: Pos) => cols[p.col]?.slots[p.row];
  const startPos = (): Pos | null => (filled[0] === undefined ? null : { col: filled[0], row: 0 });
  const goTo = (p: Pos) => {
    const s = slotAt(p);
    if (s) setWeekActive(s.id);
  };
  const attach = useCallback(
    (el: HTMLDivElement | null) => {
      gridRef.current = el;
    },
    [gridRef],
  );

  useEffect(() => {
    if (activeSlotId) document.getElementById(`${baseId}-cell-${activeSlotId}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeSlotId, baseId]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.metaKey || e.ctrlKey) return;
    if (e.altKey) {
      const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
      if (step) {
        e.preventDefault();
        onWeek(step);
      }
      return;
    }
    const here = pos ?? startPos();
    if (!here) return;
    const column = cols[here.col]!;
    const last = column.slots.length - 1;
    // The next weekday with slots, at the slot nearest this one's time of day.
    const sideways = (step: number) => {
      const current = column.slots[here.row];
      const minute = current ? londonMinuteOfDay(new Date(current.start)) : 0;
      const col = step > 0 ? filled.find((i) => i > here.col) : [...filled].reverse().find((i) => i < here.col);
      if (col !== undefined) goTo({ col, row: nearestRow(cols[col]!.slots, minute, (s) => londonMinuteOfDay(new Date(s.start))) });
    };
    const open = () => {
      const s = slotAt(here);
      if (s) onOpenDay(column.day, s.id);
    };
    const moves: Record<string, (() => void) | undefined> = {
      ArrowDown: () => goTo({ ...here, row: Math.min(last, here.row + 1) }),
      ArrowUp: () => goTo({ ...here, row: Math.max(0, here.row - 1) }),
      ArrowRight: () => sideways(1),
      ArrowLeft: () => sideways(-1),
      Home: () => goTo({ ...here, row: 0 }),
      End: () => goTo({ ...here, row: last }),
      Enter: open,
      ' ': open,
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    if (!pos && e.key !== 'Enter' && e.key !== ' ') goTo(here); // first key: land on the first slot
    else move();
  };

  const template = 'repeat(5, minmax(10rem, 1fr))';
  const label = `Week of ${weekLabel(monday)} for ${clinician.name}`;
  const active = pos ? slotAt(pos) : undefined;

  return (
    <div
      ref={attach}
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-colcount={5}
      aria-busy={busy || undefined}
      aria-activedescendant={active ? cellId(active.id) : undefined}
      tabIndex={0}
      className={`book-grid book-week__grid${busy ? ' book-grid--busy' : ''}`}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (!pos) {
          const p = startPos();
          if (p) goTo(p);
        }
      }}
    >
      <div role="rowgroup" className="book-grid__head">
        <div role="row" aria-rowindex={1} className="book-grid__row" style={{ gridTemplateColumns: template }}>
          {cols.map((c, i) => (
            <div role="columnheader" key={c.day} aria-colindex={i + 1} className="book-grid__clinician">
              <span className="book-grid__clinician-name">{formatLondon(noon(c.day), 'EEEE d MMMM')}</span>
              {c.slots.length === 0 && <span className="book-grid__clinician-role"> (no slots)</span>}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="book-grid__body">
        {Array.from({ length: rowCount }, (_, row) => (
          <div role="row" key={row} aria-rowindex={row + 2} className="book-grid__row book-grid__row--body" style={{ gridTemplateColumns: template }}>
            {cols.map((c, col) => {
              const slot = c.slots[row];
              if (!slot || !c.book) return <div role="gridcell" key={c.day} aria-colindex={col + 1} className="book-cell book-cell--none" />;
              return (
                <WeekCell
                  key={slot.id}
                  id={cellId(slot.id)}
                  colIndex={col + 1}
                  dayBook={c.book}
                  slot={slot}
                  name={`${shortDay(c.day)} ${cellName(c.book, slot, clinician)}`}
                  active={pos?.col === col && pos.row === row}
                  onClick={() => {
                    setWeekActive(slot.id);
                    onOpenDay(c.day, slot.id);
                  }}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function WeekCell({
  id,
  colIndex,
  dayBook,
  slot,
  name,
  active,
  onClick,
}: {
  id: string;
  colIndex: number;
  dayBook: DayBook;
  slot: SlotView;
  name: string;
  active: boolean;
  onClick(): void;
}) {
  const lines = slotStateLines(dayBook, slot);
  const appts = appointmentsIn(dayBook, slot.id);
  const tone = appts.length > 0 ? 'booked' : slot.display;
  const overbooked = appts.length > 1;
  const classes = ['book-cell', `book-cell--${tone}`, active && 'book-cell--active', overbooked && 'book-cell--overbooked'].filter(Boolean).join(' ');
  return (
    <div role="gridcell" id={id} aria-colindex={colIndex} aria-label={name} aria-selected={active} className={classes} onClick={onClick}>
      <span className="book-cell__time">{timeOf(slot.start)}</span> <span className="book-cell__type">{slotTypeText(dayBook, slot)}</span>
      {lines.map((l) => (
        <span key={l} className="book-cell__state">
          {l}
        </span>
      ))}
    </div>
  );
}
