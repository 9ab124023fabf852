import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { RxPrescriber, RxRequestView } from '../../../../shared/contract/prescriptions';
import { formatNhsNumber } from '../../../../shared/domain/nhs-number';
import { Field, FieldList } from '../../components/FieldList';
import { Notice } from '../../components/Notice';
import { useRxStore } from '../../stores/rx.store';
import { CHANNEL_LABEL, formatReceived, itemLine, offeredActions, RX_ACTION_LABEL, RX_KEY_OF, timeLeftText } from './rx-words';

const REASON_MIN = 3;
const REASON_MAX = 200;

/**
 * The selected request: who, what, where it stands, what the signed-in role may do with it, and the forms for
 * routing, approving and rejecting. A decided request says its outcome, and a rejected one the reason to tell the patient.
 */
export function RxRequestPanel({
  request: r,
  headingRef,
  onDone,
  onAction,
}: {
  request: RxRequestView;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** A form finished or was closed: back to the list. */
  onDone(): void;
  onAction(action: ReturnType<typeof offeredActions>[number]): void;
}) {
  const panel = useRxStore((s) => s.panel);
  const busy = useRxStore((s) => s.busy);
  const actions = offeredActions(r);
  const id = useId();

  return (
    <section className="rx-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="rx-panel__title">
        {r.patientName}
      </h3>
      <FieldList>
        <Field label="NHS number">{formatNhsNumber(r.nhsNumber)}</Field>
        <Field label="Status">
          {r.stateLabel}
          {r.waitingToSend ? ' (waiting to send)' : ''}
        </Field>
        {r.timeLeft !== null && (
          <Field label="Time left">
            <span className={r.overdue ? 'rx-panel__overdue' : undefined}>{timeLeftText(r)}</span>
          </Field>
        )}
        <Field label="Requested">
          {CHANNEL_LABEL[r.channel]}, {formatReceived(r.receivedAt)}
        </Field>
        <Field label="With">{r.routedTo?.name ?? 'Not routed yet'}</Field>
        <Field label="Nominated pharmacy">{r.nominatedPharmacy?.name ?? 'None: printed for collection'}</Field>
        {r.decidedBy && <Field label="Decided by">{r.decidedBy}</Field>}
      </FieldList>

      {r.state === 'rejected' && (
        <Notice tone="warning" className="rx-panel__outcome">
          <strong>Rejected. Reason to tell the patient:</strong> {r.rejectReason ?? 'No reason was given.'}
        </Notice>
      )}
      {r.state === 'sent-to-pharmacy' && (
        <Notice tone="info" className="rx-panel__outcome">
          <strong>Approved:</strong> sent to {r.nominatedPharmacy?.name ?? 'the nominated pharmacy'}. The pharmacy tells the patient when it is ready.
        </Notice>
      )}
      {(r.state === 'printed' || r.state === 'ready-to-collect') && (
        <Notice tone="info" className="rx-panel__outcome">
          <strong>Approved:</strong> printed for collection at the desk{r.state === 'ready-to-collect' ? '; ready to collect' : ''}.
        </Notice>
      )}
      {r.waitingToSend && (
        <Notice tone="info" className="rx-panel__outcome">
          <strong>Waiting to send:</strong> saved at this desk; it goes to the national service as soon as it answers.
        </Notice>
      )}

      <h4 className="rx-panel__subtitle">Items requested</h4>
      <ul className="rx-panel__items">
        {r.items.map((i, n) => (
          <li key={`${i.templateId}-${n}`} className={i.flags.length ? 'rx-panel__item--flagged' : undefined}>
            <span className="rx-panel__medication">{itemLine(i)}</span>
            {i.dosage && <span className="rx-panel__dosage">: {i.dosage}</span>}
            {i.flags.length > 0 && (
              <strong className="rx-panel__flag">
                {' '}
                For the prescriber: {i.flagText.join('; ')}.
              </strong>
            )}
          </li>
        ))}
      </ul>

      {actions.length > 0 ? (
        <div role="group" aria-label="Actions on this request" className="rx-panel__actions">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={`button${a === 'approve' ? ' button--primary' : ''}`}
              aria-keyshortcuts={RX_KEY_OF[a]}
              aria-expanded={a === 'route' || a === 'approve' || a === 'reject' ? panel === a : undefined}
              disabled={busy}
              onClick={() => onAction(a)}
            >
              {RX_ACTION_LABEL[a]} ({RX_KEY_OF[a]})
            </button>
          ))}
        </div>
      ) : (
        <p className="hint">Nothing more to do at the desk for this request.</p>
      )}

      {panel === 'route' && actions.includes('route') && <RoutePicker request={r} onDone={onDone} />}
      {panel === 'approve' && actions.includes('approve') && <ApproveForm key={r.id} request={r} onDone={onDone} />}
      {panel === 'reject' && actions.includes('reject') && <RejectForm key={r.id} request={r} onDone={onDone} />}
    </section>
  );
}

