/** Public surface of the embedded PDS FHIR R4 sandbox. */
export { startSandbox, type Sandbox, type SandboxOptions } from './server';
export { NO_FAULTS, type Faults } from './faults';
export { BASE_PATH } from './pds.routes';
export {
  DEFAULT_POPULATION,
  DEFAULT_SEED,
  DEMO_PRACTICE_ODS,
  MAX_POPULATION,
  MIN_POPULATION,
  generatePopulation,
  toFhirPatient,
  toSearchPatient,
  type PopulationOptions,
  type SandboxPatient,
} from './population';
export { SCENARIO, scenarioPatients } from './scenarios';
export type { FhirPatient, FhirSearchPatient, OperationOutcome, SearchBundle } from './fhir.types';
