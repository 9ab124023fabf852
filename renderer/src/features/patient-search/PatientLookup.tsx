import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { usePatientsStore } from '../../stores/patients.store';
import { RecordView } from '../patient-banner/RecordView';
import { SearchBox } from './SearchBox';
import { SearchResults } from './SearchResults';
import { SearchStatus } from './SearchStatus';
import { useSearchShortcuts } from './use-search-shortcuts';

type FocusTarget = 'search' | 'results';

/**
 * The lookup workflow: search box, then results, then a record. Owns where focus goes between them,
 * so the whole journey works from the keyboard: ArrowDown into results, Enter to open, Esc to go back.
 */
export function PatientLookup() {
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const errorId = useId();
  // Focus moves after React has shown the target (the results are hidden while a record is open).
  const [focusTarget, setFocusTarget] = useState<{ to: FocusTarget } | null>(null);

  useSearchShortcuts(searchRef);

  useEffect(() => {
    if (!focusTarget) return;
    const el = focusTarget.to === 'results' ? listRef.current : searchRef.current;
    (el ?? searchRef.current)?.focus();
  }, [focusTarget]);

  const backToResults = useCallback(() => {
    const s = usePatientsStore.getState();
    const canReturn = s.openedIndex !== null && (s.outcome?.results.length ?? 0) > 0;
    s.closeRecord();
    setFocusTarget({ to: canReturn ? 'results' : 'search' });
  }, []);

  // Esc steps back: record → the result it came from → the search box.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (usePatientsStore.getState().recordStatus !== 'closed') {
        e.preventDefault();
        backToResults();
      } else if (document.activeElement !== searchRef.current) {
        e.preventDefault();
        setFocusTarget({ to: 'search' });
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [backToResults]);

  const intoResults = useCallback(() => {
    if (listRef.current) {
      const s = usePatientsStore.getState();
      if (s.activeIndex < 0) s.setActive(0);
      listRef.current.focus();
    }
  }, []);

  return (
    <div className="lookup">
      <h2 className="visually-hidden">Find a patient</h2>
      <SearchBox inputRef={searchRef} onArrowDown={intoResults} errorId={errorId} />
      <SearchStatus errorId={errorId} />
      <SearchResults listRef={listRef} onLeaveTop={() => searchRef.current?.focus()} />
      <RecordView onBack={backToResults} />
    </div>
  );
}
