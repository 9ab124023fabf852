import { z } from 'zod';
import { verb } from './verb';

export const NhsNumber = z.string().regex(/^\d{10}$/, 'An NHS number is 10 digits');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const Gender = z.enum(['male', 'female', 'other', 'unknown']);

export const Address = z.object({ lines: z.array(z.string()), postcode: z.string().nullable() });
export type Address = z.infer<typeof Address>;

/**
 * One patient as the desk shows them. For a restricted record (`restricted: true`) the location
 * fields are always null: the core strips them before they are cached or sent.
 */
export const PatientSummary = z.object({
  nhsNumber: NhsNumber,
  prefix: z.array(z.string()),
  given: z.array(z.string()),
  family: z.string().nullable(),
  birthDate: IsoDate.nullable(),
  gender: Gender.nullable(),
  deceasedDate: IsoDate.nullable(),
  restricted: z.boolean(),
  address: Address.nullable(),
  gpOdsCode: z.string().nullable(),
  /** PDS match score, 0..1, on national search results only. */
  score: z.number().min(0).max(1).nullable(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;

export const Telecom = z.object({ system: z.string(), value: z.string(), use: z.string().nullable() });

export const PatientRecord = PatientSummary.extend({
  telecom: z.array(Telecom),
  gpName: z.string().nullable(),
  versionId: z.string().nullable(),
  /** The NHS number that was asked for, when PDS answered with the record that supersedes it. */
  supersededNhsNumber: NhsNumber.nullable(),
  source: z.enum(['national', 'local']),
  /** When this copy was fetched from the national service (ISO). */
  fetchedAt: z.string(),
});
export type PatientRecord = z.infer<typeof PatientRecord>;

export const SearchOutcome = z.object({
  source: z.enum(['national', 'local']),
  /** For local answers: when the newest of these records was last refreshed from the national service. */
  updatedAt: z.string().nullable(),
  /** Plain sentence for the user when the answer needs explaining (e.g. why it is local). */
  notice: z.string().nullable(),
  results: z.array(PatientSummary),
});
export type SearchOutcome = z.infer<typeof SearchOutcome>;

export const patients = {
  search: verb(
    'patients:search',
    z.object({ text: z.string().max(120), fuzzy: z.boolean().default(false) }).strict(),
    SearchOutcome,
    'patients.view',
  ),
  open: verb('patients:open', z.object({ nhsNumber: NhsNumber }).strict(), PatientRecord, 'patients.view'),
} as const;
