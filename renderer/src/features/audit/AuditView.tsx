import { useEffect, useId, useRef } from 'react';
import { formatNhsNumber } from '../../../../shared/domain/nhs-number';
import { Notice } from '../../components/Notice';
import { downloadText } from '../../lib/download';
import { formatUkDateTime } from '../../lib/uk-time';
import { useAuditStore } from '../../stores/audit.store';
import { actionWords, outcomeWords } from './audit-words';

/** Access audit (clerical managers): who has seen a patient's record, as CSV too, and whether the trail is intact. */
export function AuditView() {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="view" aria-labelledby={`${id}-heading`}>
      <h2 ref={headingRef} id={`${id}-heading`} tabIndex={-1} className="view__heading">
        Access audit
      </h2>
      <PatientAccess />
      <TrailCheck />
    </section>
  );
}

function PatientAccess() {
  const nhsText = useAuditStore((s) => s.nhsText);
  const invalid = useAuditStore((s) => s.invalidInput);
  const status = useAuditStore((s) => s.accessStatus);
  const error = useAuditStore((s) => s.accessError);
  const nhsNumber = useAuditStore((s) => s.shownNhsNumber);
  const entries = useAuditStore((s) => s.entries);
  const exporting = useAuditStore((s) => s.exporting);
  const exportError = useAuditStore((s) => s.exportError);
  const exported = useAuditStore((s) => s.exported);
  const { setNhsText, showAccesses, exportCsv, markExported } = useAuditStore.getState();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  const found =
    status === 'loading'
      ? 'Looking up who has seen this record…'
      : status === 'ready' && entries && nhsNumber
        ? entries.length === 0
          ? `Nobody has opened the record for NHS number ${formatNhsNumber(nhsNumber)} on this desk system.`
          : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} for NHS number ${formatNhsNumber(nhsNumber)}.`
        : '';
  const summary = exported ? `${found} Downloaded ${exported}.` : found;

  const onExport = async () => {
    const file = await exportCsv();
    if (!file) return;
    downloadText(file.filename, file.csv);
    markExported(file.filename);
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="panel__heading">
        Who has seen this record
      </h3>
      <form
        role="search"
        aria-label="Record access"
        className="form form--inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void showAccesses().then(() => {
            if (useAuditStore.getState().invalidInput) inputRef.current?.focus();
          });
        }}
      >
        <div className="text-field">
          <label htmlFor={`${id}-nhs`} className="field-label">
            NHS number
          </label>
          {invalid && error && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="form__row">
            <input
              ref={inputRef}
              id={`${id}-nhs`}
              className="text-input text-input--nhs"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              maxLength={14}
              value={nhsText}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid && error ? `${id}-error` : undefined}
              onChange={(e) => setNhsText(e.target.value)}
            />
            <button type="submit" className="button button--primary">
              Show who has seen it
            </button>
          </div>
        </div>
      </form>

      <p role="status" aria-label="Record access" className="view__status">
        {summary}
      </p>
      {!invalid && error && (
        <Notice tone="alert">
          <p>{error}</p>
        </Notice>
      )}

      {status === 'ready' && entries && nhsNumber && entries.length > 0 && (
      <table className="data-table audit-table">
          <caption className="data-table__caption">Who has seen the record for NHS number {formatNhsNumber(nhsNumber)}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Role</th>
              <th scope="col">Workstation</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td className="nowrap">{formatUkDateTime(e.at)}</td>
                <td>{e.userName}</td>
                <td>
                  {e.roleName} ({e.roleCode})
                </td>
                <td>{e.workstation}</td>
                <td>{actionWords(e.action)}</td>
                <td>
                  {outcomeWords(e.outcome)}
                  {e.detail && <span className="hint"> {e.detail}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status === 'ready' && nhsNumber && (
        <div className="view__toolbar">
          <button type="button" className="button" disabled={exporting} onClick={() => void onExport()}>
            Export CSV
          </button>
        </div>
      )}
      {exportError && (
        <Notice tone="alert">
          <p>Could not export: {exportError}</p>
        </Notice>
      )}
    </section>
  );
}

function TrailCheck() {
  const verifying = useAuditStore((s) => s.verifying);
  const verification = useAuditStore((s) => s.verification);
  const verifyError = useAuditStore((s) => s.verifyError);
  const { verify } = useAuditStore.getState();
  const id = useId();

  const intact = verification?.ok ? `Audit trail intact: ${verification.rows} ${verification.rows === 1 ? 'entry' : 'entries'} checked.` : '';
  const broken = verification && !verification.ok ? trailProblem(verification) : null;

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="panel__heading">
        Audit trail
      </h3>
      <p className="hint">Checks that no entry has been changed or removed since it was written.</p>
      <div className="view__toolbar">
        <button type="button" className="button" disabled={verifying} onClick={() => void verify()}>
          Check the audit trail
        </button>
      </div>
      <p role="status" aria-label="Audit trail" className="view__status">
        {verifying ? 'Checking the audit trail…' : intact}
      </p>
      {(broken || verifyError) && (
        <Notice tone="alert">
          <p>{broken ?? `Could not check the audit trail: ${verifyError}`}</p>
        </Notice>
      )}
    </section>
  );
}

function trailProblem(v: { rows: number; problem: { seq: number | null; reason: string } | null }): string {
  const where = v.problem?.seq != null ? ` at entry ${v.problem.seq}` : '';
  const why = v.problem?.reason ?? 'the check failed';
  return `The audit trail has a problem${where}: ${why}. ${v.rows} ${v.rows === 1 ? 'entry was' : 'entries were'} checked. Tell the practice manager.`;
}
