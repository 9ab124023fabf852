import { useState } from 'react';
import type { PatientRecord } from '../../../../shared/contract';
import { formatPatientName } from '../../../../shared/domain/patient-format';
import { useDeskStore } from '../../stores/desk.store';
import { useOohMode, useOohStore } from '../../stores/ooh.store';
import { ArrivalForm } from './ArrivalForm';
import { CrossOrgBooking } from './CrossOrgBooking';

/**
 * What the patient banner offers for issue 8: in out-of-hours mode, recording the patient's arrival at the centre;
 * in either mode (when a GP Connect directory is set up), booking them at their registered practice or a hub.
 */
export function OohBannerActions({ record }: { record: PatientRecord }) {
  const ooh = useOohMode();
  const crossOrg = useOohStore((s) => s.context?.crossOrgBooking ?? false);
  const [arrival, setArrival] = useState(false);
  const [arrived, setArrived] = useState(false);
  if (record.deceasedDate) return null;
  const name = formatPatientName(record);
  return (
    <div className="ooh-banner-actions">
      {ooh && (
        <section aria-label="Out-of-hours visit" className="ooh-banner-actions__arrival">
          {arrived ? (
            <p role="status">
              {name} is on the board.{' '}
              <button type="button" className="button button--small" onClick={() => useDeskStore.getState().setView('ooh')}>
                Go to the out-of-hours board
              </button>
            </p>
          ) : arrival ? (
            <ArrivalForm nhsNumber={record.nhsNumber} patientName={name} onDone={() => (setArrival(false), setArrived(true))} />
          ) : (
            <button type="button" className="button button--primary" onClick={() => setArrival(true)}>
              Record arrival at the centre
            </button>
          )}
        </section>
      )}
      {crossOrg && <CrossOrgBooking record={record} />}
    </div>
  );
}
