import type { StaffSession } from '../../../shared/contract';
import { can } from '../../../shared/domain/roles';
import { useDeskStore, VIEW_ORDER, VIEWS, type View } from '../stores/desk.store';

/** The views this role may use (the core refuses the rest anyway), so nobody is offered what they cannot do. */
export const viewsFor = (user: StaffSession): View[] => VIEW_ORDER.filter((v) => can(user.roleCode, VIEWS[v].permission));

/** Navigation between the desk's views; the one showing is marked as the current page. */
export function DeskNav({ user }: { user: StaffSession }) {
  const view = useDeskStore((s) => s.view);
  const setView = useDeskStore((s) => s.setView);
  return (
    <nav aria-label="Desk" className="desk-nav">
      <ul className="desk-nav__list">
        {viewsFor(user).map((v) => (
          <li key={v}>
            <button
              type="button"
              className="desk-nav__item"
              aria-current={v === view ? 'page' : undefined}
              onClick={() => setView(v)}
            >
              {VIEWS[v].label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
