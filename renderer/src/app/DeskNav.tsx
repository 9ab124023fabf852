import type { StaffSession } from '../../../shared/contract';
import { can } from '../../../shared/domain/roles';
import { bookAvailable } from '../features/book/book.api';
import { useAppStore } from '../stores/app.store';
import { useBookStore } from '../stores/book.store';
import { useDeskStore, VIEW_ORDER, VIEWS, type View } from '../stores/desk.store';
import { useOohMode } from '../stores/ooh.store';

/** The views this role may use (the core refuses the rest anyway), so nobody is offered what they cannot do. */
export const viewsFor = (user: StaffSession): View[] => VIEW_ORDER.filter((v) => can(user.roleCode, VIEWS[v].permission));

/** Navigation between the desk's views; the one showing is marked as the current page. */
export function DeskNav({ user }: { user: StaffSession }) {
  const view = useDeskStore((s) => s.view);
  const setView = useDeskStore((s) => s.setView);
  // The appointment book keeps its own "showing" flag (book.store) and is offered once the core has the book.
  const bookShown = useBookStore((s) => s.shown);
  const attention = useAppStore((s) => s.sync?.attention ?? 0);
  const oohMode = useOohMode(); // the out-of-hours views only when the desk serves a centre (which has no book of its own)
  const offerBook = bookAvailable() && can(user.roleCode, 'patients.view') && !oohMode;
  return (
    <nav aria-label="Desk" className="desk-nav">
      <ul className="desk-nav__list">
        {/* "Needs attention" is offered only while something does (or while it is open). */}
        {viewsFor(user).filter((v) => (v !== 'attention' || attention > 0 || view === 'attention') && (oohMode ? !('practiceOnly' in VIEWS[v]) : !('oohOnly' in VIEWS[v]))).map((v) => (
          <li key={v}>
            <button
              type="button"
              className="desk-nav__item"
              aria-current={v === view && !(offerBook && bookShown) ? 'page' : undefined}
              onClick={() => {
                useBookStore.getState().hide();
                setView(v);
              }}
            >
              {VIEWS[v].label}
              {v === 'attention' && attention > 0 && <span className="desk-nav__count"> ({attention})</span>}
            </button>
          </li>
        )).flatMap((item, i) =>
          i === 0 && offerBook
            ? [
                item,
                <li key="appointments">
                  <button
                    type="button"
                    className="desk-nav__item"
                    aria-current={bookShown ? 'page' : undefined}
                    onClick={() => useBookStore.getState().show()}
                  >
                    Appointments
                  </button>
                </li>,
              ]
            : [item],
        )}
      </ul>
    </nav>
  );
}
