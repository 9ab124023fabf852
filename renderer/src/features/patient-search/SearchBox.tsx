import { useId, type KeyboardEvent, type RefObject } from 'react';
import { usePatientsStore } from '../../stores/patients.store';

export const SEARCH_PLACEHOLDER = 'NHS number, or surname + date of birth (dd/mm/yyyy), or postcode';

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  /** ArrowDown in the box: move into the results. */
  onArrowDown(): void;
  /** id of the element that explains a rejected search, so the box can point at it. */
  errorId: string;
}

/** The one search box. Enter or the button searches; bad text is explained by SearchStatus and kept. */
export function SearchBox({ inputRef, onArrowDown, errorId }: Props) {
  const text = usePatientsStore((s) => s.text);
  const fuzzy = usePatientsStore((s) => s.fuzzy);
  const invalid = usePatientsStore((s) => s.invalidInput);
  const { setText, setFuzzy, search } = usePatientsStore.getState();
  const id = useId();

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      onArrowDown();
    }
  };

  return (
    <form
      role="search"
      aria-label="Patient search"
      className="search-box"
      onSubmit={(e) => {
        e.preventDefault();
        void search();
      }}
    >
      <label htmlFor={`${id}-text`} className="search-box__label">
        Search patients
      </label>
      <div className="search-box__row">
        <input
          ref={inputRef}
          id={`${id}-text`}
          type="search"
          // Focused on start: the desk's first job is nearly always finding someone.
          autoFocus
          autoComplete="off"
          spellCheck={false}
          maxLength={120}
          placeholder={SEARCH_PLACEHOLDER}
          value={text}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${errorId} ${id}-hint` : `${id}-hint`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button--primary">
          Search
        </button>
      </div>
      <div className="search-box__options">
        <label className="checkbox">
          <input type="checkbox" checked={fuzzy} aria-describedby={`${id}-fuzzy`} onChange={(e) => setFuzzy(e.target.checked)} />
          Sounds-like search
        </label>
        <span id={`${id}-fuzzy`} className="hint">
          also finds names that sound alike, e.g. Smith and Smyth
        </span>
      </div>
      <p id={`${id}-hint`} className="hint">
        For example 943 476 5919, or Smith Jane 12/03/1985, or LS1 4AP. Press / or Ctrl+K to come back here.
      </p>
    </form>
  );
}
