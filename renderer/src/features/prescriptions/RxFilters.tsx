import { useId, type RefObject } from 'react';
import { useRxStore } from '../../stores/rx.store';
import { stateChoices, type RxStateFilter } from './rx-words';

/**
 * The queue's filters, each with its count: state (Open by default), who it is with, overdue only; and "Find in
 * queue", which narrows the list as you type (patient, NHS number or medicine). ↓ or Enter in the box goes to the list.
 */
export function RxFilters({ findRef, listRef }: { findRef: RefObject<HTMLInputElement | null>; listRef: RefObject<HTMLDivElement | null> }) {
  const filter = useRxStore((s) => s.filter);
  const text = useRxStore((s) => s.text);
  const counts = useRxStore((s) => s.counts);
  const prescribers = useRxStore((s) => s.prescribers);
  const { setFilter, setText } = useRxStore.getState();
  const id = useId();
  const openWith = (clinicianId: string) => counts?.byClinician.find((c) => c.id === clinicianId);
  const overdue = filter.clinicianId ? openWith(filter.clinicianId)?.overdue : counts?.overdue;

  return (
    <form
      role="search"
      aria-label="Filter the queue"
      className="rx-filters"
      onSubmit={(e) => {
        e.preventDefault();
        listRef.current?.focus();
      }}
    >
      <div className="rx-filters__field">
        <label htmlFor={`${id}-state`} className="field-label">
          Show
        </label>
        <select id={`${id}-state`} className="text-input" value={filter.state} onChange={(e) => setFilter({ state: e.target.value as RxStateFilter })}>
          {stateChoices(counts).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div className="rx-filters__field">
        <label htmlFor={`${id}-with`} className="field-label">
          Routed to
        </label>
        <select id={`${id}-with`} className="text-input" value={filter.clinicianId} onChange={(e) => setFilter({ clinicianId: e.target.value })}>
          <option value="">Anyone</option>
          {(prescribers ?? []).map((p) => {
            const c = openWith(p.id);
            return (
              <option key={p.id} value={p.id}>
                {p.name}
                {counts ? ` (${c?.open ?? 0} open${c?.overdue ? `, ${c.overdue} overdue` : ''})` : ''}
              </option>
            );
          })}
        </select>
      </div>
      <label className="checkbox rx-filters__check">
        <input type="checkbox" checked={filter.overdueOnly} onChange={(e) => setFilter({ overdueOnly: e.target.checked })} /> Overdue only
        {overdue !== undefined ? ` (${overdue.toLocaleString('en-GB')})` : ''}
      </label>
      <div className="rx-filters__field rx-filters__find">
        <label htmlFor={`${id}-find`} className="field-label">
          Find in queue
        </label>
        <input
          ref={findRef}
          id={`${id}-find`}
          type="search"
          className="text-input"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-find-hint`}
          aria-keyshortcuts="F"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              listRef.current?.focus();
            }
          }}
        />
        <span id={`${id}-find-hint`} className="visually-hidden">
          Patient name, NHS number or medicine. Press the down arrow to go to the list.
        </span>
      </div>
    </form>
  );
}
