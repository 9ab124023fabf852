import { useEffect, useId, useRef } from 'react';
import type { OohReport } from '../../../../shared/contract/ooh';
import { durationWords } from '../../../../shared/domain/ooh/waits';
import { Notice } from '../../components/Notice';
import { useOohStore } from '../../stores/ooh.store';
import { dayAndTime, PRIORITY_LABEL } from './ooh-words';

const BAR_W = 18;
const GAP = 6;
const CHART_H = 120;

/**
 * Contacts per hour as a small bar chart. The chart is decoration for sighted readers: it is hidden from
 * assistive technology, and the table after it (the accessible source) holds every figure.
 */
function HourChart({ report }: { report: OohReport }) {
  const max = Math.max(1, ...report.perHour.map((h) => h.contacts));
  const width = report.perHour.length * (BAR_W + GAP) + GAP;
  return (
    <figure className="ooh-chart" aria-hidden="true">
      <svg width={width} height={CHART_H + 34} viewBox={`0 0 ${width} ${CHART_H + 34}`} focusable="false">
        {report.perHour.map((h, i) => {
          const height = Math.round((CHART_H * h.contacts) / max);
          const x = GAP + i * (BAR_W + GAP);
          return (
            <g key={h.hour}>
              <rect x={x} y={CHART_H - height} width={BAR_W} height={height} fill="#005eb8" />
              {h.contacts > 0 && (
                <text x={x + BAR_W / 2} y={CHART_H - height - 3} textAnchor="middle" className="ooh-chart__value">
                  {h.contacts}
                </text>
              )}
              {i % 3 === 0 && (
                <text x={x} y={CHART_H + 16} className="ooh-chart__label">
                  {h.label.slice(0, 5)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={0} x2={width} y1={CHART_H + 0.5} y2={CHART_H + 0.5} stroke="#425563" />
      </svg>
      <figcaption className="hint">Contacts per hour (the table below lists every hour).</figcaption>
    </figure>
  );
}

/** The centre's report: contacts per hour, and waits by priority against the targets. */
export function OohReportView() {
  const report = useOohStore((s) => s.report);
  const error = useOohStore((s) => s.reportError);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useEffect(() => {
    void useOohStore.getState().loadReport();
    headingRef.current?.focus();
  }, []);

  return (
    <section className="ooh ooh-report" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="ooh__heading">
        Centre report
      </h2>
      {error && <Notice tone="alert">Could not load the report: {error}</Notice>}
      {report && (
        <>
          <p>
            {dayAndTime(report.from)} to {dayAndTime(report.to)}: <strong>{report.total}</strong> {report.total === 1 ? 'contact' : 'contacts'}.{' '}
            <button type="button" className="button button--small" onClick={() => void useOohStore.getState().loadReport()}>
              Refresh the report
            </button>
          </p>
          <h3>Waits by priority against targets</h3>
          <table className="data-table">
            <caption className="data-table__caption">Waits from arrival to being seen, by triage priority</caption>
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Target</th>
                <th scope="col">Contacts</th>
                <th scope="col">Seen</th>
                <th scope="col">Seen within target</th>
                <th scope="col">Median wait</th>
                <th scope="col">Longest wait</th>
                <th scope="col">Still waiting (overdue)</th>
              </tr>
            </thead>
            <tbody>
              {report.byPriority.map((p) => (
                <tr key={p.priority}>
                  <th scope="row">{PRIORITY_LABEL[p.priority]}</th>
                  <td>{durationWords(p.targetMinutes)}</td>
                  <td>{p.contacts}</td>
                  <td>{p.seen}</td>
                  <td>{p.percentWithinTarget === null ? 'None seen yet' : `${p.seenWithinTarget} (${p.percentWithinTarget}%)`}</td>
                  <td>{p.medianWaitMinutes === null ? '–' : durationWords(p.medianWaitMinutes)}</td>
                  <td>{p.longestWaitMinutes === null ? '–' : durationWords(p.longestWaitMinutes)}</td>
                  <td>
                    {p.waiting} ({p.waitingOverdue} overdue)
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Contacts per hour</h3>
          <HourChart report={report} />
          <table className="data-table ooh-report__hours">
            <caption className="data-table__caption">Contacts per hour (arrivals at the centre, UK time)</caption>
            <thead>
              <tr>
                <th scope="col">Hour</th>
                <th scope="col">Contacts</th>
              </tr>
            </thead>
            <tbody>
              {report.perHour.map((h) => (
                <tr key={h.hour}>
                  <th scope="row" className="nowrap">
                    {h.label}
                  </th>
                  <td>{h.contacts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
