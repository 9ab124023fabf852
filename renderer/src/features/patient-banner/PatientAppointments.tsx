import type { AppointmentView } from '../../../../shared/contract/appointments';
import { STATUS_LABEL } from '../../../../shared/domain/appointments/appointment-status';
import { formatLondon } from '../../../../shared/domain/appointments/london-time';

const when = (iso: string) => formatLondon(new Date(iso), 'EEE dd-MMM-yyyy HH:mm');

/** The open patient's bookings on the banner: what is coming, what happened, and how often they did not attend. */
export function PatientAppointments({ past, future, dnaCount }: { past: AppointmentView[]; future: AppointmentView[]; dnaCount: number }) {
  const coming = future.filter((a) => !a.status.startsWith('cancelled'));
  const recent = past.slice(-3).reverse();
  return (
    <section className="patient-appointments" aria-label="Appointments">
      <p className="patient-appointments__dna">
        <strong>Did not attend:</strong> {dnaCount === 0 ? 'never' : `${dnaCount} ${dnaCount === 1 ? 'time' : 'times'}`}
      </p>
      <h3 className="patient-appointments__title">Coming up</h3>
      {coming.length === 0 ? (
        <p>No future appointments.</p>
      ) : (
        <ul aria-label="Future appointments">
          {coming.map((a) => (
            <li key={a.id}>
              {when(a.start)} · {STATUS_LABEL[a.status]}
              {a.reason ? ` · ${a.reason}` : ''}
            </li>
          ))}
        </ul>
      )}
      {recent.length > 0 && (
        <>
          <h3 className="patient-appointments__title">Recent</h3>
          <ul aria-label="Past appointments">
            {recent.map((a) => (
              <li key={a.id}>
                {when(a.start)} · {STATUS_LABEL[a.status]}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
