import { ProblemSummary } from '../../components/ProblemSummary';
import { useId } from 'react';
import { BOOKERS } from '../../../../shared/domain/rota/slot-type';
import { TextField } from '../../components/TextField';
import { useRotaStore } from '../../stores/rota.store';
import type { Booker, EmbargoKind, SlotTypeDraft } from './drafts';
import { FormActions, GroupError, SelectField, useFocusOnOpen } from './form-bits';
import { BOOKER_LABEL, EMBARGO_LABEL } from './rota-words';

const EMBARGO_KINDS = Object.keys(EMBARGO_LABEL) as EmbargoKind[];

/** Add or edit a slot type. Everything typed lives in the store, so a refusal or a lock loses none of it. */
export function SlotTypeForm({ draft, categories, onDone }: { draft: SlotTypeDraft; categories: readonly string[]; onDone(): void }) {
  const form = useRotaStore((s) => s.forms.slotType);
  const { updateSlotType: update, saveSlotType, cancelSlotType } = useRotaStore.getState();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const id = useId();
  const e = form.errors;
  const toggle = (b: Booker, on: boolean) => update({ bookableBy: on ? BOOKERS.filter((x) => x === b || draft.bookableBy.includes(x)) : draft.bookableBy.filter((x) => x !== b) });

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h4 ref={heading} id={`${id}-heading`} tabIndex={-1} className="panel__heading">
        {draft.id ? `Edit slot type ${draft.name || draft.id}` : 'Add a slot type'}
      </h4>
      <form
        noValidate
        className="form"
        onSubmit={(ev) => {
          ev.preventDefault();
          void saveSlotType().then((saved) => saved && onDone());
        }}
      >
        <ProblemSummary errors={e} />
        <TextField label="Name" value={draft.name} onValue={(name) => update({ name })} error={e.name} maxLength={60} />
        <TextField label="Length (minutes)" hint="5 to 240" inputMode="numeric" value={draft.lengthMinutes} onValue={(lengthMinutes) => update({ lengthMinutes })} error={e.lengthMinutes} />
        <div className="rota-colour">
          <TextField label="Colour" hint="# and six hex digits, for example #1d70b8" value={draft.colour} onValue={(colour) => update({ colour })} error={e.colour} />
          <span className="rota-swatch rota-swatch--large" style={/^#[0-9a-f]{6}$/i.test(draft.colour) ? { background: draft.colour } : undefined} aria-hidden="true" />
        </div>
        <fieldset className="form__group">
          <legend className="field-label">Who may book</legend>
          <p className="hint">None ticked: nobody can book it (admin or protected time)</p>
          <GroupError error={e.bookableBy} />
          {BOOKERS.map((b) => (
            <label key={b} className="checkbox">
              <input type="checkbox" checked={draft.bookableBy.includes(b)} onChange={(ev) => toggle(b, ev.target.checked)} />
              {BOOKER_LABEL[b]}
            </label>
          ))}
        </fieldset>
        <fieldset className="form__group">
          <legend className="field-label">When the slots are released for booking</legend>
          <GroupError error={e.embargo} />
          {EMBARGO_KINDS.map((k) => (
            <label key={k} className="radio">
              <input type="radio" name={`${id}-embargo`} value={k} checked={draft.embargoKind === k} onChange={() => update({ embargoKind: k })} />
              {EMBARGO_LABEL[k]}
            </label>
          ))}
          {draft.embargoKind === 'before' && (
            <TextField label="Hours before the slot" inputMode="numeric" value={draft.embargoHours} onValue={(embargoHours) => update({ embargoHours })} error={e['embargo.hours']} />
          )}
          {draft.embargoKind === 'days-before' && (
            <TextField label="Days before the slot" inputMode="numeric" value={draft.embargoDays} onValue={(embargoDays) => update({ embargoDays })} error={e['embargo.days']} />
          )}
          {(draft.embargoKind === 'days-before' || draft.embargoKind === 'on-the-day') && (
            <TextField label="Release time" hint="HH:mm, 24-hour clock" value={draft.embargoAt} onValue={(embargoAt) => update({ embargoAt })} error={e['embargo.at']} />
          )}
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={draft.autoDna} onChange={(ev) => update({ autoDna: ev.target.checked })} />
          Mark unattended appointments as did not attend after the session
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={draft.urgent} onChange={(ev) => update({ urgent: ev.target.checked })} />
          Urgent, on-the-day capacity
        </label>
        <SelectField
          label="National category"
          hint="The GPAD national slot category this type is reported as"
          value={draft.nationalCategory}
          onValue={(nationalCategory) => update({ nationalCategory })}
          options={categories.map((c) => ({ value: c, label: c }))}
          error={e.nationalCategory}
        />
        <FormActions
          submitLabel="Save slot type"
          busy={form.busy}
          error={form.error}
          onCancel={() => {
            cancelSlotType();
            onDone();
          }}
        />
      </form>
    </section>
  );
}
