import { useEffect, useRef } from 'react';
import { Notice } from '../../components/Notice';
import { usePatientsStore } from '../../stores/patients.store';
import { PatientAppointments } from './PatientAppointments';
import { PatientBanner } from './PatientBanner';
import { OohBannerActions } from '../ooh/OohBannerActions';

/**
 * The opened record: loading, failure or the banner. Takes focus when it appears (the results it
 * replaces had it), and hands it to the patient's name once the record arrives.
 */
export function RecordView({ onBack }: { onBack(): void }) {
  const status = usePatientsStore((s) => s.recordStatus);
  const record = usePatientsStore((s) => s.record);
  const error = usePatientsStore((s) => s.recordError);
  const appointments = usePatientsStore((s) => s.appointments);
  const viewRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (status === 'opening') viewRef.current?.focus();
    if (status === 'open') headingRef.current?.focus();
  }, [status, record]);

  if (status === 'closed') return null;
  return (
    <div ref={viewRef} tabIndex={-1} className="record-view" aria-busy={status === 'opening'}>
      <div className="record-view__toolbar">
        <button type="button" className="button" onClick={onBack} aria-keyshortcuts="Escape">
          Back to results
        </button>
        <span className="hint">or press Esc</span>
      </div>
      {status === 'opening' && <p className="record-view__loading">Opening record…</p>}
      {status === 'error' && error && <Notice tone="alert">{error}</Notice>}
      {status === 'open' && record && <PatientBanner record={record} today={new Date()} headingRef={headingRef} />}
      {status === 'open' && record && appointments && <PatientAppointments {...appointments} />}
      {status === 'open' && record && <OohBannerActions record={record} />}
    </div>
  );
}
