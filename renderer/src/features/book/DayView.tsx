import { defaultRangeExtractor, measureElement, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { LoadFailed } from '../../components/LoadFailed';
import { locate, nearestRow, type Pos } from './grid-position';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Clinician, DayBook, SlotView } from '../../../../shared/contract/appointments';
import { transition } from '../../../../shared/domain/appointments/appointment-status';
import { formatLondon, londonDay } from '../../../../shared/domain/appointments/london-time';
import { useBookStore } from '../../stores/book.store';
import {
  addDays,
  appointmentsIn,
  cellName,
  cellWords,
  columnsOf,
  dayLabel,
  isNowIn,
  todayInLondon,
  type Column,
} from './book-words';
import { ACTION_KEYS, ACTION_LABEL } from './shortcuts';

const ROW_ESTIMATE_PX = 76;
/** Days with this many rows are virtualised (40 clinicians × 60 slots stays light); shorter ones are plain DOM. */
export const VIRTUALISE_FROM_ROWS = 30;
/** Days with this many clinicians draw only the columns in view (each visible row would otherwise hold them all). */
export const VIRTUALISE_FROM_COLS = 12;
/** Column width while columns are virtualised: fixed, so the virtualiser's estimates are exact (no measuring). */
const COL_REM = 12;
const COL_OVERSCAN = 2;

/** `?book-virtualise=off` renders every row: only the benchmark uses it, as the baseline beside the virtualised grid. */
const virtualiseAllowed = (): boolean => new URLSearchParams(window.location.search).get('book-virtualise') !== 'off';
const PAGE = 6;

/** 12rem in px at the page's root font size (a larger default text size widens the columns, as rem does). */
function columnPx(): number {
  const root = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return COL_REM * (Number.isFinite(root) && root > 0 ? root : 16);
}

/** The virtualisers' default window plus one index that must always be drawn (the cursor's row or column). */
const keepingIndex =
  (keep: number) =>
  (range: Range): number[] => {
    const indexes = defaultRangeExtractor(range);
    if (keep >= 0 && keep < range.count && !indexes.includes(keep)) {
      indexes.push(keep);
      indexes.sort((a, b) => a - b);
    }
    return indexes;
  };

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
 * Focus stays on the grid and `aria-activedescendant` names the current cell, so virtualised rows and columns only
 * need the current cell to exist. Keys: see `HELP` in shortcuts.ts.
 */
export function DayView({ gridRef, onOpen }: { gridRef: RefObject<HTMLDivElement | null>; onOpen(slot: SlotView): void }) {
  const storeDay = useBookStore((s) => s.day);
  const dayBook = useBookStore((s) => s.dayBook);
  const dayStatus = useBookStore((s) => s.dayStatus);
  const dayError = useBookStore((s) => s.dayError);
  const siteId = useBookStore((s) => s.siteId);
  const dayBookSiteId = useBookStore((s) => s.dayBookSiteId);
  const day = storeDay ?? todayInLondon();
  const { setDay, setSite, load } = useBookStore.getState();
  const siteName = dayBook?.sites.find((s) => s.id === dayBookSiteId)?.name ?? null;

  return (
    <section className="book-day" aria-labelledby="book-day-heading">
      <div className="book-day__bar">
        <h2 id="book-day-heading" className="book-day__title">
          {dayLabel(day)}
        </h2>
        <DayControls day={day} onDay={(d) => void setDay(d)} siteId={siteId} sites={dayBook?.sites ?? []} onSite={(id) => void setSite(id)} />
        {dayStatus === 'loading' && (
          <span className="book-day__loading" role="status">
            Loading the book…
          </span>
        )}
      </div>
      {dayStatus === 'error' && dayError && <LoadFailed what="the book" error={dayError} onRetry={() => void load()} />}
      {/* The grid stays (busy, with the day and site it shows in its name) while another loads, so focus is never lost. */}
      {dayBook && (
        <Grid
          gridRef={gridRef}
          dayBook={dayBook}
          siteName={siteName}
          busy={dayBook.day !== day || dayBookSiteId !== siteId}
          onOpen={onOpen}
          onDay={(d) => void setDay(d)}
        />
      )}
    </section>
  );
}

function DayControls({
  day,
  onDay,
  siteId,
  sites,
  onSite,
}: {
  day: string;
  onDay(day: string): void;
  siteId: string;
  sites: DayBook['sites'];
  onSite(siteId: string): void;
}) {
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
      {/* Label and list wrap together. Kept while the day changes (the book store remembers it). */}
      <span className="book-day__site-field">
        <label htmlFor={`${id}-site`} className="field-label">
          Site
        </label>
        <select id={`${id}-site`} className="text-input book-day__site" value={siteId} onChange={(e) => onSite(e.target.value)}>
          <option value="">All sites</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </span>
    </div>
  );
}

