import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { LoadFailed } from '../../components/LoadFailed';
import { locate, nearestRow, type Pos } from './grid-position';
import { useCallback, useEffect, useId, useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import type { DayBook, SlotView } from '../../../../shared/contract/appointments';
import { transition } from '../../../../shared/domain/appointments/appointment-status';
import { formatLondon, londonDay } from '../../../../shared/domain/appointments/london-time';
import { useBookStore } from '../../stores/book.store';
import {
  addDays,
  appointmentsIn,
  cellName,
  columnsOf,
  dayLabel,
  isNowIn,
  slotStateLines,
  slotTypeText,
  timeOf,
  todayInLondon,
  type Column,
} from './book-words';
import { ACTION_KEYS, ACTION_LABEL } from './shortcuts';

const ROW_ESTIMATE_PX = 76;
/** Days with this many rows are virtualised (40 clinicians × 60 slots stays light); shorter ones are plain DOM. */
export const VIRTUALISE_FROM_ROWS = 30;

/** `?book-virtualise=off` renders every row: only the benchmark uses it, as the baseline beside the virtualised grid. */
const virtualiseAllowed = (): boolean => new URLSearchParams(window.location.search).get('book-virtualise') !== 'off';
const PAGE = 6;

/** Minute clock for the "now" marker. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  return now;
}




/** Where the cursor starts: on today, the first clinician's slot in progress (or next); otherwise their first. */
function startPos(cols: Column[], day: string, now: number): Pos | null {
  const col = cols.findIndex((c) => c.slots.length > 0);
  if (col < 0) return null;
  const slots = cols[col]!.slots;
  if (day !== londonDay(new Date(now))) return { col, row: 0 };
  const row = slots.findIndex((s) => Date.parse(s.end) > now);
  return { col, row: row < 0 ? slots.length - 1 : row };
}

/**
 * The day's book as an ARIA grid: one column per clinician, each column's slots in time order down the rows.
 * Focus stays on the grid and `aria-activedescendant` names the current cell, so virtualised rows only need
 * the current one to exist. Keys: see `HELP` in shortcuts.ts.
 */
export function DayView({ gridRef, onOpen }: { gridRef: RefObject<HTMLDivElement | null>; onOpen(slot: SlotView): void }) {
  const storeDay = useBookStore((s) => s.day);
  const dayBook = useBookStore((s) => s.dayBook);
  const dayStatus = useBookStore((s) => s.dayStatus);
  const dayError = useBookStore((s) => s.dayError);
  const day = storeDay ?? todayInLondon();
  const { setDay, load } = useBookStore.getState();

  return (
    <section className="book-day" aria-labelledby="book-day-heading">
      <div className="book-day__bar">
        <h2 id="book-day-heading" className="book-day__title">
          {dayLabel(day)}
        </h2>
        <DayControls day={day} onDay={(d) => void setDay(d)} />
        {dayStatus === 'loading' && (
          <span className="book-day__loading" role="status">
            Loading the book…
          </span>
        )}
      </div>
      {dayStatus === 'error' && dayError && <LoadFailed what="the book" error={dayError} onRetry={() => void load()} />}
      {/* The grid stays (busy, with the day it shows in its name) while another day loads, so focus is never lost. */}
      {dayBook && <Grid gridRef={gridRef} dayBook={dayBook} busy={dayBook.day !== day} onOpen={onOpen} onDay={(d) => void setDay(d)} />}
    </section>
  );
}

function DayControls({ day, onDay }: { day: string; onDay(day: string): void }) {
  const id = useId();
  return (
    <div className="book-day__controls">
      <button type="button" className="button" onClick={() => onDay(addDays(day, -1))}>
        Previous day
      </button>
      <button type="button" className="button" onClick={() => onDay(todayInLondon())}>
        Today
      </button>
      <button type="button" className="button" onClick={() => onDay(addDays(day, 1))}>
        Next day
      </button>
      <label htmlFor={id} className="field-label book-day__date-label">
        Day
      </label>
      <input
        id={id}
        type="date"
        className="text-input book-day__date"
        value={day}
        onChange={(e) => /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) && onDay(e.target.value)}
      />
    </div>
  );
}

