import type { RotaOverview } from '../../../../shared/contract/rota';
import { WEEKDAY_KEYS, type OpeningHours } from '../../../../shared/domain/rota/opening-hours';
import { siteName, WEEKDAY_NAMES } from './rota-words';

const hoursText = (h: OpeningHours, i: number) => {
  const d = h[WEEKDAY_KEYS[i]!];
  return d ? `${d.open}–${d.close}` : 'Closed';
};

/** The opening hours, to read: the practice's, and each site's that differ. */
export function HoursTable({ overview }: { overview: RotaOverview }) {
  const rows = [{ name: 'The practice', hours: overview.openingHours.practice }, ...overview.openingHours.sites.map((s) => ({ name: siteName(overview, s.siteId), hours: s.hours }))];
  return (
    <table className="data-table rota-table">
      <caption className="data-table__caption">Opening hours</caption>
      <thead>
        <tr>
          <th scope="col">Where</th>
          {WEEKDAY_NAMES.map((d) => (
            <th key={d} scope="col">
              {d}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">{r.name}</th>
            {WEEKDAY_NAMES.map((d, i) => (
              <td key={d} className="nowrap">
                {hoursText(r.hours, i)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
