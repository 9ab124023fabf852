import { useId, useState } from 'react';
import { cancelReasonProblem, type AppointmentView, type SlotView } from '../../../../shared/contract/appointments';
import { availableActions, STATUS_LABEL } from '../../../../shared/domain/appointments/appointment-status';
import { formatLondon } from '../../../../shared/domain/appointments/london-time';
import { TextField } from '../../components/TextField';
import { useBookStore, type DeskAction } from '../../stores/book.store';
import { slotSummary } from './book-words';
import { ACTION_LABEL, KEY_OF } from './shortcuts';

const CONTACT_LABEL: Record<AppointmentView['contactPreference'], string> = {
  phone: 'Phone',
  sms: 'Text message',
  email: 'Email',
  letter: 'Letter',
  none: 'Do not contact',
};

const spaced = (nhs: string) => `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
const at = (iso: string | null) => (iso ? formatLondon(new Date(iso), 'HH:mm') : null);

/** A booked slot: who, what state, and the steps the desk may take now (the same rules the core applies). */
export function AppointmentPanel({
  slot,
  appointments,
  canOverbook,
}: {
  slot: SlotView;
  appointments: AppointmentView[];
  canOverbook: boolean;
}) {
  const dayBook = useBookStore((s) => s.dayBook);
  const { startOverbook, closePanel } = useBookStore.getState();
  return (
    <div className="book-appointments">
      <p className="book-panel__slot">{slotSummary(dayBook, slot)}</p>
      {appointments.map((a) => (
        <OneAppointment key={a.id} appointment={a} />
      ))}
      <div className="book-panel__buttons">
        {canOverbook && (
          <button type="button" className="button" onClick={startOverbook}>
            Double-book with a reason
          </button>
        )}
        <button type="button" className="button" onClick={closePanel}>
          Close
        </button>
      </div>
    </div>
  );
}

function OneAppointment({ appointment: a }: { appointment: AppointmentView }) {
  const busy = useBookStore((s) => s.actionBusy);
  const { act, startMove } = useBookStore.getState();
  const [cancelling, setCancelling] = useState(false);
  const actions = availableActions(a.status, { now: new Date(), slotStart: new Date(a.start) });
  const deskActions = actions.filter((x): x is DeskAction => x !== 'cancel-by-patient' && x !== 'cancel-by-practice');
  const cancelBy = (['patient', 'practice'] as const).filter((by) => actions.includes(`cancel-by-${by}`));

  return (
    <section className="book-appointment" aria-label={`Appointment for ${a.patientName}`}>
      <h3 className="book-appointment__name">{a.patientName}</h3>
      <dl className="book-appointment__facts">
        <dt>NHS number</dt>
        <dd>{spaced(a.nhsNumber)}</dd>
        <dt>Status</dt>
        <dd>
          {STATUS_LABEL[a.status]}
          {a.arrivedAt && a.status === 'arrived' ? ` at ${at(a.arrivedAt)}` : ''}
          {a.waitingToSend && ' (saved here, waiting to send to the national service)'}
        </dd>
        {a.reason && (
          <>
            <dt>Reason</dt>
            <dd>{a.reason}</dd>
          </>
        )}
        {a.overbookReason && (
          <>
            <dt>Double-booked</dt>
            <dd>{a.overbookReason}</dd>
          </>
        )}
        <dt>Contact by</dt>
        <dd>{CONTACT_LABEL[a.contactPreference]}</dd>
      </dl>
      <div className="book-panel__buttons" role="group" aria-label="Actions">
        {deskActions.map((x) => (
          <button key={x} type="button" className="button" disabled={busy} aria-keyshortcuts={KEY_OF[x]} onClick={() => void act(a, x)}>
            {ACTION_LABEL[x]} <kbd aria-hidden="true">{KEY_OF[x]}</kbd>
          </button>
        ))}
        {a.status === 'booked' && (
          <button type="button" className="button" disabled={busy} onClick={() => startMove(a)}>
            Move…
          </button>
        )}
        {cancelBy.length > 0 && !cancelling && (
          <button type="button" className="button" disabled={busy} onClick={() => setCancelling(true)}>
            Cancel appointment…
          </button>
        )}
      </div>
      {cancelling && cancelBy.length > 0 && <CancelForm appointment={a} by={cancelBy} onDone={() => setCancelling(false)} />}
    </section>
  );
}

function CancelForm({ appointment, by, onDone }: { appointment: AppointmentView; by: ('patient' | 'practice')[]; onDone(): void }) {
  const id = useId();
  const busy = useBookStore((s) => s.actionBusy);
  const [who, setWho] = useState<'patient' | 'practice'>(by[0]!);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="book-cancel"
      aria-label="Cancel the appointment"
      onSubmit={async (e) => {
        e.preventDefault();
        const wrong = cancelReasonProblem(reason);
        setProblem(wrong);
        if (wrong) return;
        if (await useBookStore.getState().cancel(appointment, who, reason)) onDone();
      }}
      noValidate
    >
      <fieldset>
        <legend className="field-label">Cancelled by</legend>
        {by.map((b) => (
          <label key={b} className="book-booking__radio">
            <input type="radio" name={`${id}-by`} checked={who === b} onChange={() => setWho(b)} /> {b === 'patient' ? 'The patient' : 'The practice'}
          </label>
        ))}
      </fieldset>
      <TextField label="Reason for cancelling" value={reason} onValue={setReason} error={problem ?? undefined} maxLength={200} autoFocus />
      <div className="book-panel__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          Cancel appointment
        </button>
        <button type="button" className="button" onClick={onDone}>
          Keep appointment
        </button>
      </div>
    </form>
  );
}
