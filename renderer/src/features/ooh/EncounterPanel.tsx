import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { OOH_OUTCOMES, OUTCOME_LABEL, type EncounterView, type OohOutcome, type OohPriorityValue } from '../../../../shared/contract/ooh';
import { useOohStore } from '../../stores/ooh.store';
import { OOH_PRIORITIES, PRIORITY_LABEL, priorityOption } from './ooh-words';

/**
 * One visit's next steps: change the triage priority (until seen), record the clinician who is seeing them, then the
 * outcome. Esc closes the panel; focus starts on its heading.
 */
export function EncounterPanel({ encounter: e, onClose }: { encounter: EncounterView; onClose(): void }) {
  const context = useOohStore((s) => s.context);
  const busy = useOohStore((s) => s.busy);
  const [priority, setPriority] = useState<OohPriorityValue>(e.priority);
  const [clinician, setClinician] = useState('');
  const [clinicianError, setClinicianError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<OohOutcome | ''>('');
  const [outcomeError, setOutcomeError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useEffect(() => headingRef.current?.focus(), [e.id]);
  // Who is on shift changes through the night: ask again when a visit is opened.
  useEffect(() => void useOohStore.getState().loadContext(), [e.id]);

  const triage = async (ev: FormEvent) => {
    ev.preventDefault();
    await useOohStore.getState().triage(e.id, priority);
  };
  const seen = async (ev: FormEvent) => {
    ev.preventDefault();
    if (clinician.trim().length < 2) {
      setClinicianError('Say who is seeing the patient.');
      return;
    }
    setClinicianError(null);
    if (await useOohStore.getState().seen(e.id, clinician.trim())) setClinician('');
  };
  const complete = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!outcome) {
      setOutcomeError('Choose the outcome.');
      return;
    }
    setOutcomeError(null);
    if (await useOohStore.getState().outcome(e.id, outcome, note.trim() || undefined)) onClose();
  };
  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key !== 'Escape') return;
    ev.preventDefault();
    onClose();
  };

  return (
    <section className="ooh-panel" aria-labelledby={`${id}-title`} onKeyDown={onKeyDown}>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="ooh-panel__title">
        {e.patientName}: {PRIORITY_LABEL[e.priority]}, {e.wait.words.toLowerCase()}
      </h3>
      {!e.seenAt && (
        <form className="form" onSubmit={(ev) => void triage(ev)} aria-label={`Change ${e.patientName}’s priority`}>
          <fieldset className="form__group">
            <legend className="field-label">Triage priority</legend>
            {OOH_PRIORITIES.map((p) => (
              <label key={p} className="radio">
                <input type="radio" name={`${id}-priority`} value={p} checked={priority === p} onChange={() => setPriority(p)} />
                {context ? priorityOption(p, context.targets[p]) : PRIORITY_LABEL[p]}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button" disabled={busy || priority === e.priority}>
            Save priority
          </button>
        </form>
      )}
      {!e.seenAt && (
        <form className="form" onSubmit={(ev) => void seen(ev)} aria-label={`Record who is seeing ${e.patientName}`} noValidate>
          <div className="text-field">
            <label htmlFor={`${id}-clinician`} className="field-label">
              Clinician seeing them
            </label>
            {clinicianError && (
              <p id={`${id}-clinician-error`} className="field-error">
                <span className="visually-hidden">Error: </span>
                {clinicianError}
              </p>
            )}
            <input
              id={`${id}-clinician`}
              className="text-input"
              list={`${id}-on-shift`}
              value={clinician}
              onChange={(ev) => setClinician(ev.target.value)}
              aria-invalid={clinicianError ? true : undefined}
              aria-describedby={clinicianError ? `${id}-clinician-error` : undefined}
              autoComplete="off"
              maxLength={80}
            />
            <datalist id={`${id}-on-shift`}>
              {(context?.clinicians ?? []).map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </div>
          <button type="submit" className="button button--primary" disabled={busy}>
            Record seen now
          </button>
        </form>
      )}
      <form className="form" onSubmit={(ev) => void complete(ev)} aria-label={`Record ${e.patientName}’s outcome`} noValidate>
        <div className="text-field">
          <label htmlFor={`${id}-outcome`} className="field-label">
            Outcome
          </label>
          {outcomeError && (
            <p id={`${id}-outcome-error`} className="field-error">
              <span className="visually-hidden">Error: </span>
              {outcomeError}
            </p>
          )}
          <select
            id={`${id}-outcome`}
            className="select"
            value={outcome}
            onChange={(ev) => setOutcome(ev.target.value as OohOutcome | '')}
            aria-invalid={outcomeError ? true : undefined}
            aria-describedby={outcomeError ? `${id}-outcome-error` : undefined}
          >
            <option value="">Choose…</option>
            {OOH_OUTCOMES.filter((o) => e.seenAt || o === 'did-not-wait').map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABEL[o]}
              </option>
            ))}
          </select>
        </div>
        <div className="text-field">
          <label htmlFor={`${id}-note`} className="field-label">
            Note (optional)
          </label>
          <input id={`${id}-note`} className="text-input" value={note} onChange={(ev) => setNote(ev.target.value)} maxLength={200} autoComplete="off" />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Complete visit
          </button>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </section>
  );
}
