import { useEffect, useId, useState } from 'react';
import { DEMO_FAULT_MODES, type DemoFaults as Faults } from '../../../../shared/contract';
import { Notice } from '../../components/Notice';
import { getApi } from '../../lib/api';
import { describeError } from '../../lib/error-message';

const LABEL: Record<Faults['mode'], string> = {
  none: 'Working normally',
  down: 'Down (connection refused)',
  hang: 'Hangs (never answers)',
  slow: 'Slow (4 seconds per answer)',
  'error-500': 'Fails (500 error)',
  'busy-503': 'Unavailable (503, retry after 30 s)',
  'rate-limited-429': 'Rate-limited (429, retry after 30 s)',
  reset: 'Drops the connection mid-answer',
  malformed: 'Sends broken replies',
};

/**
 * Demo mode, signed in: the demo national service's fault switches, to show what the desk does in an outage.
 * Not in a real practice's build of the desk (the core refuses these verbs outside demo mode).
 */
export function DemoFaults() {
  const [faults, setFaults] = useState<Faults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    void getApi()
      .demo.faults({})
      .then((r) => (r.ok ? setFaults(r.value) : setError(describeError(r.error))));
  }, []);

  const apply = async (next: Faults) => {
    const before = faults;
    setError(null);
    setFaults(next); // the choice shows at once; put back if the sandbox refuses it
    const r = await getApi().demo.setFaults(next);
    if (!r.ok) {
      setFaults(before);
      return setError(describeError(r.error));
    }
    setFaults(r.value);
    setNotice(`Demo national service: ${LABEL[r.value.mode].toLowerCase()}${r.value.otherDeskTakesNextSlot ? '; another desk takes the next slot booked' : ''}.`);
  };

  return (
    <details className="demo-faults">
      <summary>Demo national service: fault switches</summary>
      {error && <Notice tone="alert">{error}</Notice>}
      {faults && (
        <>
          <fieldset className="demo-faults__modes">
            <legend>The national service is…</legend>
            {DEMO_FAULT_MODES.map((mode) => (
              <label key={mode} className="demo-faults__mode">
                <input type="radio" name={`${id}-mode`} value={mode} checked={faults.mode === mode} onChange={() => void apply({ ...faults, mode })} />{' '}
                {LABEL[mode]}
              </label>
            ))}
          </fieldset>
          <label className="demo-faults__other-desk">
            <input
              type="checkbox"
              checked={faults.otherDeskTakesNextSlot}
              onChange={(e) => void apply({ ...faults, otherDeskTakesNextSlot: e.target.checked })}
            />{' '}
            Another desk takes the next slot booked
          </label>
        </>
      )}
      <p role="status" aria-label="Demo fault switches" className="demo-faults__status">
        {notice}
      </p>
    </details>
  );
}
