import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useId, useState, type CSSProperties, type KeyboardEvent, type Ref, type RefObject } from 'react';
import type { RxRequestView } from '../../../../shared/contract/prescriptions';
import { formatNhsNumber } from '../../../../shared/domain/nhs-number';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import { CHANNEL_LABEL, flagSummary, formatReceived, itemLine, timeLeftText } from './rx-words';

/** Lists this long are virtualised (a busy practice's queue holds thousands); shorter ones are plain DOM. */
export const VIRTUALISE_FROM = 40;
const ROW_ESTIMATE_PX = 96;
const PAGE = 10;

/** `?rx-virtualise=off` renders every row: only the benchmark uses it, as the baseline beside the virtualised list. */
const virtualiseAllowed = (): boolean => new URLSearchParams(window.location.search).get('rx-virtualise') !== 'off';

interface Props {
  listRef: RefObject<HTMLDivElement | null>;
  requests: RxRequestView[];
  selectedId: string | null;
  /** Where the cursor was when the selected request left the list. */
  cursor: number;
  /** The core has not answered for the filter yet (the list is the desk's copy, filtered here). */
  busy: boolean;
  describedBy: string;
  onSelect(request: RxRequestView, index: number): void;
  /** Enter: go to the request's details. */
  onOpen(request: RxRequestView): void;
  /** A letter key on the selected request; returns true when it was one of the queue's action keys. */
  onKey(key: string, request: RxRequestView): boolean;
}

/**
 * The queue as a listbox. Focus stays on the listbox and `aria-activedescendant` names the selected request, so
 * only the rows in view (and the selected one) need to exist. Keys: see `RX_HELP` in rx-words.ts.
 */
export function RxQueueList({ listRef, requests, selectedId, cursor, busy, describedBy, onSelect, onOpen, onKey }: Props) {
  const baseId = useId();
  const [listEl, setListEl] = useState<HTMLDivElement | null>(null);
  const attach = useCallback(
    (el: HTMLDivElement | null) => {
      listRef.current = el;
      setListEl(el);
    },
    [listRef],
  );
  const optionId = (id: string) => `${baseId}-rx-${id}`;
  const active = selectedId === null ? -1 : requests.findIndex((r) => r.id === selectedId);

  const goTo = (i: number) => {
    if (requests.length === 0) return;
    const n = Math.max(0, Math.min(requests.length - 1, i));
    onSelect(requests[n]!, n);
  };
  // From the selected request, or (when it has left the list) from where the cursor was.
  const from = active >= 0 ? active : Math.min(cursor, requests.length) - 0.5;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves: Record<string, () => void> = {
      ArrowDown: () => goTo(Math.floor(from + 1)),
      ArrowUp: () => goTo(Math.ceil(from - 1)),
      Home: () => goTo(0),
      End: () => goTo(requests.length - 1),
      PageDown: () => goTo(Math.floor(from + PAGE)),
      PageUp: () => goTo(Math.ceil(from - PAGE)),
      Enter: () => active >= 0 && onOpen(requests[active]!),
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      move();
      return;
    }
    if (e.key.length === 1 && active >= 0 && onKey(e.key.toLowerCase(), requests[active]!)) e.preventDefault();
  };

  const virtual = requests.length >= VIRTUALISE_FROM && virtualiseAllowed();
  const rowProps = (i: number) => ({
    request: requests[i]!,
    id: optionId(requests[i]!.id),
    index: i,
    count: requests.length,
    active: i === active,
    onPick: onSelect,
  });

  return (
    <div
      ref={attach}
      role="listbox"
      aria-label="Repeat prescription requests"
      aria-describedby={describedBy}
      aria-busy={busy || undefined}
      tabIndex={0}
      aria-activedescendant={active >= 0 ? optionId(requests[active]!.id) : undefined}
      className={`rx-list${busy ? ' rx-list--busy' : ''}`}
      onKeyDown={onKeyDown}
      onFocus={(e) => e.target === e.currentTarget && active < 0 && goTo(Math.max(0, Math.ceil(from)))}
    >
      {virtual ? (
        <VirtualRows count={requests.length} active={active} scrollElement={listEl} rowProps={rowProps} />
      ) : (
        <PlainRows count={requests.length} active={active} activeId={active >= 0 ? optionId(requests[active]!.id) : null} rowProps={rowProps} />
      )}
    </div>
  );
}

