import type { PracticeSlotType } from '../../../../shared/domain/rota/slot-type';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import { bookersWords, embargoWords } from './rota-words';
import { TableHead } from '../../components/TableHead';

/** The practice's slot types; the colour is always shown with its code, never on its own. */
export function SlotTypeTable({ types, onEdit }: { types: readonly PracticeSlotType[]; onEdit?: ((id: string) => void) | undefined }) {
  return (
    <table className="data-table rota-table">
      <caption className="data-table__caption">{types.length === 1 ? '1 slot type' : `${types.length} slot types`}</caption>
      <TableHead columns={['Name', 'Length', 'Colour', 'Who may book', 'Released', 'Did not attend', 'National category']} actions={Boolean(onEdit)} />
      <tbody>
        {types.map((t) => (
          <tr key={t.id}>
            <th scope="row">
              {t.name}
              {t.urgent && <span className="hint"> (urgent, on the day)</span>}
            </th>
            <td className="nowrap">{t.lengthMinutes} min</td>
            <td className="nowrap">
              <span className="rota-swatch" style={{ background: t.colour }} aria-hidden="true" /> {t.colour}
            </td>
            <td>{bookersWords(t)}</td>
            <td>{embargoWords(t.embargo)}</td>
            <td>{t.autoDna ? 'Marked automatically' : 'Not marked automatically'}</td>
            <td>{t.nationalCategory}</td>
            {onEdit && (
              <td>
                <button type="button" className="button button--small" onClick={() => onEdit(t.id)}>
                  Edit<VisuallyHidden> {t.name}</VisuallyHidden>
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