/** Esc inside a form: back to the list without doing anything. */
const escapeTo = (onDone: () => void) => (e: KeyboardEvent) => {
  if (e.key !== 'Escape') return;
  e.preventDefault();
  e.stopPropagation();
  useRxStore.getState().closePanel();
  onDone();
};

/** Route to the duty doctor (first) or a named prescriber: a listbox, Enter routes. */
function RoutePicker({ request: r, onDone }: { request: RxRequestView; onDone(): void }) {
  const prescribers = useRxStore((s) => s.prescribers);
  const busy = useRxStore((s) => s.busy);
  const listRef = useRef<HTMLDivElement>(null);
  const current = prescribers?.findIndex((p) => p.id === r.routedTo?.id) ?? -1;
  const [active, setActive] = useState(0);
  const id = useId();
  useEffect(() => listRef.current?.focus(), []);

  const pick = async (p: RxPrescriber) => {
    if (await useRxStore.getState().route(p)) onDone();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!prescribers?.length) return;
    const moves: Record<string, () => void> = {
      ArrowDown: () => setActive(Math.min(prescribers.length - 1, active + 1)),
      ArrowUp: () => setActive(Math.max(0, active - 1)),
      Home: () => setActive(0),
      End: () => setActive(prescribers.length - 1),
      Enter: () => !busy && void pick(prescribers[active]!),
    };
    const move = moves[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    move();
  };

  return (
    <section className="rx-form" aria-labelledby={`${id}-title`} onKeyDown={escapeTo(onDone)}>
      <h4 id={`${id}-title`} className="rx-panel__subtitle">
        Route {r.patientName}’s request
      </h4>
      {!prescribers ? (
        <p role="status">Loading the prescribers…</p>
      ) : (
        <>
          <p className="hint" id={`${id}-hint`}>
            Choose with ↑ ↓ and press Enter. Esc goes back to the list.
          </p>
          <div
            ref={listRef}
            role="listbox"
            aria-label="Route to"
            aria-describedby={`${id}-hint`}
            tabIndex={0}
            aria-activedescendant={`${id}-p-${active}`}
            className="rx-form__list"
            onKeyDown={onKeyDown}
          >
            {prescribers.map((p, i) => (
              <div
                key={p.id}
                id={`${id}-p-${i}`}
                role="option"
                aria-selected={i === active}
                className={`rx-form__option${i === active ? ' rx-form__option--active' : ''}`}
                onClick={() => {
                  setActive(i);
                  if (!busy) void pick(p);
                }}
              >
                {p.name}
                {i === current ? ' (with them now)' : ''}
              </div>
            ))}
          </div>
        </>
      )}
      <button
        type="button"
        className="button"
        onClick={() => {
          useRxStore.getState().closePanel();
          onDone();
        }}
      >
        Cancel routing
      </button>
    </section>
  );
}

