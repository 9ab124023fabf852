import type { Ref } from 'react';
import type { PatientRecord } from '../../../../shared/contract';
import { formatNhsNumber } from '../../../../shared/domain/nhs-number';
import {
  formatAddress,
  formatBirthDateWithAge,
  formatDate,
  formatGender,
  formatPatientName,
  NOT_RECORDED,
} from '../../../../shared/domain/patient-format';
import { Field, FieldList } from '../../components/FieldList';
import { Marker } from '../../components/Marker';
import { Notice } from '../../components/Notice';
import { localCopyLabel } from '../../lib/uk-time';

interface Props {
  record: PatientRecord;
  today: Date;
  headingRef?: Ref<HTMLHeadingElement>;
}

const firstPhone = (r: PatientRecord): string | null => r.telecom.find((t) => t.system === 'phone')?.value ?? null;

function gpPractice(r: PatientRecord): string {
  if (r.gpName && r.gpOdsCode) return `${r.gpName} (${r.gpOdsCode})`;
  return r.gpName ?? r.gpOdsCode ?? NOT_RECORDED;
}

/**
 * The patient banner, after the NHS England conventions: identity first (name, NHS number, born,
 * gender), then contact details, with markers in words. For a restricted record the location
 * fields are not rendered at all, not merely left blank.
 */
export function PatientBanner({ record: r, today, headingRef }: Props) {
  return (
    <section aria-label="Patient banner" className={`patient-banner${r.deceasedDate ? ' patient-banner--deceased' : ''}`}>
      <h2 ref={headingRef} tabIndex={-1} className="patient-banner__name">
        {formatPatientName(r)}
      </h2>

      {(r.restricted || r.deceasedDate) && (
        <p className="patient-banner__markers">
          {r.restricted && (
            <span className="patient-banner__marker">
              <Marker tone="restricted">Restricted record</Marker> address, phone and GP practice are hidden
            </span>
          )}
          {r.deceasedDate && <Marker tone="deceased">Deceased {formatDate(r.deceasedDate)}</Marker>}
        </p>
      )}

      <FieldList>
        <Field label="NHS number">{formatNhsNumber(r.nhsNumber)}</Field>
        <Field label="Born">{formatBirthDateWithAge(r.birthDate, today, r.deceasedDate)}</Field>
        <Field label="Gender">{formatGender(r.gender)}</Field>
        {!r.restricted && (
          <>
            <Field label="Address">{formatAddress(r.address)}</Field>
            <Field label="Phone">{firstPhone(r) ?? NOT_RECORDED}</Field>
            <Field label="Registered GP practice">{gpPractice(r)}</Field>
          </>
        )}
      </FieldList>

      {r.supersededNhsNumber && (
        <Notice tone="info">
          NHS number {formatNhsNumber(r.supersededNhsNumber)} has been replaced by {formatNhsNumber(r.nhsNumber)}; showing the
          current record.
        </Notice>
      )}
      {r.source === 'local' && (
        <Notice tone="warning" className="local-copy">
          <strong>{localCopyLabel(r.fetchedAt)}</strong>
        </Notice>
      )}
    </section>
  );
}
