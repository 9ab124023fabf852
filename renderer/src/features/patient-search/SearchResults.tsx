import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useState, type KeyboardEvent, type RefObject } from 'react';
import type { PatientSummary } from '../../../../shared/contract';
import { usePatientsStore } from '../../stores/patients.store';
import { ResultRow } from './ResultRow';

/** Lists this long are virtualised; shorter ones are plain DOM (cheaper, and simpler to read). */
export const VIRTUALISE_FROM = 40;
const ROW_ESTIMATE_PX = 56;
const PAGE = 10;

interface Props {
  listRef: RefObject<HTMLDivElement | null>;
  /** ArrowUp from the first result: back to the search box. */
  onLeaveTop(): void;
}

/**
 * The results as a listbox. Focus sits on the listbox and `aria-activedescendant` names the active
 * option, so the active row only has to exist in the DOM, not hold focus (which suits virtualisation).
 */
export function SearchResults({ listRef, onLeaveTop }: Props) {
  const results = usePatientsStore((s) => (s.status === 'results' ? (s.outcome?.results ?? null) : null));
  const activeIndex = usePatientsStore((s) => s.activeIndex);
  const hidden = usePatientsStore((s) => s.recordStatus !== 'closed');
  const { setActive, open } = usePatientsStore.getState();
  const baseId = useId();
  // The virtualiser needs the scrolling element itself, and a re-render once it exists.
  const [listEl, setListEl] = useState<HTMLDivElement | null>(null);
  const attachList = useCallback(
    (el: HTMLDivElement | null) => {
      listRef.current = el;
      setListEl(el);
    },
    [listRef],
  );

  if (!results || results.length === 0) return null;

  const optionId = (i: number) => `${baseId}-option-${i}`;
  const today = new Date();

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const last = results.length - 1;
    const moves: Record<string, () => void> = {
      ArrowDown: () => setActive(activeIndex + 1),
      ArrowUp: () => (activeIndex <= 0 ? onLeaveTop() : setActive(activeIndex - 1)),
      Home: () => setActive(0),
      End: () => setActive(last),
      PageDown: () => setActive(activeIndex + PAGE),
      PageUp: () => setActive(activeIndex - PAGE),
      Enter: () => void open(Math.max(0, activeIndex)),
      ' ': () => void open(Math.max(0, activeIndex)),
    };
    const move = moves[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    move();
  };

  const rowProps = (i: number) => ({
    patient: results[i]!,
    id: optionId(i),
    index: i,
    count: results.length,
    active: i === activeIndex,
    today,
    onOpen: (index: number) => void open(index),
  });

  const virtual = results.length >= VIRTUALISE_FROM;
  return (
    <div className="results" hidden={hidden}>
      <div className="results__columns" aria-hidden="true">
        <span>Name</span> <span>NHS number</span> <span>Born</span> <span>Gender</span> <span>Postcode</span> <span />
      </div>
      <div
        ref={attachList}
        role="listbox"
        aria-label="Search results"
        tabIndex={0}
        aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
        className="results__list"
        onKeyDown={onKeyDown}
        onFocus={() => activeIndex < 0 && setActive(0)}
      >
        {virtual ? (
          <VirtualRows results={results} activeIndex={activeIndex} scrollElement={listEl} rowProps={rowProps} />
        ) : (
          <PlainRows results={results} activeIndex={activeIndex} optionId={optionId} rowProps={rowProps} />
        )}
      </div>
    </div>
  );
}

type RowPropsFor = (i: number) => Parameters<typeof ResultRow>[0];

function PlainRows({
  results,
  activeIndex,
  optionId,
  rowProps,
}: {
  results: PatientSummary[];
  activeIndex: number;
  optionId(i: number): string;
  rowProps: RowPropsFor;
}) {
  useEffect(() => {
    if (activeIndex >= 0) document.getElementById(optionId(activeIndex))?.scrollIntoView?.({ block: 'nearest' });
  }, [activeIndex, optionId]);
  return results.map((p, i) => <ResultRow key={`${p.nhsNumber}-${i}`} {...rowProps(i)} />);
}

function VirtualRows({
  results,
  activeIndex,
  scrollElement,
  rowProps,
}: {
  results: PatientSummary[];
  activeIndex: number;
  scrollElement: HTMLDivElement | null;
  rowProps: RowPropsFor;
}) {
  // Always render the active row, so aria-activedescendant never points at nothing.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeIndex >= 0 && activeIndex < range.count && !indexes.includes(activeIndex)) {
        indexes.push(activeIndex);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [activeIndex],
  );
  const virtualizer = useVirtualizer({
    count: results.length,
    getScrollElement: () => scrollElement,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 8,
    rangeExtractor,
  });

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  return (
    <div role="presentation" className="results__sizer" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => (
        <ResultRow
          key={item.key}
          {...rowProps(item.index)}
          rowRef={virtualizer.measureElement}
          style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
        />
      ))}
    </div>
  );
}
