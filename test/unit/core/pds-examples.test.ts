import { describe, expect, it } from 'vitest';
import { FhirBundle, FhirOperationOutcome, FhirPatient } from '../../../electron/core/national/fhir.schemas';
import { mapFhirPatient } from '../../../electron/core/national/fhir-patient.mapper';
import { PatientSummary } from '../../../shared/contract/patients';
import { handoutPath, jsonFilesUnder, readJson } from '../../helpers/handout';

/** Contract test: the desk's reader accepts every official PDS example payload. */
const files = jsonFilesUnder(handoutPath('nhs/pds/examples')).filter((f) => !/requests\/|coverageResponses|relatedPerson|postPatient|CoverageSearch|Coverage\.json|RelatedPerson/.test(f));

describe('PDS client reads every official example', () => {
  it('has examples to read', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((f) => [f.split('/examples/')[1]!, f]))('%s', (_name, file) => {
    const body = readJson(file) as { resourceType?: string };
    switch (body.resourceType) {
      case 'Patient': {
        const p = FhirPatient.parse(body);
        const m = mapFhirPatient(p);
        expect(PatientSummary.parse(m.summary).nhsNumber).toBe(p.id);
        if (m.summary.restricted) {
          expect(m.summary.address).toBeNull();
          expect(m.summary.gpOdsCode).toBeNull();
          expect(m.telecom).toEqual([]);
        }
        break;
      }
      case 'Bundle': {
        const b = FhirBundle.parse(body);
        for (const e of b.entry ?? []) expect(PatientSummary.safeParse(mapFhirPatient(e.resource, e.search?.score ?? null).summary).success).toBe(true);
        break;
      }
      case 'OperationOutcome':
        expect(FhirOperationOutcome.parse(body).issue[0]).toBeDefined();
        break;
      default:
        throw new Error(`Unexpected example resource type ${String(body.resourceType)}`);
    }
  });

  it('reads the restricted example without exposing a location and the full example with one', () => {
    const sensitive = mapFhirPatient(FhirPatient.parse(readJson(handoutPath('nhs/pds/examples/spec-examples/Sensitive_Patient.json'))));
    expect(sensitive.summary).toMatchObject({ nhsNumber: '9000000025', restricted: true, address: null, gpOdsCode: null });
    const full = mapFhirPatient(FhirPatient.parse(readJson(handoutPath('nhs/pds/examples/sandbox-stubs/patientResponses/patient_9000000009.json'))), null, '2026-11-25');
    expect(full.summary).toMatchObject({ family: 'Smith', given: ['Jane'], gpOdsCode: 'Y12345', deceasedDate: '2010-10-22' });
    expect(full.summary.address?.postcode).toBe('LS1 6AE');
  });
});
