import { useId } from 'react';
import type { SlotView } from '../../../../shared/contract/appointments';
import { usePatientsStore } from '../../stores/patients.store';
import { REASON_MAX, useBookStore, type ContactPreference } from '../../stores/book.store';
import { TextField } from '../../components/TextField';
import { slotSummary } from './book-words';

const CONTACTS: { value: ContactPreference; label: string }[] = [
  { value: 'phone', label: 'Phone' },
  { value: 'sms', label: 'Text message' },
  { value: 'email', label: 'Email' },
  { value: 'letter', label: 'Letter' },
  { value: 'none', label: 'Do not contact' },
];

const spaced = (nhs: string) => `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;

/**
 * Booking a slot: patient by NHS number (or the patient open in Patients), an optional short reason, how to
 * contact them. In 'overbook' mode (a taken slot, roles that may) a reason for the double-booking is required.
 * What was typed survives a refusal, so "slot just taken" costs only picking another slot.
 */
export function BookingPanel({ slot, overbook }: { slot: SlotView; overbook: boolean }) {
  const dayBook = useBookStore((s) => s.dayBook);
  const form = useBookStore((s) => s.form);
  const field = useBookStore((s) => s.formField);
  const busy = useBookStore((s) => s.bookBusy);
  const error = useBookStore((s) => s.bookError);
  const openPatient = usePatientsStore((s) => (s.recordStatus === 'open' ? s.record : null));
  const { setForm, submitBooking, closePanel } = useBookStore.getState();
  const id = useId();

  return (
    <form
      className="book-booking"
      aria-label={overbook ? 'Double-book this slot' : 'Book this slot'}
      onSubmit={(e) => {
        e.preventDefault();
        void submitBooking();
      }}
      noValidate
    >
      <p className="book-panel__slot">{slotSummary(dayBook, slot)}</p>
      {error && field === null && (
        <div role="alert" className="notice notice--alert">
          {error}
        </div>
      )}
      {openPatient && (
        <p>
          <button type="button" className="button" onClick={() => setForm({ nhsNumber: openPatient.nhsNumber })}>
            Use the open patient: {(openPatient.family ?? "").toUpperCase()}, {openPatient.given.join(' ')} ({spaced(openPatient.nhsNumber)})
          </button>
        </p>
      )}
      <TextField
        label="Patient’s NHS number"
        value={form.nhsNumber}
        onValue={(nhsNumber) => setForm({ nhsNumber })}
        inputMode="numeric"
        error={field === 'nhsNumber' ? (error ?? undefined) : undefined}
        autoFocus
      />
      <div className="text-field">
        <label htmlFor={`${id}-reason`} className="field-label">
          Reason (optional, staff only)
        </label>
        <input
          id={`${id}-reason`}
          className="text-input"
          value={form.reason}
          maxLength={REASON_MAX}
          aria-describedby={`${id}-count`}
          onChange={(e) => setForm({ reason: e.target.value })}
        />
        <p id={`${id}-count`} className="hint">
          {form.reason.length} of {REASON_MAX} characters
        </p>
      </div>
      <fieldset className="book-booking__contact">
        <legend className="field-label">Contact by</legend>
        {CONTACTS.map((c) => (
          <label key={c.value} className="book-booking__radio">
            <input
              type="radio"
              name={`${id}-contact`}
              value={c.value}
              checked={form.contactPreference === c.value}
              onChange={() => setForm({ contactPreference: c.value })}
            />{' '}
            {c.label}
          </label>
        ))}
      </fieldset>
      {overbook && (
        <TextField
          label="Reason for double-booking (required)"
          hint="Shown on the slot and kept in the audit."
          value={form.overbookReason}
          onValue={(overbookReason) => setForm({ overbookReason })}
          maxLength={200}
          error={field === 'overbookReason' ? (error ?? undefined) : undefined}
        />
      )}
      <div className="book-panel__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Booking…' : overbook ? 'Double-book' : 'Book'}
        </button>
        <button type="button" className="button" onClick={closePanel}>
          Close
        </button>
      </div>
    </form>
  );
}