type RowPropsFor = (i: number) => Omit<RowProps, 'rowRef' | 'top'>;

function PlainRows({ count, activeId, rowProps }: { count: number; active: number; activeId: string | null; rowProps: RowPropsFor }) {
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);
  return Array.from({ length: count }, (_, i) => {
    const p = rowProps(i);
    return <RxRow key={p.request.id} {...p} />;
  });
}

function VirtualRows({ count, active, scrollElement, rowProps }: { count: number; active: number; scrollElement: HTMLDivElement | null; rowProps: RowPropsFor }) {
  // Always render the selected row, so aria-activedescendant never points at nothing.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (active >= 0 && active < range.count && !indexes.includes(active)) {
        indexes.push(active);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [active],
  );
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollElement,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 6,
    rangeExtractor,
    getItemKey: (i) => rowProps(i).request.id,
  });

  useEffect(() => {
    if (active >= 0) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, virtualizer]);

  return (
    <div role="presentation" className="rx-list__sizer" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => (
        <RxRow key={item.key} {...rowProps(item.index)} rowRef={virtualizer.measureElement} top={item.start} />
      ))}
    </div>
  );
}

interface RowProps {
  request: RxRequestView;
  id: string;
  index: number;
  count: number;
  active: boolean;
  onPick(request: RxRequestView, index: number): void;
  rowRef?: Ref<HTMLDivElement>;
  /** Set by the virtual list only: where the row sits (a number, so an unchanged row is not drawn again). */
  top?: number;
}

/**
 * One request as an option. Everything is said in words (hidden labels make the option read as a sentence):
 * "Overdue by…" and "For the prescriber: past review date" are text; colour and the bar only repeat them.
 */
const RxRow = memo(function RxRow({ request: r, id, index, count, active, onPick, rowRef, top }: RowProps) {
  const who = r.routedTo ? `: ${r.routedTo.name}` : '';
  const style: CSSProperties | undefined =
    top === undefined ? undefined : { position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${top}px)` };
  return (
    <div
      ref={rowRef}
      id={id}
      role="option"
      aria-selected={active}
      aria-setsize={count}
      aria-posinset={index + 1}
      data-index={index}
      className={`rx-row${active ? ' rx-row--active' : ''}${r.overdue ? ' rx-row--overdue' : ''}`}
      style={style}
      onClick={() => onPick(r, index)}
    >
      <span className="rx-row__line">
        <span className="rx-row__patient">{r.patientName}</span>{' '}
        <span className="rx-row__nhs">
          <VisuallyHidden>NHS number </VisuallyHidden>
          {formatNhsNumber(r.nhsNumber)}
        </span>{' '}
        <span className={`rx-row__time${r.overdue ? ' rx-row__time--overdue' : ''}`}>{timeLeftText(r)}.</span>{' '}
        <span className="rx-row__state">
          {r.stateLabel}
          {who}.
        </span>{' '}
        {r.waitingToSend && <span className="rx-row__waiting">Waiting to send.</span>}
      </span>{' '}
      <span className="rx-row__line rx-row__meta">
        {CHANNEL_LABEL[r.channel]}, received {formatReceived(r.receivedAt)}.
      </span>{' '}
      <span className="rx-row__items">
        {r.items.map((i, n) => (
          <span key={`${i.templateId}-${n}`} className={`rx-row__item${i.flags.length ? ' rx-row__item--flagged' : ''}`}>
            {itemLine(i)}
            {i.flags.length > 0 && <strong className="rx-row__flag"> ({flagSummary(i.flags)})</strong>}
            {n < r.items.length - 1 ? '; ' : '.'}{' '}
          </span>
        ))}
      </span>
    </div>
  );
});