function Grid({
  gridRef,
  dayBook,
  busy,
  onOpen,
  onDay,
}: {
  gridRef: RefObject<HTMLDivElement | null>;
  dayBook: DayBook;
  busy: boolean;
  onOpen(slot: SlotView): void;
  onDay(day: string): void;
}) {
  const activeSlotId = useBookStore((s) => s.activeSlotId);
  const { setActive } = useBookStore.getState();
  const baseId = useId();
  const now = useNow();
  const cols = useMemo(() => columnsOf(dayBook), [dayBook]);
  const rowCount = cols.reduce((n, c) => Math.max(n, c.slots.length), 0);
  const pos = locate(cols, activeSlotId);
  const isToday = dayBook.day === londonDay(new Date(now));
  const [gridEl, setGridEl] = useState<HTMLDivElement | null>(null);
  const attach = useCallback(
    (el: HTMLDivElement | null) => {
      gridRef.current = el;
      setGridEl(el);
    },
    [gridRef],
  );

  const cellId = (slotId: string) => `${baseId}-cell-${slotId}`;
  const slotAt = (p: Pos) => cols[p.col]?.slots[p.row];
  const goTo = (p: Pos) => {
    const s = slotAt(p);
    if (s) setActive(s.id);
  };

  const activeRow = pos?.row ?? -1;
  // Always render the current row, so aria-activedescendant never points at nothing.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeRow >= 0 && activeRow < range.count && !indexes.includes(activeRow)) {
        indexes.push(activeRow);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [activeRow],
  );
  const virtual = rowCount >= VIRTUALISE_FROM_ROWS && virtualiseAllowed();
  const virtualizer = useVirtualizer({
    enabled: virtual,
    count: virtual ? rowCount : 0,
    getScrollElement: () => gridEl,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 10,
    rangeExtractor,
  });
  useEffect(() => {
    if (activeRow < 0) return;
    if (virtual) virtualizer.scrollToIndex(activeRow, { align: 'auto' });
    else if (activeSlotId) document.getElementById(cellId(activeSlotId))?.scrollIntoView?.({ block: 'nearest' });
  }, [activeRow, virtual, virtualizer, activeSlotId]);
  const rows = virtual
    ? virtualizer.getVirtualItems().map((item) => ({ index: item.index, key: String(item.key), start: item.start as number | null }))
    : Array.from({ length: rowCount }, (_, index) => ({ index, key: String(index), start: null as number | null }));

  const say = (actionError: string) => useBookStore.setState({ actionError });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.metaKey) return;
    const here = pos ?? startPos(cols, dayBook.day, now);
    if (!here) return;
    const column = cols[here.col]!;
    const last = column.slots.length - 1;
    const filled = cols.flatMap((c, i) => (c.slots.length > 0 ? [i] : []));
    // Next clinician with slots that day, at the slot nearest this one's time.
    const sideways = (step: number) => {
      const ms = Date.parse(column.slots[here.row]?.start ?? '');
      const col = step > 0 ? filled.find((i) => i > here.col) : [...filled].reverse().find((i) => i < here.col);
      if (col !== undefined) goTo({ col, row: nearestRow(cols[col]!.slots, ms, (s) => Date.parse(s.start)) });
    };
    const firstCol = filled[0]!;
    const lastCol = filled.at(-1)!;
    const key = e.key;
    // The day asked for, which may be ahead of the one on screen while it loads.
    const shownDay = () => useBookStore.getState().day ?? dayBook.day;
    const moves: Record<string, (() => void) | undefined> = e.altKey
      ? { ArrowLeft: () => onDay(addDays(shownDay(), -1)), ArrowRight: () => onDay(addDays(shownDay(), 1)) }
      : {
          ArrowDown: () => goTo({ ...here, row: Math.min(last, here.row + 1) }),
          ArrowUp: () => goTo({ ...here, row: Math.max(0, here.row - 1) }),
          ArrowRight: () => sideways(1),
          ArrowLeft: () => sideways(-1),
          Home: () => goTo(e.ctrlKey ? { col: firstCol, row: 0 } : { ...here, row: 0 }),
          End: () => goTo(e.ctrlKey ? { col: lastCol, row: cols[lastCol]!.slots.length - 1 } : { ...here, row: last }),
          PageDown: () => goTo({ ...here, row: Math.min(last, here.row + PAGE) }),
          PageUp: () => goTo({ ...here, row: Math.max(0, here.row - PAGE) }),
          Enter: () => {
            const s = slotAt(here);
            if (s) onOpen(s);
          },
          ' ': () => {
            const s = slotAt(here);
            if (s) onOpen(s);
          },
        };
    const move = moves[key];
    if (move) {
      e.preventDefault();
      if (!pos && !e.altKey && key !== 'Enter' && key !== ' ') goTo(here); // first key: land on the start slot
      else move();
      return;
    }
    if (e.ctrlKey || e.altKey || key.length !== 1) return;
    if (key.toLowerCase() === 't' && !e.shiftKey) {
      e.preventDefault();
      onDay(todayInLondon());
      return;
    }
    const action = ACTION_KEYS[key.toLowerCase()];
    if (!action || e.shiftKey) return;
    e.preventDefault();
    const slot = slotAt(here);
    const appointment = slot ? appointmentsIn(dayBook, slot.id)[0] : undefined;
    if (!slot || !appointment) {
      say(`${ACTION_LABEL[action]}: there is no appointment in this slot.`);
      return;
    }
    // The same rules the core applies, so a refusal is explained at once; the core still decides.
    const check = transition(appointment.status, action, { now: new Date(), slotStart: new Date(appointment.start) });
    if (!check.ok) say(check.reason);
    else void useBookStore.getState().act(appointment, action);
  };

  const template = `repeat(${Math.max(1, cols.length)}, minmax(12rem, 1fr))`;
  const label = `Appointment book for ${dayLabel(dayBook.day)}`;

  if (cols.length === 0) return <p className="book-day__empty">No clinicians are working on {dayLabel(dayBook.day)}.</p>;

  return (
    <>
      {isToday && (
        <p className="book-day__now">
          Now: <strong>{formatLondon(new Date(now), 'HH:mm')}</strong> (slots in progress are marked “Now”)
        </p>
      )}
      <div
        ref={attach}
        role="grid"
        aria-label={label}
        aria-rowcount={rowCount + 1}
        aria-colcount={cols.length}
        aria-busy={busy || undefined}
        aria-activedescendant={pos && slotAt(pos) ? cellId(slotAt(pos)!.id) : undefined}
        tabIndex={0}
        className={`book-grid${busy ? ' book-grid--busy' : ''}`}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (!pos) {
            const p = startPos(cols, dayBook.day, now);
            if (p) goTo(p);
          }
        }}
      >
        <div role="rowgroup" className="book-grid__head">
          <div role="row" aria-rowindex={1} className="book-grid__row" style={{ gridTemplateColumns: template }}>
            {cols.map((c, i) => (
              <div role="columnheader" key={c.clinician.id} aria-colindex={i + 1} className="book-grid__clinician">
                <span className="book-grid__clinician-name">{c.clinician.name}</span>{' '}
                <span className="book-grid__clinician-role">{c.clinician.role}</span>
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className={`book-grid__body${virtual ? ' book-grid__body--virtual' : ''}`} style={virtual ? { height: virtualizer.getTotalSize() } : undefined}>
          {rows.map((item) => (
            <div
              role="row"
              key={item.key}
              aria-rowindex={item.index + 2}
              className="book-grid__row book-grid__row--body"
              style={item.start === null ? { gridTemplateColumns: template } : { gridTemplateColumns: template, transform: `translateY(${item.start}px)` }}
              data-index={item.index}
              ref={virtual ? virtualizer.measureElement : undefined}
            >
              {cols.map((c, col) => {
                const slot = c.slots[item.index];
                if (!slot) return <div role="gridcell" key={c.clinician.id} aria-colindex={col + 1} className="book-cell book-cell--none" />;
                const nowHere = isToday && isNowIn(slot, now);
                const active = pos?.col === col && pos.row === item.index;
                return (
                  <SlotCell
                    key={slot.id}
                    id={cellId(slot.id)}
                    colIndex={col + 1}
                    dayBook={dayBook}
                    slot={slot}
                    name={cellName(dayBook, slot, c.clinician, nowHere)}
                    active={active}
                    isNow={nowHere}
                    onClick={() => {
                      setActive(slot.id);
                      onOpen(slot);
                    }}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </>
  );
}

function SlotCell({
  id,
  colIndex,
  dayBook,
  slot,
  name,
  active,
  isNow,
  onClick,
}: {
  id: string;
  colIndex: number;
  dayBook: DayBook;
  slot: SlotView;
  name: string;
  active: boolean;
  isNow: boolean;
  onClick(): void;
}) {
  const lines = slotStateLines(dayBook, slot);
  const overbooked = appointmentsIn(dayBook, slot.id).length > 1 || lines.some((l) => l.startsWith('Double-booked'));
  const tone = appointmentsIn(dayBook, slot.id).length > 0 ? 'booked' : slot.display;
  const classes = ['book-cell', `book-cell--${tone}`, active && 'book-cell--active', isNow && 'book-cell--now', overbooked && 'book-cell--overbooked']
    .filter(Boolean)
    .join(' ');
  return (
    <div role="gridcell" id={id} aria-colindex={colIndex} aria-label={name} aria-selected={active} className={classes} onClick={onClick}>
      <span className="book-cell__time">{timeOf(slot.start)}</span> <span className="book-cell__type">{slotTypeText(dayBook, slot)}</span>
      {isNow && <span className="book-cell__now">Now</span>}
      {lines.map((l) => (
        <span key={l} className="book-cell__state">
          {l}
        </span>
      ))}
    </div>
  );
}
