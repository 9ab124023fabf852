import { ProblemSummary } from '../../components/ProblemSummary';
import { useId } from 'react';
import type { RotaOverview } from '../../../../shared/contract/rota';
import { TextField } from '../../components/TextField';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import { todayInLondon } from '../book/book-words';
import { useRotaStore } from '../../stores/rota.store';
import { FormActions } from './form-bits';
import { shortDay } from './rota-words';

/** Local closures (training afternoons, a flood) beside the coming bank holidays: no sessions are generated on either. */
export function ClosuresPanel({ overview, canEdit }: { overview: RotaOverview; canEdit: boolean }) {
  const draft = useRotaStore((s) => s.closure);
  const form = useRotaStore((s) => s.forms.closure);
  const warning = useRotaStore((s) => s.closureWarning);
  const { updateClosure: update, addClosure, removeClosure } = useRotaStore.getState();
  const id = useId();
  const today = todayInLondon();
  const holidays = overview.bankHolidays.filter((h) => h.date >= today).slice(0, 8);
  const e = form.errors;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="panel__heading">
        Local closures
      </h4>
      {overview.closures.length === 0 ? (
        <p>No local closures recorded.</p>
      ) : (
        <ul className="plain-list" aria-label="Local closures">
          {overview.closures.map((c) => (
            <li key={c.day} className="rota-closure">
              {shortDay(c.day)}
              {c.reason ? `: ${c.reason}` : ''}{' '}
              {canEdit && (
                <button type="button" className="button button--small" disabled={form.busy} onClick={() => void removeClosure(c.day)}>
                  Remove<VisuallyHidden> the closure on {shortDay(c.day)}</VisuallyHidden>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {warning && <p className="notice notice--warning">{warning}</p>}
      {canEdit && (
        <form
          noValidate
          className="form"
          aria-label="Add a closure"
          onSubmit={(ev) => {
            ev.preventDefault();
            void addClosure();
          }}
        >
          <ProblemSummary errors={e} />
          <div className="form__row">
            <TextField label="Closed on" type="date" value={draft.day} onValue={(day) => update({ day })} error={e.day} />
            <TextField label="Reason (optional)" value={draft.reason} onValue={(reason) => update({ reason })} error={e.reason} maxLength={100} />
          </div>
          <FormActions submitLabel="Add closure" busy={form.busy} error={form.error} />
        </form>
      )}
      <h5>Coming bank holidays (England and Wales)</h5>
      <ul className="plain-list">
        {holidays.map((h) => (
          <li key={h.date}>
            {shortDay(h.date)}: {h.title}
          </li>
        ))}
      </ul>
    </section>
  );
}
