import { useState } from 'react';
import type { PreviewView, RotaOverview } from '../../../../shared/contract/rota';
import { clinicianName, plural, shortDay, slotTypeName } from './rota-words';

const PAGE = 60;

/** Slots per clinician per day per slot type, a page at a time (a year is thousands of rows). */
export function PreviewSummary({ preview, overview }: { preview: PreviewView; overview: RotaOverview }) {
  const [shown, setShown] = useState(PAGE);
  const { summary } = preview;
  const rows = summary.rows.slice(0, shown);
  return (
    <>
      <p>
        {plural(summary.totalSlots, 'slot')} from the rota: {summary.newSlots} new, {summary.totalSlots - summary.newSlots} already in the book
        {summary.blockedSlots > 0 ? `, ${summary.blockedSlots} blocked for leave` : ''}.
      </p>
      {summary.rows.length > 0 && (
        <table className="data-table rota-table">
          <caption className="data-table__caption">
            Slots per clinician per day ({rows.length < summary.rows.length ? `first ${rows.length} of ${summary.rows.length} rows` : plural(summary.rows.length, 'row')})
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Clinician</th>
              <th scope="col">Slot type</th>
              <th scope="col">Slots</th>
              <th scope="col">Blocked for leave</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.day} ${r.clinicianId} ${r.slotTypeId}`}>
                <td className="nowrap">{shortDay(r.day)}</td>
                <td>{clinicianName(overview, r.clinicianId)}</td>
                <td>{slotTypeName(overview, r.slotTypeId)}</td>
                <td>{r.slots}</td>
                <td>{r.blocked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length < summary.rows.length && (
        <button type="button" className="button button--small" onClick={() => setShown((n) => n + PAGE * 5)}>
          Show more rows
        </button>
      )}
    </>
  );
}
