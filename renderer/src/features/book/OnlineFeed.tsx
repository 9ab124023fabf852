import { useEffect, useState } from 'react';
import type { OnlineEvent } from '../../../../shared/contract/appointments';
import { formatLondon } from '../../../../shared/domain/appointments/london-time';
import { getApi } from '../../lib/api';
import { describeError } from '../../lib/error-message';

const SHOWN = 10;

/**
 * What patients booked or cancelled themselves online (the NHS App), newest first, as the desk learnt of it.
 * Refetched whenever the core says appointments changed; it never polls.
 */
export function OnlineFeed() {
  const [events, setEvents] = useState<OnlineEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      void getApi()
        .book.onlineFeed({})
        .then((r) => live && (r.ok ? (setEvents(r.value), setError(null)) : setError(describeError(r.error))));
    load();
    const stop = getApi().on('changed', (c) => c.tables.includes('appointments') && load());
    return () => {
      live = false;
      stop();
    };
  }, []);

  return (
    <section className="book-online" aria-labelledby="book-online-heading">
      <h2 id="book-online-heading" className="book-panel__title">
        Booked online
      </h2>
      {error && (
        <div role="alert" className="notice notice--alert">
          Could not load online bookings: {error}
        </div>
      )}
      {events && events.length === 0 && <p>No online bookings or cancellations yet today.</p>}
      {events && events.length > 0 && (
        <ul className="book-online__list" aria-label="Online bookings and cancellations">
          {events.slice(0, SHOWN).map((e) => (
            <li key={`${e.appointmentId}-${e.kind}`} className={`book-online__item book-online__item--${e.kind}`}>
              <strong>{e.kind === 'booked' ? 'Booked' : 'Cancelled'}</strong> {e.patientName}, {formatLondon(new Date(e.start), "EEE d MMM HH:mm")} with{' '}
              {e.clinicianName} <span className="book-online__at">(at {formatLondon(new Date(e.at), 'HH:mm')})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