function Grid({
  gridRef,
  dayBook,
  siteName,
  busy,
  onOpen,
  onDay,
}: {
  gridRef: RefObject<HTMLDivElement | null>;
  dayBook: DayBook;
  /** The one site the book shows, or null for every site. */
  siteName: string | null;
  busy: boolean;
  onOpen(slot: SlotView): void;
  onDay(day: string): void;
}) {
  const activeSlotId = useBookStore((s) => s.activeSlotId);
  const { setActive } = useBookStore.getState();
  const baseId = useId();
  const now = useNow();
  const cols = useMemo(() => columnsOf(dayBook), [dayBook]);
  const rowCount = useMemo(() => cols.reduce((n, c) => Math.max(n, c.slots.length), 0), [cols]);
  const pos = useMemo(() => locate(cols, activeSlotId), [cols, activeSlotId]);
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
  // One click handler for every cell (and so no new prop per cell per render, which would defeat SlotCell's memo).
  const onOpenRef = useRef(onOpen);
  useEffect(() => {
    onOpenRef.current = onOpen;
  });
  const pick = useCallback(
    (slot: SlotView) => {
      setActive(slot.id);
      onOpenRef.current(slot);
    },
    [setActive],
  );

  const activeRow = pos?.row ?? -1;
  const activeCol = pos?.col ?? -1;
  // Always render the current row and column, so aria-activedescendant never points at nothing.
  const rangeExtractor = useMemo(() => keepingIndex(activeRow), [activeRow]);
  const colRangeExtractor = useMemo(() => keepingIndex(activeCol), [activeCol]);
  const virtualCols = cols.length >= VIRTUALISE_FROM_COLS && virtualiseAllowed();
  // Windowed columns need measured rows (see `tallest`), so they bring row virtualisation with them.
  const virtual = (rowCount >= VIRTUALISE_FROM_ROWS || virtualCols) && virtualiseAllowed();
  const [colPx] = useState(columnPx);
  // A row is as tall as its tallest drawn cell, and with columns left out that changes as the grid scrolls sideways:
  // rows only grow (to the tallest seen on this day and site), so they do not jump up and down while scrolling.
  const tallest = useMemo(() => new Map<number, number>(), [dayBook.day, siteName]);
  const virtualizer = useVirtualizer({
    enabled: virtual,
    count: virtual ? rowCount : 0,
    getScrollElement: () => gridEl,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 10,
    rangeExtractor,
    measureElement: (el, entry, instance) => {
      const size = measureElement(el, entry, instance);
      if (!virtualCols) return size;
      const index = instance.indexFromElement(el);
      const most = Math.max(size, tallest.get(index) ?? 0);
      tallest.set(index, most);
      return most;
    },
  });
  // The same scroll element scrolls sideways too: a second virtualiser picks the clinicians in view.
  const colVirtualizer = useVirtualizer({
    horizontal: true,
    enabled: virtualCols,
    count: virtualCols ? cols.length : 0,
    getScrollElement: () => gridEl,
    estimateSize: () => colPx,
    overscan: COL_OVERSCAN,
    rangeExtractor: colRangeExtractor,
  });
  useEffect(() => {
    if (activeRow < 0) return;
    if (virtual) virtualizer.scrollToIndex(activeRow, { align: 'auto' });
    else if (activeSlotId) document.getElementById(cellId(activeSlotId))?.scrollIntoView?.({ block: 'nearest' });
  }, [activeRow, virtual, virtualizer, activeSlotId]);
  useEffect(() => {
    if (activeCol >= 0 && virtualCols) colVirtualizer.scrollToIndex(activeCol, { align: 'auto' });
  }, [activeCol, virtualCols, colVirtualizer]);
  const rows = virtual
    ? virtualizer.getVirtualItems().map((item) => ({ index: item.index, key: String(item.key), start: item.start as number | null }))
    : Array.from({ length: rowCount }, (_, index) => ({ index, key: String(index), start: null as number | null }));
  const allCols = useMemo(() => cols.map((_, i) => i), [cols]);
  const colItems = virtualCols ? colVirtualizer.getVirtualItems() : [];
  // Until the grid has a width (its first render, or no layout at all) there is no window yet: draw every column.
  const shownCols = colItems.length > 0 ? colItems.map((item) => item.index) : allCols;

  const say = (actionError: string) => useBookStore.setState({ actionError });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.metaKey) return;
    // Changing day works on any day, an empty one included. The day asked for may be ahead of the one on screen while it loads.
    const shownDay = () => useBookStore.getState().day ?? dayBook.day;
    if (e.altKey && !e.ctrlKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault();
      onDay(addDays(shownDay(), e.key === 'ArrowLeft' ? -1 : 1));
      return;
    }
    if (!e.ctrlKey && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 't') {
      e.preventDefault();
      onDay(todayInLondon());
      return;
    }
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
    const moves: Record<string, (() => void) | undefined> = e.altKey
      ? {}
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

  // Virtualised columns have a fixed width, so every column is where the virtualiser thinks it is, whichever are drawn.
  const template = virtualCols ? `repeat(${cols.length}, ${colPx}px)` : `repeat(${Math.max(1, cols.length)}, minmax(12rem, 1fr))`;
  const where = siteName ? `, ${siteName}` : '';
  const label = `Appointment book for ${dayLabel(dayBook.day)}${where}`;

  // An empty day keeps a (one-cell) grid, so focus stays put and Alt+←/→ and T still move to another day.
  if (cols.length === 0)
    return (
      <div ref={attach} role="grid" aria-label={label} aria-rowcount={1} aria-colcount={1} tabIndex={0} className="book-grid book-grid--empty" onKeyDown={onKeyDown}>
        <div role="row" aria-rowindex={1}>
          <div role="gridcell" aria-colindex={1} className="book-day__empty">
            No clinicians are working{siteName ? ` at ${siteName}` : ''} on {dayLabel(dayBook.day)}. Alt+← and Alt+→ go to another day, T to today.
          </div>
        </div>
      </div>
    );

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
        className={`book-grid${virtualCols ? ' book-grid--fixed-columns' : ''}${busy ? ' book-grid--busy' : ''}`}
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
            {/* Each drawn cell names its grid column, so the columns left out do not shift the rest. */}
            {shownCols.map((col) => {
              const c = cols[col]!;
              return (
                <div role="columnheader" key={c.clinician.id} aria-colindex={col + 1} className="book-grid__clinician" style={{ gridColumn: col + 1 }}>
                  <span className="book-grid__clinician-name">{c.clinician.name}</span>{' '}
                  <span className="book-grid__clinician-role">{c.clinician.role}</span>
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className={`book-grid__body${virtual ? ' book-grid__body--virtual' : ''}`} style={virtual ? { height: virtualizer.getTotalSize() } : undefined}>
          {rows.map((item) => (
            <div
              role="row"
              key={item.key}
              aria-rowindex={item.index + 2}
              className="book-grid__row book-grid__row--body"
              style={
                item.start === null
                  ? { gridTemplateColumns: template }
                  : { gridTemplateColumns: template, transform: `translateY(${item.start}px)`, minHeight: virtualCols ? tallest.get(item.index) : undefined }
              }
              data-index={item.index}
              ref={virtual ? virtualizer.measureElement : undefined}
            >
              {shownCols.map((col) => {
                const c = cols[col]!;
                const slot = c.slots[item.index];
                if (!slot) return <div role="gridcell" key={c.clinician.id} aria-colindex={col + 1} className="book-cell book-cell--none" style={{ gridColumn: col + 1 }} />;
                const nowHere = isToday && isNowIn(slot, now);
                return (
                  <SlotCell
                    key={slot.id}
                    id={cellId(slot.id)}
                    col={col}
                    dayBook={dayBook}
                    slot={slot}
                    clinician={c.clinician}
                    active={activeCol === col && activeRow === item.index}
                    isNow={nowHere}
                    onPick={pick}
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

/** One slot's cell. Memoised: moving the cursor or scrolling redraws the grid, but only the cells whose props changed. */
const SlotCell = memo(function SlotCell({
  id,
  col,
  dayBook,
  slot,
  clinician,
  active,
  isNow,
  onPick,
}: {
  id: string;
  /** 0-based column; aria-colindex and the CSS grid column are 1-based. */
  col: number;
  dayBook: DayBook;
  slot: SlotView;
  clinician: Clinician;
  active: boolean;
  isNow: boolean;
  onPick(slot: SlotView): void;
}) {
  const words = cellWords(dayBook, slot);
  const classes = ['book-cell', `book-cell--${words.tone}`, active && 'book-cell--active', isNow && 'book-cell--now', words.overbooked && 'book-cell--overbooked']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      role="gridcell"
      id={id}
      aria-colindex={col + 1}
      aria-label={cellName(dayBook, slot, clinician, isNow)}
      aria-selected={active}
      className={classes}
      style={{ gridColumn: col + 1 }}
      onClick={() => onPick(slot)}
    >
      <span className="book-cell__time">{words.time}</span> <span className="book-cell__type">{words.type}</span>
      {isNow && <span className="book-cell__now">Now</span>}
      {words.lines.map((l) => (
        <span key={l} className="book-cell__state">
          {l}
        </span>
      ))}
    </div>
  );
});
