import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { EncounterView } from '../../../../shared/contract/ooh';
import { OUTCOME_LABEL } from '../../../../shared/contract/ooh';
import { formatNhsNumber } from '../../../../shared/domain/nhs-number';
import { boardOrder, waitStatus } from '../../../../shared/domain/ooh/waits';
import { Notice } from '../../components/Notice';
import { useOohStore } from '../../stores/ooh.store';
import { ArrivalForm } from './ArrivalForm';
import { EncounterPanel } from './EncounterPanel';
import { clock, OOH_PRIORITIES, PRIORITY_LABEL, useNow } from './ooh-words';

const STATE_LABEL: Record<EncounterView['state'], string> = { waiting: 'Waiting', 'with-clinician': 'With clinician', completed: 'Completed' };

/**
 * The out-of-hours centre's live board: who is here, their triage priority, how long they have waited against the
 * target for that priority (ticking here, in words: "Overdue by 20 minutes"), who saw them and the outcome. Most
 * urgent first, overdue first within a priority. Record an arrival above it; act on a row below it.
 */
export function OohBoardView() {
  const context = useOohStore((s) => s.context);
  const board = useOohStore((s) => s.board);
  const receivedAt = useOohStore((s) => s.boardReceivedAt);
  const boardError = useOohStore((s) => s.boardError);
  const includeCompleted = useOohStore((s) => s.includeCompleted);
  const notice = useOohStore((s) => s.notice);
  const actionError = useOohStore((s) => s.actionError);
  const [selected, setSelected] = useState<string | null>(null);
  const [showArrival, setShowArrival] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const tick = useNow(15_000);
  const id = useId();

  useEffect(() => useOohStore.getState().start(), []);
  useEffect(() => {
    void useOohStore.getState().loadBoard();
    headingRef.current?.focus();
  }, []);

  // The core's clock runs on from the board's asOf (in demo mode it is the sandbox's, not this machine's).
  const now = useMemo(() => new Date((board ? Date.parse(board.asOf) : Date.now()) + Math.max(0, tick.getTime() - (receivedAt || tick.getTime()))), [board, receivedAt, tick]);
  const rows = useMemo(() => {
    if (!board) return [];
    const live = board.encounters.map((e) => ({ ...e, status: e.state === 'completed' ? e.wait : waitStatus(e, now, board.targets) }));
    return live.sort((a, b) => Number(a.state === 'completed') - Number(b.state === 'completed') || boardOrder(a, b));
  }, [board, now]);
  const chosen = rows.find((r) => r.id === selected) ?? null;

  const summary = OOH_PRIORITIES.map((p) => {
    const waiting = rows.filter((r) => r.priority === p && r.state === 'waiting');
    const overdue = waiting.filter((r) => r.status.overdue).length;
    return { p, waiting: waiting.length, overdue };
  });

  return (
    <section className="ooh" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="ooh__heading">
        Out-of-hours board{context ? `: ${context.organisation.name}` : ''}
      </h2>
      <p role="status" className="ooh__status">
        {notice ?? ''}
      </p>
      {actionError && <Notice tone="alert">{actionError}</Notice>}
      {boardError && <Notice tone="alert">Could not load the board: {boardError}</Notice>}

      <section aria-label="Waiting by priority" className="ooh-summary">
        <ul className="ooh-summary__list">
          {summary.map((s) => (
            <li key={s.p} className={`ooh-summary__item ooh-priority--${s.p}`}>
              <strong>{PRIORITY_LABEL[s.p]}</strong>: {s.waiting} waiting{s.overdue > 0 ? `, ${s.overdue} overdue` : ''}
              {board ? ` (target ${board.targets[s.p]} minutes)` : ''}
            </li>
          ))}
        </ul>
      </section>

      <div className="ooh__toolbar">
        <button type="button" className="button" aria-expanded={showArrival} aria-controls={`${id}-arrival`} onClick={() => setShowArrival((v) => !v)}>
          {showArrival ? 'Hide the arrival form' : 'Record an arrival'}
        </button>
        <label className="radio">
          <input type="checkbox" checked={includeCompleted} onChange={(e) => useOohStore.getState().setIncludeCompleted(e.target.checked)} />
          Show visits completed in the last 12 hours
        </label>
      </div>
      <div id={`${id}-arrival`} hidden={!showArrival}>
        {showArrival && <ArrivalForm onDone={() => setShowArrival(false)} />}
      </div>

      <table className="data-table ooh-board" aria-describedby={`${id}-board-hint`}>
        <caption className="data-table__caption">Patients at the centre</caption>
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">Patient</th>
            <th scope="col">Registered practice</th>
            <th scope="col">Arrived</th>
            <th scope="col">Wait against target</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={7}>{board ? 'Nobody is waiting.' : 'Loading the board…'}</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.id} className={`ooh-board__row ooh-priority--${r.priority}${r.status.overdue ? ' ooh-board__row--overdue' : ''}`} aria-current={r.id === selected ? 'true' : undefined}>
              <td>
                <span className="ooh-priority-tag">{PRIORITY_LABEL[r.priority]}</span>
              </td>
              <th scope="row">
                {r.patientName}
                <br />
                <span className="hint nowrap">{formatNhsNumber(r.nhsNumber)}</span>
              </th>
              <td>{r.registeredName ? `${r.registeredName} (${r.registeredOds})` : (r.registeredOds ?? 'Not recorded')}</td>
              <td className="nowrap">
                {clock(r.arrivedAt)}
                <br />
                <span className="hint">{r.site}</span>
              </td>
              <td>{r.status.overdue ? <strong className="ooh-overdue">{r.status.words}</strong> : r.status.words}</td>
              <td>
                {STATE_LABEL[r.state]}
                {r.clinician ? ` (${r.clinician})` : ''}
                {r.outcome ? `: ${OUTCOME_LABEL[r.outcome]}` : ''}
              </td>
              <td>
                {r.state !== 'completed' && (
                  <button type="button" className="button button--small" aria-expanded={r.id === selected} onClick={() => setSelected(r.id === selected ? null : r.id)}>
                    Update {r.patientName}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p id={`${id}-board-hint`} className="hint">
        Most urgent first; within a priority, overdue first. Waits count from arrival to being seen.
      </p>
      {chosen && chosen.state !== 'completed' && <EncounterPanel encounter={chosen} onClose={() => setSelected(null)} />}
    </section>
  );
}
