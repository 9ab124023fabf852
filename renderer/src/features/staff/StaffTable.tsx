import type { StaffMember } from '../../../../shared/contract';
import { Marker } from '../../components/Marker';
import { TableHead } from '../../components/TableHead';
import { VisuallyHidden } from '../../components/VisuallyHidden';

interface Props {
  members: StaffMember[];
  unlocking: string | null;
  onEdit(userId: string): void;
  onIssueCard(userId: string): void;
  /** The Unlock button is passed so focus can move on once it disappears. */
  onUnlock(cardId: string, button: HTMLButtonElement): void;
}

const attempts = (n: number): string => (n === 1 ? '1 failed attempt' : `${n} failed attempts`);

/** Everyone who may sign in here: their roles and cards, with a locked card's Unlock on its own line. */
export function StaffTable({ members, unlocking, onEdit, onIssueCard, onUnlock }: Props) {
  return (
    <table className="data-table staff-table">
      <caption className="data-table__caption">
        {members.length === 1 ? '1 person' : `${members.length} people`} can sign in at this desk
      </caption>
      <TableHead columns={['Name', 'User id', 'Roles', 'Cards']} actions />
      <tbody>
        {members.map((m) => (
          <tr key={m.userId}>
            <th scope="row">
              {m.name} {!m.active && <Marker tone="info">Inactive</Marker>}
            </th>
            <td className="nowrap">{m.userId}</td>
            <td>
              <ul className="plain-list">
                {m.roles.map((r) => (
                  <li key={r.roleProfileId}>
                    {r.roleName} ({r.roleCode}) <span className="hint">profile {r.roleProfileId}</span>
                  </li>
                ))}
              </ul>
            </td>
            <td>
              {m.cards.length === 0 ? (
                'No card'
              ) : (
                <ul className="plain-list">
                  {m.cards.map((c) => (
                    <li key={c.cardId} className="card-line">
                      <span className="nowrap">{c.cardId}</span> {c.locked ? <Marker tone="locked">Locked</Marker> : <span>Usable</span>}{' '}
                      <span className="hint">{attempts(c.failedAttempts)}</span>
                      {c.locked && (
                        <button
                          type="button"
                          className="button button--small"
                          disabled={unlocking === c.cardId}
                          onClick={(e) => onUnlock(c.cardId, e.currentTarget)}
                        >
                          Unlock card<VisuallyHidden> {c.cardId}</VisuallyHidden>
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              <div className="actions">
                <button type="button" className="button button--small" onClick={() => onEdit(m.userId)}>
                  Edit<VisuallyHidden> {m.name}</VisuallyHidden>
                </button>
                <button type="button" className="button button--small" onClick={() => onIssueCard(m.userId)}>
                  Issue card<VisuallyHidden> to {m.name}</VisuallyHidden>
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
