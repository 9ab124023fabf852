import { Notice } from '../../components/Notice';
import { localCopyLabel } from '../../lib/uk-time';
import { usePatientsStore, type PatientsState } from '../../stores/patients.store';

/** One sentence for the polite live region: what the last search found. */
function summary(s: Pick<PatientsState, 'status' | 'outcome' | 'searchedText' | 'fuzzy'>): string {
  if (s.status === 'searching') return 'Searching…';
  if (s.status !== 'results' || !s.outcome) return '';
  const n = s.outcome.results.length;
  const where = s.outcome.source === 'local' ? ' in the local copy' : '';
  if (n === 0) {
    const tip = s.fuzzy ? 'Check the spelling and date of birth.' : 'Check the spelling and date of birth, or try Sounds-like search.';
    return `No patients match “${s.searchedText.trim()}”${where}. ${tip}`;
  }
  return `${n} ${n === 1 ? 'patient' : 'patients'} found${where}. Best match first.`;
}

/**
 * What happened to the search: the count (announced politely), the local-copy label, and errors
 * (announced at once). The live region is always in the page so screen readers pick up changes.
 */
export function SearchStatus({ errorId }: { errorId: string }) {
  const status = usePatientsStore((s) => s.status);
  const outcome = usePatientsStore((s) => s.outcome);
  const searchedText = usePatientsStore((s) => s.searchedText);
  const fuzzy = usePatientsStore((s) => s.fuzzy);
  const error = usePatientsStore((s) => s.error);
  const recordOpen = usePatientsStore((s) => s.recordStatus !== 'closed');

  return (
    <div className="search-status" hidden={recordOpen}>
      <p role="status" aria-label="Search status" className="search-status__summary">
        {summary({ status, outcome, searchedText, fuzzy })}
      </p>
      {status === 'error' && error && (
        <Notice tone="alert">
          <p id={errorId}>{error}</p>
        </Notice>
      )}
      {status === 'results' && outcome?.source === 'local' && (
        <Notice tone="warning" className="local-copy">
          <p>
            <strong>{localCopyLabel(outcome.updatedAt)}</strong>
          </p>
          {outcome.notice && <p>{outcome.notice}</p>}
        </Notice>
      )}
      {status === 'results' && outcome?.source === 'national' && outcome.notice && (
        <Notice tone="info">
          <p>{outcome.notice}</p>
        </Notice>
      )}
    </div>
  );
}
