import type { PracticeSlotType } from '../../../../shared/domain/rota/slot-type';
import { TextField } from '../../components/TextField';
import { useRotaStore } from '../../stores/rota.store';
import type { StepDraft } from './drafts';
import type { FieldErrors } from './field-errors';
import { GroupError, SelectField } from './form-bits';

/** The session's sequence: steps of "n slots of a type", laid out back to back from the start. */
export function TemplateSteps({ steps, types, errors }: { steps: StepDraft[]; types: readonly PracticeSlotType[]; errors: FieldErrors }) {
  const { addStep, removeStep, updateStep } = useRotaStore.getState();
  const options = types.map((t) => ({ value: t.id, label: `${t.name} (${t.lengthMinutes} min)` }));
  return (
    <fieldset className="form__group">
      <legend className="field-label">Slots in the session, in order</legend>
      <GroupError error={errors.sequence} />
      {steps.map((s, i) => (
        <fieldset key={s.key} className="role-row rota-step">
          <legend>Step {i + 1}</legend>
          <SelectField label="Slot type" value={s.slotTypeId} onValue={(slotTypeId) => updateStep(s.key, { slotTypeId })} options={options} placeholder="Choose a slot type" error={errors[`sequence.${i}.slotTypeId`]} />
          <TextField label="Number of slots" inputMode="numeric" value={s.count} onValue={(count) => updateStep(s.key, { count })} error={errors[`sequence.${i}.count`]} />
          <TextField
            label="Length of each (minutes)"
            hint="Leave empty for the slot type’s own length"
            inputMode="numeric"
            value={s.lengthMinutes}
            onValue={(lengthMinutes) => updateStep(s.key, { lengthMinutes })}
            error={errors[`sequence.${i}.lengthMinutes`]}
          />
          {steps.length > 1 && (
            <button type="button" className="button button--small" onClick={() => removeStep(s.key)}>
              Remove step {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" className="button button--small" onClick={addStep}>
        Add a step
      </button>
    </fieldset>
  );
}
