import { ProblemSummary } from '../../components/ProblemSummary';
import { useEffect, useId } from 'react';
import { TextField } from '../../components/TextField';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import { useRotaStore } from '../../stores/rota.store';
import { CoreRefusal, FormActions, SelectField } from './form-bits';
import { RebookTable } from './RebookTable';
import { clinicianName, leaveBound } from './rota-words';
import { TableHead } from '../../components/TableHead';

/** Clinicians' leave (their free slots blocked) and the patients booked into it, whom reception moves. */
export function LeaveSection({ canEdit }: { canEdit: boolean }) {
  const overview = useRotaStore((s) => s.overview);
  const draft = useRotaStore((s) => s.leave);
  const form = useRotaStore((s) => s.forms.leave);
  const removing = useRotaStore((s) => s.forms.removeLeave);
  const rebook = useRotaStore((s) => s.rebook);
  const { updateLeave: update, addLeave, removeLeave, loadRebook } = useRotaStore.getState();
  const id = useId();
  useEffect(() => void loadRebook(), [loadRebook]);
  if (!overview) return null;
  const e = form.errors;
  return (
    <>
      {canEdit && (
        <form
          noValidate
          className="form panel"
          aria-labelledby={`${id}-add`}
          onSubmit={(ev) => {
            ev.preventDefault();
            void addLeave();
          }}
        >
          <h4 id={`${id}-add`} className="panel__heading">
            Record leave
          </h4>
          <ProblemSummary errors={e} />
          <SelectField label="Clinician on leave" value={draft.clinicianId} onValue={(clinicianId) => update({ clinicianId })} options={overview.clinicians.map((c) => ({ value: c.id, label: c.name }))} placeholder="Choose a clinician" error={e.clinicianId} />
          <div className="form__row">
            <TextField label="First day of leave" type="date" value={draft.from} onValue={(from) => update({ from })} error={e.from} />
            <TextField label="Last day of leave" type="date" value={draft.to} onValue={(to) => update({ to })} error={e.to} />
          </div>
          <TextField label="Reason (optional)" hint="Staff only, for example Annual leave" value={draft.reason} onValue={(reason) => update({ reason })} error={e.reason} maxLength={100} />
          <FormActions submitLabel="Record leave" busy={form.busy} error={form.error} />
        </form>
      )}
      <h4>Leave recorded</h4>
      {overview.leave.length === 0 ? (
        <p>No leave recorded.</p>
      ) : (
        <table className="data-table rota-table">
          <caption className="data-table__caption">Leave and absences</caption>
          <TableHead columns={['Clinician', 'From', 'To', 'Reason']} actions={canEdit} />
          <tbody>
            {overview.leave.map((l) => (
              <tr key={l.id}>
                <th scope="row">{clinicianName(overview, l.clinicianId)}</th>
                <td className="nowrap">{leaveBound(l.from)}</td>
                <td className="nowrap">{leaveBound(l.to)}</td>
                <td>{l.reason ?? ''}</td>
                {canEdit && (
                  <td>
                    <button type="button" className="button button--small" disabled={removing.busy} onClick={() => void removeLeave(l.id)}>
                      Remove leave<VisuallyHidden> of {clinicianName(overview, l.clinicianId)} from {leaveBound(l.from)}</VisuallyHidden>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CoreRefusal error={removing.error} />
      <h4>Patients to move</h4>
      {rebook ? <RebookTable entries={rebook} /> : <p>Loading the rebook list…</p>}
    </>
  );
}
