import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { PatientRecord } from '../../../../shared/contract';
import { cancelReasonProblem } from '../../../../shared/contract/appointments';
import { MAX_CROSS_ORG_DAYS, type CrossBookingView, type SharedSlotView } from '../../../../shared/contract/ooh';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { useOohStore } from '../../stores/ooh.store';
import { dayAndTime } from './ooh-words';

const RELATION: Record<'registered-practice' | 'hub', string> = { 'registered-practice': 'registered practice', hub: 'extended-access hub' };
const STATUS: Record<CrossBookingView['status'], string> = {
  booked: 'Booked',
  'waiting-to-send': 'Waiting to send',
  refused: 'Refused',
  cancelled: 'Cancelled',
  'cancel-waiting-to-send': 'Cancellation waiting to send',
};

/**
 * From the patient's banner: free slots shared with this organisation at the patient's registered practice and at
 * hubs (GP Connect search for free slots, at most 14 days), booked with a button per slot; then what this desk has
 * booked for them elsewhere, with the other organisation's name, its state, and a button to cancel each one
 * that still stands (a reason, then a confirmation).
 */
export function CrossOrgBooking({ record }: { record: PatientRecord }) {
  const search = useOohStore((s) => (s.search?.nhsNumber === record.nhsNumber ? s.search : null));
  const searching = useOohStore((s) => s.searching);
  const searchError = useOohStore((s) => s.searchError);
  const bookings = useOohStore((s) => (s.bookings?.nhsNumber === record.nhsNumber ? s.bookings.list : null));
  const busy = useOohStore((s) => s.busy);
  const actionError = useOohStore((s) => s.actionError);
  const notice = useOohStore((s) => s.notice);
  const [where, setWhere] = useState('');
  const [days, setDays] = useState(7);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const id = useId();

  useEffect(() => {
    void useOohStore.getState().loadBookings(record.nhsNumber);
    return () => useOohStore.getState().clearPatient();
  }, [record.nhsNumber]);
  useEffect(() => {
    if (search) resultsRef.current?.focus();
  }, [search]);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    await useOohStore.getState().findSlots(record.nhsNumber, { days, ...(where ? { providerOds: where } : {}) });
  };
  const book = (slot: SharedSlotView) => void useOohStore.getState().book(record.nhsNumber, slot);
  const practice = record.gpOdsCode && !record.restricted ? `${record.gpName ?? 'Registered practice'} (${record.gpOdsCode})` : null;

  return (
    <section className="xorg" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="patient-appointments__title">
        Book at another organisation
      </h3>
      <form className="form xorg__form" onSubmit={(e) => void find(e)} aria-label="Find free slots at other organisations">
        <div className="form__row">
          <div className="text-field">
            <label htmlFor={`${id}-where`} className="field-label">
              Where
            </label>
            <select id={`${id}-where`} className="select" value={where} onChange={(e) => setWhere(e.target.value)}>
              <option value="">{practice ? 'Registered practice and hubs' : 'Hubs'}</option>
              {practice && <option value={record.gpOdsCode!}>{practice} only</option>}
            </select>
          </div>
          <div className="text-field">
            <label htmlFor={`${id}-days`} className="field-label">
              Within
            </label>
            <select id={`${id}-days`} className="select" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              <option value={7}>7 days</option>
              <option value={MAX_CROSS_ORG_DAYS}>{MAX_CROSS_ORG_DAYS} days</option>
            </select>
          </div>
        </div>
        <button type="submit" className="button button--primary" disabled={searching}>
          Find free slots at other organisations
        </button>
      </form>
      <p role="status" className="xorg__status">
        {searching ? 'Searching other organisations…' : (notice ?? '')}
      </p>
      {searchError && <Notice tone="alert">{searchError}</Notice>}
      {actionError && <Notice tone="alert">{actionError}</Notice>}

      {search && (
        <>
          <h4 ref={resultsRef} tabIndex={-1} className="xorg__results-title">
            {search.slots.length === 0 ? 'No free slots shared with this organisation' : `${search.slots.length} free ${search.slots.length === 1 ? 'slot' : 'slots'}`}
          </h4>
          <ul className="plain-list xorg__providers" aria-label="Organisations searched">
            {search.providers.map((p) => (
              <li key={p.odsCode}>
                {p.name} ({RELATION[p.relation]}){p.problem ? `: ${p.problem}` : ''}
              </li>
            ))}
          </ul>
          {search.slots.length > 0 && (
            <table className="data-table xorg__slots">
              <caption className="data-table__caption">Free slots at other organisations</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Where</th>
                  <th scope="col">With</th>
                  <th scope="col">Type</th>
                  <th scope="col">
                    <span className="visually-hidden">Book</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {search.slots.map((s) => (
                  <tr key={`${s.providerOds}/${s.slotId}`}>
                    <td className="nowrap">{dayAndTime(s.start)}</td>
                    <td>
                      {s.providerName}
                      <br />
                      <span className="hint">{s.locationName}</span>
                    </td>
                    <td>{s.clinicianName}</td>
                    <td>
                      {s.serviceType} ({s.deliveryChannel})
                    </td>
                    <td>
                      <button type="button" className="button button--small" disabled={busy} onClick={() => book(s)}>
                        Book {dayAndTime(s.start)} at {s.providerName}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}

      <h4 className="xorg__results-title">Booked at other organisations</h4>
      {!bookings || bookings.length === 0 ? (
        <p>None booked from this desk.</p>
      ) : (
        <ul aria-label="Booked at other organisations" className="xorg__booked">
          {bookings.map((b) => (
            <BookedElsewhere key={b.id} booking={b} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** One booking made at another organisation: what, where, its state; and cancelling it, with a reason and a confirmation. */
function BookedElsewhere({ booking: b }: { booking: CrossBookingView }) {
  const busy = useOohStore((s) => s.busy);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const itemRef = useRef<HTMLLIElement>(null);
  const when = dayAndTime(b.start);
  const close = () => {
    setCancelling(false);
    setReason('');
    setProblem(null);
    // Back to the button that opened it (rendered again on the next frame), or to the booking once it is cancelled.
    requestAnimationFrame(() => (openRef.current ?? itemRef.current)?.focus());
  };
  const cancelled = b.cancellation && b.status === 'cancelled'
    ? b.cancellation.beforeSending
      ? ` (taken back before it was sent: ${b.cancellation.reason})`
      : ` (${b.cancellation.reason})`
    : '';

  return (
    <li ref={itemRef} tabIndex={-1} className="xorg__booking">
      {when} at <strong>{b.providerName}</strong> ({b.locationName}) with {b.clinicianName}, {b.serviceType} · {STATUS[b.status]}
      {cancelled}
      {b.problem ? `: ${b.problem}` : ''} · booked by {b.bookingOrganisation.name}
      {b.cancellable && !cancelling && (
        <div>
          {/* Named with the time too (the visible words first), so two bookings at one organisation are told apart. */}
          <button
            ref={openRef}
            type="button"
            className="button button--small"
            disabled={busy}
            aria-label={`Cancel booking at ${b.providerName}, ${when}`}
            onClick={() => setCancelling(true)}
          >
            Cancel booking at {b.providerName}
          </button>
        </div>
      )}
      {b.cancellable && cancelling && (
        <form
          className="book-cancel xorg__cancel"
          aria-label={`Cancel the booking at ${b.providerName}, ${when}`}
          noValidate
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
          onSubmit={async (e) => {
            e.preventDefault();
            const wrong = cancelReasonProblem(reason);
            setProblem(wrong);
            if (wrong) return;
            if (await useOohStore.getState().cancelBooking(b, reason.trim())) close();
          }}
        >
          <TextField
            label="Reason for cancelling"
            hint={`This cancels ${b.patientName}’s appointment at ${b.providerName} on ${when} with ${b.clinicianName}. ${b.providerName} is told, and the slot is freed for others.`}
            value={reason}
            onValue={setReason}
            error={problem ?? undefined}
            maxLength={200}
            autoFocus
          />
          <div className="book-panel__buttons">
            <button type="submit" className="button button--primary" disabled={busy}>
              Confirm cancellation at {b.providerName}
            </button>
            <button type="button" className="button" onClick={close}>
              Keep booking
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
