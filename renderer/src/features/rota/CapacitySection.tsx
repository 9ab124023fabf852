import { ProblemSummary } from '../../components/ProblemSummary';
import { TextField } from '../../components/TextField';
import { useRotaStore } from '../../stores/rota.store';
import { CapacityChart } from './CapacityChart';
import { CapacityTables } from './CapacityTables';
import { FormActions } from './form-bits';

/** Capacity over some weeks: offered against booked, as a chart and as the tables it is drawn from. */
export function CapacitySection() {
  const range = useRotaStore((s) => s.capacityRange);
  const form = useRotaStore((s) => s.forms.capacity);
  const capacity = useRotaStore((s) => s.capacity);
  const { updateCapacity: update, loadCapacity } = useRotaStore.getState();
  const e = form.errors;
  return (
    <>
      <form
        noValidate
        className="form"
        aria-label="Capacity for these days"
        onSubmit={(ev) => {
          ev.preventDefault();
          void loadCapacity();
        }}
      >
        <ProblemSummary errors={e} />
        <div className="form__row">
          <TextField label="Capacity from" type="date" value={range.from} onValue={(from) => update({ from })} error={e.from} />
          <TextField label="Capacity to" type="date" value={range.to} onValue={(to) => update({ to })} error={e.to} />
        </div>
        <FormActions submitLabel="Show capacity" busy={form.busy} error={form.error} />
      </form>
      {capacity && (
        <>
          {capacity.basis === 'local-copy' && <p className="notice notice--warning">The national service did not answer: these figures are from this desk’s copy of the book (today and the next 14 days).</p>}
          <CapacityChart capacity={capacity} />
          <CapacityTables capacity={capacity} />
        </>
      )}
    </>
  );
}
