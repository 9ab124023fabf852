import { useEffect, useId, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useBookStore, type TimeOfDay } from '../../stores/book.store';
import { slotSummary, timeOf } from './book-words';

/**
 * Find a slot: filters → the next free slots as a listbox; Enter (or a click) picks one and starts booking it,
 * or, while an appointment is being moved, moves it there. F (not while typing) focuses the first filter.
 */
export function FindSlot({ firstFieldRef, listRef }: { firstFieldRef: RefObject<HTMLSelectElement | null>; listRef: RefObject<HTMLDivElement | null> }) {
  const dayBook = useBookStore((s) => s.dayBook);
  const filters = useBookStore((s) => s.filters);
  const status = useBookStore((s) => s.findStatus);
  const found = useBookStore((s) => s.found);
  const error = useBookStore((s) => s.findError);
  const active = useBookStore((s) => s.findActive);
  const moving = useBookStore((s) => s.moving);
  const { setFilters, find, setFindActive, pickFound, stopMove } = useBookStore.getState();
  const id = useId();
  const optionId = (i: number) => `${id}-free-${i}`;

  // After a search from the form, go to the answers (if any) so Enter can pick one at once.
  const focusAnswers = useRef(false);
  useEffect(() => {
    if (!focusAnswers.current || status === 'searching') return;
    focusAnswers.current = false;
    listRef.current?.focus();
  }, [status, found, listRef]);

  // While moving, the list is where the next step happens.
  useEffect(() => {
    if (moving) firstFieldRef.current?.focus();
  }, [moving, firstFieldRef]);

  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, () => void> = {
      ArrowDown: () => setFindActive(active + 1),
      ArrowUp: () => setFindActive(active - 1),
      Home: () => setFindActive(0),
      End: () => setFindActive(found.length - 1),
      Enter: () => void pickFound(Math.max(0, active)),
    };
    const move = moves[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    move();
  };

  const select = (label: string, value: string, onValue: (v: string) => void, options: { id: string; name: string }[], ref?: RefObject<HTMLSelectElement | null>) => (
    <div className="book-find__field">
      <label className="field-label" htmlFor={`${id}-${label}`}>
        {label}
      </label>
      <select ref={ref} id={`${id}-${label}`} className="text-input" value={value} onChange={(e) => onValue(e.target.value)}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section className="book-find" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="book-panel__title">
        {moving ? `Move ${moving.patientName}’s ${timeOf(moving.start)} appointment` : 'Find a slot'}
      </h2>
      {moving && (
        <p className="hint">
          Pick the new slot and press Enter.{' '}
          <button type="button" className="button" onClick={stopMove}>
            Stop moving
          </button>
        </p>
      )}
      <form
        className="book-find__filters"
        onSubmit={(e) => {
          e.preventDefault();
          focusAnswers.current = true;
          void find();
        }}
      >
        {select('Clinician', filters.clinicianId, (clinicianId) => setFilters({ clinicianId }), dayBook?.clinicians ?? [], firstFieldRef)}
        {select('Slot type', filters.slotTypeId, (slotTypeId) => setFilters({ slotTypeId }), dayBook?.slotTypes ?? [])}
        {select('At site', filters.siteId, (siteId) => setFilters({ siteId }), dayBook?.sites ?? [])}
        {select('Time of day', filters.timeOfDay, (t) => setFilters({ timeOfDay: t as TimeOfDay | '' }), [
          { id: 'morning', name: 'Morning (before 12:00)' },
          { id: 'afternoon', name: 'Afternoon (12:00 to 17:00)' },
          { id: 'evening', name: 'Evening (from 17:00)' },
        ])}
        <label className="book-find__check">
          <input type="checkbox" checked={filters.onTheDayOnly} onChange={(e) => setFilters({ onTheDayOnly: e.target.checked })} /> Today only
        </label>
        <button type="submit" className="button button--primary" disabled={status === 'searching'}>
          Find free slots
        </button>
      </form>
      <p role="status" className="book-find__status">
        {status === 'searching'
          ? 'Looking for free slots…'
          : status === 'results'
            ? found.length === 0
              ? 'No free slots match.'
              : `${found.length} free ${found.length === 1 ? 'slot' : 'slots'}, earliest first. Press Enter on one to ${moving ? 'move the appointment there' : 'book it'}.`
            : ''}
      </p>
      {status === 'error' && error && (
        <div role="alert" className="notice notice--alert">
          {error}
        </div>
      )}
      {found.length > 0 && (
        <div
          ref={listRef}
          role="listbox"
          aria-label="Free slots"
          tabIndex={0}
          className="book-find__list"
          aria-activedescendant={active >= 0 ? optionId(active) : undefined}
          onKeyDown={onListKey}
          onFocus={() => active < 0 && setFindActive(0)}
        >
          {found.map((slot, i) => (
            <div
              key={slot.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`book-find__option${i === active ? ' book-find__option--active' : ''}`}
              onClick={() => void pickFound(i)}
            >
              {slotSummary(dayBook, slot)}
              {slot.display === 'online-bookable' ? ' (online)' : ''}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
