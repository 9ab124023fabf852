import type { RebookEntryView } from '../../../../shared/contract/rota';
import { formatNhsNumber } from '../../../../shared/domain/nhs-number';
import { londonDateTime, londonTime } from './rota-words';

/** Booked patients whose appointment falls in a clinician's leave: reception moves each (nothing was cancelled). */
export function RebookTable({ entries }: { entries: readonly RebookEntryView[] }) {
  if (entries.length === 0) return <p>No booked patients need moving.</p>;
  return (
    <table className="data-table rota-table">
      <caption className="data-table__caption">
        {entries.length === 1 ? '1 patient' : `${entries.length} patients`} to move: their clinician is on leave
      </caption>
      <thead>
        <tr>
          <th scope="col">Patient</th>
          <th scope="col">NHS number</th>
          <th scope="col">Appointment</th>
          <th scope="col">Clinician</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((r) => (
          <tr key={r.appointmentId}>
            <th scope="row">{r.patientName}</th>
            <td className="nowrap">{formatNhsNumber(r.nhsNumber)}</td>
            <td className="nowrap">
              {londonDateTime(r.start)}–{londonTime(r.end)}
            </td>
            <td>{r.clinicianName}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
