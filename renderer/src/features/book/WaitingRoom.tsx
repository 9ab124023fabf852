import { useEffect } from 'react';
import { formatLondon } from '../../../../shared/domain/appointments/london-time';
import { useBookStore } from '../../stores/book.store';

export const WAITING_REFRESH_MS = 60_000;

/**
 * Who is waiting, for whom and for how long. Refreshed when the core says appointments changed (store.start)
 * and every minute, so the waits stay true. A long wait is said in words, never by colour alone.
 */
export function WaitingRoom() {
  const waiting = useBookStore((s) => s.waiting);
  const error = useBookStore((s) => s.waitingError);

  useEffect(() => {
    const { loadWaiting } = useBookStore.getState();
    void loadWaiting();
    const t = setInterval(() => void loadWaiting(), WAITING_REFRESH_MS);
    return () => clearInterval(t);
  }, []);

  return (
    <section className="book-waiting" aria-labelledby="book-waiting-heading">
      <h2 id="book-waiting-heading" className="book-panel__title">
        Waiting room
      </h2>
      {error && (
        <div role="alert" className="notice notice--alert">
          Could not load the waiting room: {error}
        </div>
      )}
      {waiting && waiting.length === 0 && <p>Nobody is waiting.</p>}
      {waiting && waiting.length > 0 && (
        <ul className="book-waiting__list" aria-label="Patients waiting">
          {waiting.map((w) => (
            <li key={w.appointmentId} className={`book-waiting__item${w.overThreshold ? ' book-waiting__item--long' : ''}`}>
              <span className="book-waiting__name">{w.patientName}</span>{' '}
              <span>
                for {w.clinicianName} at {formatLondon(new Date(w.slotStart), 'HH:mm')}
              </span>
              <span>
                , arrived {formatLondon(new Date(w.arrivedAt), 'HH:mm')}, waiting {w.waitMinutes} min
              </span>
              {w.overThreshold && (
                <>
                  {' '}
                  <strong className="book-waiting__warning">Waiting over {w.thresholdMinutes} minutes</strong>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
