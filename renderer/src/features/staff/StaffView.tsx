import { useCallback, useEffect, useId, useRef } from 'react';
import { Notice } from '../../components/Notice';
import { useStaffStore } from '../../stores/staff.store';
import { IssueCardForm } from './IssueCardForm';
import { PersonForm } from './PersonForm';
import { StaffTable } from './StaffTable';

/** Staff and cards (clerical managers): who can sign in, with what roles and cards; add, edit, issue, unlock. */
export function StaffView() {
  const members = useStaffStore((s) => s.members);
  const listStatus = useStaffStore((s) => s.listStatus);
  const listError = useStaffStore((s) => s.listError);
  const tableError = useStaffStore((s) => s.tableError);
  const notice = useStaffStore((s) => s.notice);
  const unlocking = useStaffStore((s) => s.unlocking);
  const person = useStaffStore((s) => s.person);
  const card = useStaffStore((s) => s.card);
  const { load, startNew, startEdit, startCard, unlock } = useStaffStore.getState();
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** The button that opened a form, to go back to once it closes. */
  const openedBy = useRef<HTMLElement | null>(null);
  const id = useId();

  useEffect(() => {
    // An open form (kept through a lock) takes focus itself; otherwise start at the heading.
    const s = useStaffStore.getState();
    if (!s.person && !s.card) headingRef.current?.focus();
    void load();
  }, [load]);

  const remember = () => {
    openedBy.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  };
  const formDone = useCallback(() => {
    const back = openedBy.current;
    openedBy.current = null;
    (back?.isConnected ? back : headingRef.current)?.focus();
  }, []);

  return (
    <section className="view" aria-labelledby={`${id}-heading`}>
      <h2 ref={headingRef} id={`${id}-heading`} tabIndex={-1} className="view__heading">
        Staff and cards
      </h2>
      <p role="status" aria-label="Staff and cards" className="view__status">
        {listStatus === 'loading' && !members ? 'Loading staff…' : notice}
      </p>
      {listError && (
        <Notice tone="alert">
          <p>
            {listError}{' '}
            <button type="button" className="button button--small" onClick={() => void load()}>
              Try again
            </button>
          </p>
        </Notice>
      )}
      <div className="view__toolbar">
        <button
          type="button"
          className="button"
          onClick={() => {
            remember();
            startNew();
          }}
        >
          Add a person
        </button>
      </div>
      {tableError && (
        <Notice tone="alert">
          <p>{tableError}</p>
        </Notice>
      )}
      {members && (
        <StaffTable
          members={members}
          unlocking={unlocking}
          onEdit={(userId) => {
            remember();
            startEdit(userId);
          }}
          onIssueCard={(userId) => {
            remember();
            startCard(userId);
          }}
          onUnlock={(cardId, button) => {
            const row = button.closest('tr');
            void unlock(cardId).then(() => {
              // Unlocked, the button is gone: carry on from the same person's row.
              if (!button.isConnected) row?.querySelector<HTMLButtonElement>('.actions button')?.focus();
            });
          }}
        />
      )}
      {person && <PersonForm key={person.mode === 'edit' ? `edit-${person.userId}` : 'new'} person={person} onDone={formDone} />}
      {card && <IssueCardForm key={card.userId} card={card} onDone={formDone} />}
    </section>
  );
}
