import { ProblemSummary } from '../../components/ProblemSummary';
import { useId } from 'react';
import type { RotaOverview } from '../../../../shared/contract/rota';
import { WEEKDAY_KEYS } from '../../../../shared/domain/rota/opening-hours';
import { TextField } from '../../components/TextField';
import { useRotaStore } from '../../stores/rota.store';
import type { HoursDraft } from './drafts';
import { FormActions, SelectField } from './form-bits';
import { WEEKDAY_NAMES } from './rota-words';

/** The practice's opening hours, or a site's where they differ: slots outside them are never generated. */
export function OpeningHoursForm({ draft, overview }: { draft: HoursDraft; overview: RotaOverview }) {
  const form = useRotaStore((s) => s.forms.hours);
  const warnings = useRotaStore((s) => s.hoursWarnings);
  const { startHours, updateHours, updateHoursDay, saveHours } = useRotaStore.getState();
  const id = useId();
  const e = form.errors;
  const site = draft.siteId !== '';
  return (
    <form
      noValidate
      className="form panel"
      aria-labelledby={`${id}-heading`}
      onSubmit={(ev) => {
        ev.preventDefault();
        void saveHours();
      }}
    >
      <h4 id={`${id}-heading`} className="panel__heading">
        Opening hours
      </h4>
      <ProblemSummary errors={e} />
      <SelectField
        label="Hours of"
        value={draft.siteId}
        onValue={(siteId) => startHours(siteId)}
        options={[{ value: '', label: 'The practice' }, ...overview.sites.map((s) => ({ value: s.id, label: s.name }))]}
      />
      {site && (
        <label className="checkbox">
          <input type="checkbox" checked={draft.sameAsPractice} onChange={(ev) => updateHours({ sameAsPractice: ev.target.checked })} />
          Same hours as the practice
        </label>
      )}
      {!(site && draft.sameAsPractice) &&
        draft.days.map((d, i) => {
          const name = WEEKDAY_NAMES[i]!;
          const key = WEEKDAY_KEYS[i]!;
          return (
            <fieldset key={name} className="form__group rota-hours-day">
              <legend className="field-label">{name}</legend>
              <label className="checkbox">
                <input type="checkbox" checked={d.open} onChange={(ev) => updateHoursDay(i, { open: ev.target.checked })} />
                Open on {name}
              </label>
              {d.open && (
                <div className="form__row">
                  <TextField label={`${name} opens`} hint="HH:mm" value={d.from} onValue={(from) => updateHoursDay(i, { from })} error={e[`hours.${key}.open`]} />
                  <TextField label={`${name} closes`} hint="HH:mm" value={d.to} onValue={(to) => updateHoursDay(i, { to })} error={e[`hours.${key}.close`]} />
                </div>
              )}
            </fieldset>
          );
        })}
      {warnings.length > 0 && (
        <div className="notice notice--warning">
          {warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}
      <FormActions submitLabel="Save opening hours" busy={form.busy} error={form.error} />
    </form>
  );
}
