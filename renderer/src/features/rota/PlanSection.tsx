import { ProblemSummary } from '../../components/ProblemSummary';
import { useId } from 'react';
import { TextField } from '../../components/TextField';
import { useRotaStore } from '../../stores/rota.store';
import { ClashList } from './ClashList';
import { GenerateStep } from './GenerateStep';
import { FormActions, SelectField } from './form-bits';
import { PreviewSummary } from './PreviewSummary';
import { shortDay } from './rota-words';

/** Preview a rota over some days (counts and every clash), then, for a practice manager, generate the slots. */
export function PlanSection({ canEdit }: { canEdit: boolean }) {
  const overview = useRotaStore((s) => s.overview);
  const plan = useRotaStore((s) => s.plan);
  const form = useRotaStore((s) => s.forms.plan);
  const preview = useRotaStore((s) => s.preview);
  const { updatePlan, runPreview } = useRotaStore.getState();
  const id = useId();
  if (!overview) return null;
  if (overview.rotas.length === 0) return <p>There is no rota yet to preview.</p>;
  const e = form.errors;
  const rota = overview.rotas.find((r) => r.id === preview?.rotaId);
  return (
    <>
      <form
        noValidate
        className="form"
        aria-label="Preview a rota"
        onSubmit={(ev) => {
          ev.preventDefault();
          void runPreview();
        }}
      >
        <ProblemSummary errors={e} />
        <SelectField label="Rota" value={plan.rotaId} onValue={(rotaId) => updatePlan({ rotaId })} options={overview.rotas.map((r) => ({ value: r.id, label: `${r.name} (${shortDay(r.from)} to ${shortDay(r.to)})` }))} placeholder="Choose a rota" error={e.rotaId} />
        <div className="form__row">
          <TextField label="From" type="date" value={plan.from} onValue={(from) => updatePlan({ from })} error={e.from} />
          <TextField label="To" type="date" value={plan.to} onValue={(to) => updatePlan({ to })} error={e.to} />
        </div>
        <FormActions submitLabel="Preview" busy={form.busy} error={form.error} />
      </form>
      {form.busy && <p role="status">Working out the preview…</p>}
      {preview && (
        <section className="panel" aria-labelledby={`${id}-heading`}>
          <h4 id={`${id}-heading`} className="panel__heading">
            Preview of {rota?.name ?? 'the rota'}, {shortDay(preview.from)} to {shortDay(preview.to)}
          </h4>
          {preview.note && <p className="notice notice--warning">{preview.note}</p>}
          <PreviewSummary preview={preview} overview={overview} />
          <ClashList clashes={preview.clashes} />
          {canEdit && <GenerateStep />}
        </section>
      )}
    </>
  );
}
