import type { RotaOverview, RotaView } from '../../../../shared/contract/rota';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import { useRotaStore } from '../../stores/rota.store';
import { CoreRefusal } from './form-bits';
import { clinicianName, patternWords, sequenceWords, shortDay, siteName } from './rota-words';
import { TableHead } from '../../components/TableHead';

const label = (t: RotaView['templates'][number], o: RotaOverview) => t.name || `${clinicianName(o, t.clinicianId)} ${t.start}–${t.end}`;

/** A rota's session templates; a practice manager may change one, or delete one (after a yes). */
export function TemplateTable({ rota, overview, canEdit, onChange }: { rota: RotaView; overview: RotaOverview; canEdit: boolean; onChange?(): void }) {
  const deleting = useRotaStore((s) => s.deleting);
  const form = useRotaStore((s) => s.forms.deleteTemplate);
  const { askDelete, deleteTemplate, startTemplate } = useRotaStore.getState();
  if (rota.templates.length === 0) return <p>No session templates yet.</p>;
  return (
    <table className="data-table rota-table">
      <caption className="data-table__caption">Session templates of {rota.name}</caption>
      <TableHead columns={['Template', 'Clinician', 'Site', 'Days', 'Time', 'Slots', 'Runs']} actions={canEdit} />
      <tbody>
        {rota.templates.map((t) => (
          <tr key={t.id}>
            <th scope="row">{label(t, overview)}</th>
            <td>{clinicianName(overview, t.clinicianId)}</td>
            <td>{siteName(overview, t.siteId)}</td>
            <td>{patternWords(t.pattern)}</td>
            <td className="nowrap">
              {t.start}–{t.end}
            </td>
            <td>{sequenceWords(t, overview.slotTypes)}</td>
            <td>
              {shortDay(t.validFrom)} to {t.validTo ? shortDay(t.validTo) : 'further notice'}
            </td>
            {canEdit && (
              <td>
                {deleting === t.id ? (
                  <div role="group" aria-label={`Delete ${label(t, overview)}?`} className="rota-confirm">
                    <p>Delete this template? Slots already generated from it stay in the book.</p>
                    <CoreRefusal error={form.error} />
                    <div className="actions">
                      <button type="button" className="button button--small" disabled={form.busy} onClick={() => void deleteTemplate(t.id)}>
                        Yes, delete<VisuallyHidden> {label(t, overview)}</VisuallyHidden>
                      </button>
                      <button type="button" className="button button--small" onClick={() => askDelete(null)}>
                        Keep it<VisuallyHidden> ({label(t, overview)})</VisuallyHidden>
                      </button>
                    </div>
                  </div>
                ) : (
                  <div className="actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => {
                        onChange?.();
                        startTemplate(rota.id, t.id);
                      }}
                    >
                      Change<VisuallyHidden> {label(t, overview)}</VisuallyHidden>
                    </button>
                    <button type="button" className="button button--small" onClick={() => askDelete(t.id)}>
                      Delete<VisuallyHidden> {label(t, overview)}</VisuallyHidden>
                    </button>
                  </div>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
