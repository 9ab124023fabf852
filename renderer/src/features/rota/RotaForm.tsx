import { ProblemSummary } from '../../components/ProblemSummary';
import { useId } from 'react';
import { TextField } from '../../components/TextField';
import { useRotaStore } from '../../stores/rota.store';
import type { RotaDraft } from './drafts';
import { FormActions, useFocusOnOpen } from './form-bits';

/** Create a rota, or rename or re-date one: a name and the days its templates are in force. */
export function RotaForm({ draft, onDone }: { draft: RotaDraft; onDone(): void }) {
  const form = useRotaStore((s) => s.forms.rota);
  const { updateRota, saveRota, cancelRota } = useRotaStore.getState();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const id = useId();
  const e = form.errors;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h4 ref={heading} id={`${id}-heading`} tabIndex={-1} className="panel__heading">
        {draft.id ? 'Rename or re-date a rota' : 'Create a rota'}
      </h4>
      <form
        noValidate
        className="form"
        onSubmit={(ev) => {
          ev.preventDefault();
          void saveRota().then((saved) => saved && onDone());
        }}
      >
        <ProblemSummary errors={e} />
        <TextField label="Rota name" hint="For example Winter 2026" value={draft.name} onValue={(name) => updateRota({ name })} error={e.name} maxLength={80} />
        <div className="form__row">
          <TextField label="First day" type="date" value={draft.from} onValue={(from) => updateRota({ from })} error={e.from} />
          <TextField label="Last day" type="date" value={draft.to} onValue={(to) => updateRota({ to })} error={e.to} />
        </div>
        <FormActions
          submitLabel="Save rota"
          busy={form.busy}
          error={form.error}
          onCancel={() => {
            cancelRota();
            onDone();
          }}
        />
      </form>
    </section>
  );
}
