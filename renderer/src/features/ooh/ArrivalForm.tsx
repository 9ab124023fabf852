import { useId, useRef, useState, type FormEvent } from 'react';
import type { OohPriorityValue } from '../../../../shared/contract/ooh';
import { checkNhsNumber, formatNhsNumber } from '../../../../shared/domain/nhs-number';
import { TextField } from '../../components/TextField';
import { useOohStore } from '../../stores/ooh.store';
import { OOH_PRIORITIES, priorityOption } from './ooh-words';

/**
 * Record an arrival at the centre: NHS number (fixed when recorded from the patient's banner), triage priority
 * (each with its wait target), site and a short reason. Everything typed stays put when the core refuses.
 */
export function ArrivalForm({ nhsNumber, patientName, onDone }: { nhsNumber?: string; patientName?: string; onDone?(): void }) {
  const context = useOohStore((s) => s.context);
  const busy = useOohStore((s) => s.busy);
  const [nhs, setNhs] = useState(nhsNumber ?? '');
  const [nhsError, setNhsError] = useState<string | undefined>();
  const [priority, setPriority] = useState<OohPriorityValue | null>(null);
  const [priorityError, setPriorityError] = useState<string | null>(null);
  const [site, setSite] = useState(context?.sites[0] ?? '');
  const [reason, setReason] = useState('');
  const id = useId();
  const nhsRef = useRef<HTMLInputElement>(null);
  const priorityRef = useRef<HTMLFieldSetElement>(null);
  const sites = context?.sites ?? [];
  const targets = context?.targets;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const check = checkNhsNumber(nhs);
    if (!check.valid) {
      setNhsError(check.message);
      nhsRef.current?.focus();
      return;
    }
    setNhsError(undefined);
    if (!priority) {
      setPriorityError('Choose a triage priority.');
      priorityRef.current?.querySelector('input')?.focus();
      return;
    }
    setPriorityError(null);
    const made = await useOohStore.getState().arrive({ nhsNumber: check.value, priority, site: site || sites[0] || 'Main site', ...(reason.trim() ? { reason: reason.trim() } : {}) });
    if (made) {
      if (!nhsNumber) setNhs('');
      setPriority(null);
      setReason('');
      onDone?.();
    }
  };

  return (
    <form className="form ooh-arrival" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-title`} className="ooh-arrival__title">
        {patientName ? `Record ${patientName}’s arrival` : 'Record an arrival'}
      </h3>
      {nhsNumber ? (
        <p>
          NHS number <strong className="nowrap">{formatNhsNumber(nhsNumber)}</strong>
        </p>
      ) : (
        <TextField label="NHS number" value={nhs} onValue={setNhs} error={nhsError} inputRef={nhsRef} className="" inputMode="numeric" hint="10 digits, spaces allowed" />
      )}
      <fieldset ref={priorityRef} className="form__group" aria-describedby={priorityError ? `${id}-priority-error` : undefined}>
        <legend className="field-label">Triage priority</legend>
        {priorityError && (
          <p id={`${id}-priority-error`} className="field-error">
            <span className="visually-hidden">Error: </span>
            {priorityError}
          </p>
        )}
        {OOH_PRIORITIES.map((p) => (
          <label key={p} className="radio">
            <input type="radio" name={`${id}-priority`} value={p} checked={priority === p} onChange={() => setPriority(p)} />
            {targets ? priorityOption(p, targets[p]) : p}
          </label>
        ))}
      </fieldset>
      <div className="text-field">
        <label htmlFor={`${id}-site`} className="field-label">
          Site
        </label>
        <select id={`${id}-site`} className="select" value={site} onChange={(e) => setSite(e.target.value)}>
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <TextField label="Reason for attending (staff only, optional)" value={reason} onValue={setReason} maxLength={100} hint="A few words; no clinical detail" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          Record arrival
        </button>
      </div>
    </form>
  );
}
