import { z } from 'zod';

/**
 * The parts of PDS FHIR R4 resources the desk reads. Loose objects: unknown fields pass through,
 * because PDS adds extensions over time and the desk must not break on them.
 */
const Period = z.looseObject({ start: z.string().optional(), end: z.string().optional() });

export const FhirHumanName = z.looseObject({
  id: z.string().optional(),
  use: z.string().optional(),
  period: Period.optional(),
  given: z.array(z.string()).optional(),
  family: z.string().optional(),
  prefix: z.array(z.string()).optional(),
  suffix: z.array(z.string()).optional(),
});

export const FhirAddress = z.looseObject({
  id: z.string().optional(),
  use: z.string().optional(),
  period: Period.optional(),
  line: z.array(z.string()).optional(),
  postalCode: z.string().optional(),
});

export const FhirContactPoint = z.looseObject({
  id: z.string().optional(),
  system: z.string().optional(),
  value: z.string().optional(),
  use: z.string().optional(),
  period: Period.optional(),
});

export const FhirPatient = z.looseObject({
  resourceType: z.literal('Patient'),
  id: z.string(),
  meta: z
    .looseObject({
      versionId: z.string().optional(),
      security: z.array(z.looseObject({ code: z.string().optional() })).optional(),
    })
    .optional(),
  name: z.array(FhirHumanName).optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  birthDate: z.string().optional(),
  deceasedDateTime: z.string().optional(),
  address: z.array(FhirAddress).optional(),
  telecom: z.array(FhirContactPoint).optional(),
  generalPractitioner: z
    .array(z.looseObject({ identifier: z.looseObject({ value: z.string().optional() }).optional() }))
    .optional(),
});
export type FhirPatient = z.infer<typeof FhirPatient>;

export const FhirBundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string().optional(),
  total: z.number().int().optional(),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        search: z.looseObject({ score: z.number().optional() }).optional(),
        resource: FhirPatient,
      }),
    )
    .optional(),
});
export type FhirBundle = z.infer<typeof FhirBundle>;

export const FhirOperationOutcome = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z.looseObject({
        severity: z.string().optional(),
        code: z.string().optional(),
        diagnostics: z.string().optional(),
        details: z
          .looseObject({ coding: z.array(z.looseObject({ code: z.string().optional(), display: z.string().optional() })).optional() })
          .optional(),
      }),
    )
    .min(1),
});
export type FhirOperationOutcome = z.infer<typeof FhirOperationOutcome>;
