import { differenceInDays, differenceInMonths, differenceInYears, format, isValid, parseISO } from 'date-fns';
import type { Address, PatientSummary } from '../contract/patients';

/**
 * How the desk writes a patient down, following the NHS patient-banner conventions
 * (FAMILY NAME in capitals first, dates as dd-MMM-yyyy, age units that suit small children).
 * Pure: `today` is always passed in, so results never depend on the machine's clock.
 */

/** Shown wherever a field is empty, so a blank is never mistaken for "none". */
export const NOT_RECORDED = 'Not recorded';

type NameParts = Pick<PatientSummary, 'family' | 'given' | 'prefix'>;

const words = (parts: readonly string[]): string =>
  parts
    .map((p) => p.trim())
    .filter(Boolean)
    .join(' ');

/** "SMITH, Jane Anne (Miss)"; "Name not recorded" when there is neither a family nor a given name. */
export function formatPatientName(p: NameParts): string {
  const family = p.family?.trim().toUpperCase() ?? '';
  const given = words(p.given);
  const title = words(p.prefix);
  const name = family && given ? `${family}, ${given}` : family || given;
  if (!name) return 'Name not recorded';
  return title ? `${name} (${title})` : name;
}

function parseIsoDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = parseISO(iso);
  return isValid(d) ? d : null;
}

/** "22-Oct-2010". An unparseable date is shown as given rather than hidden. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return NOT_RECORDED;
  const d = parseIsoDate(iso);
  return d ? format(d, 'dd-MMM-yyyy') : iso;
}

export const formatDateOfBirth = formatDate;

/**
 * Age as the banner shows it: years from 2, months under 2 years, days under 1 month.
 * For a deceased patient the age is taken at the date of death, not today.
 * Empty string when the age cannot be worked out (no or bad date, or a date after the end).
 */
export function formatAge(birthDate: string | null | undefined, today: Date, deceasedDate?: string | null): string {
  const born = parseIsoDate(birthDate);
  if (!born) return '';
  const end = parseIsoDate(deceasedDate) ?? today;
  if (end < born) return '';
  const years = differenceInYears(end, born);
  if (years >= 2) return `${years}y`;
  const months = differenceInMonths(end, born);
  if (months >= 1) return `${months}m`;
  return `${differenceInDays(end, born)}d`;
}

/** "22-Oct-2010 (15y)", or the date alone when no age can be given. */
export function formatBirthDateWithAge(birthDate: string | null | undefined, today: Date, deceasedDate?: string | null): string {
  if (!birthDate) return NOT_RECORDED;
  const age = formatAge(birthDate, today, deceasedDate);
  return age ? `${formatDate(birthDate)} (${age})` : formatDate(birthDate);
}

/** Address lines then postcode, comma-separated on one line, as on the banner. */
export function formatAddress(address: Address | null | undefined): string {
  if (!address) return NOT_RECORDED;
  const parts = [...address.lines, address.postcode ?? ''].map((p) => p.trim()).filter(Boolean);
  return parts.length ? parts.join(', ') : NOT_RECORDED;
}

const GENDER_LABELS: Record<NonNullable<PatientSummary['gender']>, string> = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  unknown: 'Unknown',
};

export function formatGender(gender: PatientSummary['gender'] | undefined): string {
  return gender ? GENDER_LABELS[gender] : NOT_RECORDED;
}
