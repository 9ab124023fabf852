import { useId } from 'react';
import { TextField } from '../../components/TextField';
import { useRotaStore } from '../../stores/rota.store';
import type { PatternKind, TemplateDraft } from './drafts';
import type { FieldErrors } from './field-errors';
import { GroupError, SelectField } from './form-bits';
import { NTH_OPTIONS, nthLabel, WEEKDAY_NAMES } from './rota-words';

const KINDS: { kind: PatternKind; label: string }[] = [
  { kind: 'weekly', label: 'Every week' },
  { kind: 'alternate', label: 'Alternate weeks' },
  { kind: 'nth-weekday', label: 'One weekday of each month (for example the first Tuesday)' },
];

/** Which days a template runs: every week, alternate weeks, or the nth weekday of the month. */
export function TemplatePattern({ draft, errors }: { draft: TemplateDraft; errors: FieldErrors }) {
  const { updateTemplate: update } = useRotaStore.getState();
  const id = useId();
  const toggle = (w: number, on: boolean) => update({ weekdays: on ? [...draft.weekdays, w].sort((a, b) => a - b) : draft.weekdays.filter((x) => x !== w) });
  return (
    <fieldset className="form__group">
      <legend className="field-label">Which days</legend>
      <GroupError error={errors.pattern} />
      {KINDS.map((k) => (
        <label key={k.kind} className="radio">
          <input type="radio" name={`${id}-pattern`} value={k.kind} checked={draft.patternKind === k.kind} onChange={() => update({ patternKind: k.kind })} />
          {k.label}
        </label>
      ))}
      {draft.patternKind !== 'nth-weekday' && (
        <fieldset className="form__group rota-weekdays">
          <legend className="field-label">Weekdays</legend>
          <GroupError error={errors['pattern.weekdays']} />
          {WEEKDAY_NAMES.map((name, i) => (
            <label key={name} className="checkbox">
              <input type="checkbox" checked={draft.weekdays.includes(i + 1)} onChange={(ev) => toggle(i + 1, ev.target.checked)} />
              {name}
            </label>
          ))}
        </fieldset>
      )}
      {draft.patternKind === 'alternate' && (
        <TextField
          label="A week it runs (its Monday)"
          type="date"
          value={draft.anchorWeekStart}
          onValue={(anchorWeekStart) => update({ anchorWeekStart })}
          error={errors['pattern.anchorWeekStart']}
        />
      )}
      {draft.patternKind === 'nth-weekday' && (
        <div className="form__row">
          <SelectField
            label="Which one"
            value={draft.nth}
            onValue={(nth) => update({ nth })}
            options={NTH_OPTIONS.map((n) => ({ value: String(n), label: nthLabel(n) }))}
            error={errors['pattern.nth']}
          />
          <SelectField
            label="Weekday of the month"
            value={draft.nthWeekday}
            onValue={(nthWeekday) => update({ nthWeekday })}
            options={WEEKDAY_NAMES.map((n, i) => ({ value: String(i + 1), label: n }))}
            error={errors['pattern.weekday']}
          />
        </div>
      )}
    </fieldset>
  );
}