/** A prescriber approves: to the nominated pharmacy or printed, confirming any flagged items have been reviewed. */
function ApproveForm({ request: r, onDone }: { request: RxRequestView; onDone(): void }) {
  const busy = useRxStore((s) => s.busy);
  const toPharmacy = r.actions.includes('approve-to-pharmacy') && r.nominatedPharmacy !== null;
  const [fulfilment, setFulfilment] = useState<'pharmacy' | 'print'>(toPharmacy ? 'pharmacy' : 'print');
  const [ack, setAck] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => firstRef.current?.focus(), []);
  const flagged = r.items.filter((i) => i.flags.length > 0);

  const submit = async () => {
    if (flagged.length > 0 && !ack) {
      setError('Confirm you have reviewed the flagged items to issue them.');
      return;
    }
    setError(null);
    if (await useRxStore.getState().approve(fulfilment, flagged.length > 0 && ack)) onDone();
    else setError(useRxStore.getState().actionError);
  };

  return (
    <form
      className="rx-form"
      aria-labelledby={`${id}-title`}
      onKeyDown={escapeTo(onDone)}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h4 id={`${id}-title`} className="rx-panel__subtitle">
        Approve {r.patientName}’s request
      </h4>
      {error && (
        <p className="field-error" role="alert">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <fieldset className="rx-form__fieldset">
        <legend>How the patient gets it</legend>
        {toPharmacy && (
          <label className="radio">
            <input ref={firstRef} type="radio" name={`${id}-how`} checked={fulfilment === 'pharmacy'} onChange={() => setFulfilment('pharmacy')} /> Send to{' '}
            {r.nominatedPharmacy!.name}
          </label>
        )}
        <label className="radio">
          <input
            ref={toPharmacy ? undefined : firstRef}
            type="radio"
            name={`${id}-how`}
            checked={fulfilment === 'print'}
            onChange={() => setFulfilment('print')}
          />{' '}
          Print for collection at the desk
        </label>
      </fieldset>
      {flagged.length > 0 && (
        <div className="rx-form__ack">
          <p className="rx-panel__flag">
            Flagged for the prescriber:{' '}
            {flagged.map((i) => `${i.medication} (${i.flagText.join('; ')})`).join(', ')}.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={ack} onChange={(e) => setAck(e.target.checked)} aria-invalid={error !== null && !ack ? true : undefined} /> I have reviewed the
            flagged items
          </label>
        </div>
      )}
      <div className="rx-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          Approve
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            useRxStore.getState().closePanel();
            onDone();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A prescriber rejects, with the reason reception will tell the patient (required). What was typed stays on a refusal. */
function RejectForm({ request: r, onDone }: { request: RxRequestView; onDone(): void }) {
  const busy = useRxStore((s) => s.busy);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useEffect(() => fieldRef.current?.focus(), []);

  const submit = async () => {
    if (reason.trim().length < REASON_MIN) {
      setError('Give the reason the patient will be told.');
      fieldRef.current?.focus();
      return;
    }
    setError(null);
    const refused = await useRxStore.getState().reject(reason.trim());
    if (refused === null) onDone();
    else {
      setError(refused);
      fieldRef.current?.focus();
    }
  };

  return (
    <form
      className="rx-form"
      aria-labelledby={`${id}-title`}
      onKeyDown={escapeTo(onDone)}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h4 id={`${id}-title`} className="rx-panel__subtitle">
        Reject {r.patientName}’s request
      </h4>
      <div className={`text-field${error ? ' text-field--error' : ''}`}>
        <label htmlFor={`${id}-reason`} className="field-label">
          Reason the patient will be told
        </label>
        <p id={`${id}-hint`} className="hint">
          Reception reads this to the patient, e.g. “A medication review is due: please book an appointment”.
        </p>
        {error && (
          <p id={`${id}-error`} className="field-error">
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        )}
        <textarea
          ref={fieldRef}
          id={`${id}-reason`}
          className="text-input rx-form__reason"
          rows={3}
          maxLength={REASON_MAX}
          aria-required="true"
          value={reason}
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(' ')}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            // Enter sends (a reason is one sentence); Shift+Enter starts a new line.
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void submit();
            }
          }}
        />
      </div>
      <div className="rx-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          Reject request
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            useRxStore.getState().closePanel();
            onDone();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
