import type { CapacityView } from '../../../../shared/contract/rota';
import { shortDay } from './rota-words';

const pct = (booked: number, offered: number) => (offered === 0 ? '–' : `${Math.round((100 * booked) / offered)}%`);

/** Every capacity figure: per week per clinician, and per week per national category. */
export function CapacityTables({ capacity }: { capacity: CapacityView }) {
  const label = new Map(capacity.weeks.map((w) => [w.weekStart, `${w.isoWeek} (from ${shortDay(w.weekStart)})`]));
  return (
    <>
      <table className="data-table rota-table">
        <caption className="data-table__caption">Offered and booked per week per clinician</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col">Clinician</th>
            <th scope="col">Offered</th>
            <th scope="col">Booked</th>
            <th scope="col">Free</th>
            <th scope="col">Blocked</th>
            <th scope="col">Booked share</th>
          </tr>
        </thead>
        <tbody>
          {capacity.byClinician.map((r) => (
            <tr key={`${r.weekStart} ${r.clinicianId}`}>
              <td className="nowrap">{label.get(r.weekStart) ?? r.weekStart}</td>
              <th scope="row">{r.clinicianName}</th>
              <td>{r.offered}</td>
              <td>{r.booked}</td>
              <td>{r.free}</td>
              <td>{r.blocked}</td>
              <td>{pct(r.booked, r.offered)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td>{capacity.totals.offered}</td>
            <td>{capacity.totals.booked}</td>
            <td>{capacity.totals.free}</td>
            <td>{capacity.totals.blocked}</td>
            <td>{pct(capacity.totals.booked, capacity.totals.offered)}</td>
          </tr>
        </tfoot>
      </table>
      <table className="data-table rota-table">
        <caption className="data-table__caption">Offered and booked per week per national category</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col">National category</th>
            <th scope="col">Offered</th>
            <th scope="col">Booked</th>
            <th scope="col">Booked share</th>
          </tr>
        </thead>
        <tbody>
          {capacity.byCategory.map((r) => (
            <tr key={`${r.weekStart} ${r.category}`}>
              <td className="nowrap">{label.get(r.weekStart) ?? r.weekStart}</td>
              <th scope="row">{r.category}</th>
              <td>{r.offered}</td>
              <td>{r.booked}</td>
              <td>{pct(r.booked, r.offered)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
