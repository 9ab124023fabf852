import type { CapacityView } from '../../../../shared/contract/rota';
import { shortDay } from './rota-words';

const BAR_H = 14;
const ROW_H = 44;
const LABEL_W = 80;
const CHART_W = 560;

/** Offered and booked per week, all clinicians together. */
export function weekTotals(c: CapacityView): { weekStart: string; isoWeek: string; offered: number; booked: number }[] {
  return c.weeks.map((w) => {
    const rows = c.byClinician.filter((r) => r.weekStart === w.weekStart);
    return { ...w, offered: rows.reduce((n, r) => n + r.offered, 0), booked: rows.reduce((n, r) => n + r.booked, 0) };
  });
}

/**
 * A small bar chart of offered against booked slots per week. The image carries a summary in words (its accessible
 * name); the tables beside it hold every figure, so nothing is known only from the chart. Bars are told apart by
 * position, a pattern and their printed numbers, not by colour alone.
 */
export function CapacityChart({ capacity }: { capacity: CapacityView }) {
  const weeks = weekTotals(capacity);
  const max = Math.max(1, ...weeks.map((w) => w.offered));
  const scale = (n: number) => Math.round(((CHART_W - LABEL_W - 120) * n) / max); // room for "1854 offered" after the longest bar
  const summary = `Offered and booked slots per week: ${weeks
    .map((w) => `week of ${shortDay(w.weekStart)}, ${w.offered} offered, ${w.booked} booked${w.offered ? ` (${Math.round((100 * w.booked) / w.offered)}%)` : ''}`)
    .join('; ')}.`;
  return (
    <figure className="rota-chart">
      <svg role="img" aria-label={summary} width={CHART_W} height={weeks.length * ROW_H + 30} viewBox={`0 0 ${CHART_W} ${weeks.length * ROW_H + 30}`}>
        <defs>
          <pattern id="rota-chart-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#ffffff" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#005eb8" strokeWidth="3" />
          </pattern>
        </defs>
        {weeks.map((w, i) => {
          const y = i * ROW_H + 4;
          return (
            <g key={w.weekStart}>
              <text x={0} y={y + BAR_H + 4} className="rota-chart__label">
                {w.isoWeek}
              </text>
              <rect x={LABEL_W} y={y} width={scale(w.offered)} height={BAR_H} fill="url(#rota-chart-hatch)" stroke="#005eb8" />
              <text x={LABEL_W + scale(w.offered) + 6} y={y + BAR_H - 2} className="rota-chart__value">
                {w.offered} offered
              </text>
              <rect x={LABEL_W} y={y + BAR_H + 4} width={scale(w.booked)} height={BAR_H} fill="#003087" />
              <text x={LABEL_W + scale(w.booked) + 6} y={y + 2 * BAR_H + 2} className="rota-chart__value">
                {w.booked} booked
              </text>
            </g>
          );
        })}
        <g transform={`translate(${LABEL_W}, ${weeks.length * ROW_H + 12})`}>
          <rect width="14" height="10" fill="url(#rota-chart-hatch)" stroke="#005eb8" />
          <text x="20" y="10" className="rota-chart__value">
            Offered
          </text>
          <rect x="100" width="14" height="10" fill="#003087" />
          <text x="120" y="10" className="rota-chart__value">
            Booked
          </text>
        </g>
      </svg>
      <figcaption className="hint">Offered (hatched) and booked (solid) slots per ISO week. Every figure is in the tables below.</figcaption>
    </figure>
  );
}
