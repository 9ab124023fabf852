import { ProblemSummary } from '../../components/ProblemSummary';
import { useId } from 'react';
import type { RotaOverview } from '../../../../shared/contract/rota';
import { TextField } from '../../components/TextField';
import { useRotaStore } from '../../stores/rota.store';
import type { TemplateDraft } from './drafts';
import { FormActions, SelectField, useFocusOnOpen } from './form-bits';
import { TemplatePattern } from './TemplatePattern';
import { TemplateSteps } from './TemplateSteps';

/** Add a session template to a rota, or change one: who, where, which days, when, and the slots in order. */
export function TemplateForm({ draft, rotaName, overview, onDone }: { draft: TemplateDraft; rotaName: string; overview: RotaOverview; onDone(): void }) {
  const form = useRotaStore((s) => s.forms.template);
  const { updateTemplate: update, saveTemplate, cancelTemplate } = useRotaStore.getState();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const id = useId();
  const e = form.errors;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h5 ref={heading} id={`${id}-heading`} tabIndex={-1} className="panel__heading">
        {draft.id ? `Change a template of ${rotaName}` : `Add a template to ${rotaName}`}
      </h5>
      <form
        noValidate
        className="form"
        onSubmit={(ev) => {
          ev.preventDefault();
          void saveTemplate().then((saved) => saved && onDone());
        }}
      >
        <ProblemSummary errors={e} />
        <TextField label="Template name (optional)" hint="For example Monday morning surgery" value={draft.name} onValue={(name) => update({ name })} error={e.name} maxLength={60} />
        <SelectField
          label="Clinician"
          value={draft.clinicianId}
          onValue={(clinicianId) => update({ clinicianId })}
          options={overview.clinicians.map((c) => ({ value: c.id, label: `${c.name} (${c.role})` }))}
          placeholder="Choose a clinician"
          error={e.clinicianId}
        />
        <SelectField label="Site" value={draft.siteId} onValue={(siteId) => update({ siteId })} options={overview.sites.map((s) => ({ value: s.id, label: s.name }))} placeholder="Choose a site" error={e.siteId} />
        <TemplatePattern draft={draft} errors={e} />
        <div className="form__row">
          <TextField label="Session starts" hint="HH:mm, 24-hour clock" value={draft.start} onValue={(start) => update({ start })} error={e.start} />
          <TextField label="Session ends" hint="HH:mm, 24-hour clock" value={draft.end} onValue={(end) => update({ end })} error={e.end} />
        </div>
        <TemplateSteps steps={draft.steps} types={overview.slotTypes} errors={e} />
        <div className="form__row">
          <TextField label="Runs from" type="date" value={draft.validFrom} onValue={(validFrom) => update({ validFrom })} error={e.validFrom} />
          <TextField label="Runs until" hint="Empty: until further notice" type="date" value={draft.validTo} onValue={(validTo) => update({ validTo })} error={e.validTo} />
        </div>
        <FormActions
          submitLabel="Save template"
          busy={form.busy}
          error={form.error}
          onCancel={() => {
            cancelTemplate();
            onDone();
          }}
        />
      </form>
    </section>
  );
}
