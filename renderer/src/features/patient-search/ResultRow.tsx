import type { CSSProperties, Ref } from 'react';
import type { PatientSummary } from '../../../../shared/contract';
import { formatNhsNumber } from '../../../../shared/domain/nhs-number';
import { formatBirthDateWithAge, formatGender, formatPatientName, NOT_RECORDED } from '../../../../shared/domain/patient-format';
import { Marker } from '../../components/Marker';
import { VisuallyHidden } from '../../components/VisuallyHidden';

export interface ResultRowProps {
  patient: PatientSummary;
  id: string;
  index: number;
  count: number;
  active: boolean;
  today: Date;
  onOpen(index: number): void;
  /** Set by the virtual list only. */
  rowRef?: Ref<HTMLDivElement>;
  style?: CSSProperties;
}

/**
 * One result as an option. The hidden column labels make the option's accessible name read as a
 * sentence ("SMITH, Jane (Miss) NHS number 943 476 5919 Born …"); spaces between cells keep words apart.
 */
export function ResultRow({ patient: p, id, index, count, active, today, onOpen, rowRef, style }: ResultRowProps) {
  return (
    <div
      ref={rowRef}
      id={id}
      role="option"
      aria-selected={active}
      aria-setsize={count}
      aria-posinset={index + 1}
      data-index={index}
      className={`result-row${active ? ' result-row--active' : ''}`}
      style={style}
      onClick={() => onOpen(index)}
    >
      <span className="result-row__name">{formatPatientName(p)}</span>{' '}
      <span className="result-row__nhs">
        <VisuallyHidden>NHS number </VisuallyHidden>
        {formatNhsNumber(p.nhsNumber)}
      </span>{' '}
      <span className="result-row__born">
        <VisuallyHidden>Born </VisuallyHidden>
        {formatBirthDateWithAge(p.birthDate, today, p.deceasedDate)}
      </span>{' '}
      <span className="result-row__gender">
        <VisuallyHidden>Gender </VisuallyHidden>
        {formatGender(p.gender)}
      </span>{' '}
      <span className="result-row__postcode">
        {/* A restricted record's location is never shown, even if it were sent by mistake. */}
        {p.restricted ? (
          <Marker tone="restricted">Restricted</Marker>
        ) : (
          <>
            <VisuallyHidden>Postcode </VisuallyHidden>
            {p.address?.postcode ?? NOT_RECORDED}
          </>
        )}
      </span>{' '}
      <span className="result-row__markers">{p.deceasedDate && <Marker tone="deceased">Deceased</Marker>}</span>
    </div>
  );
}
