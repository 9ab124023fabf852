/** Public surface of the embedded PDS FHIR R4 sandbox. */
export { startSandbox, type Sandbox, type SandboxFaults, type SandboxOptions } from './server';
export { FaultsInputError, NO_FAULTS, type Faults } from './faults';
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
export {
  APPOINTMENTS_BASE_PATH,
  APPOINTMENTS_CONTROL_PATH,
  AppointmentsSandboxError,
  DEFAULT_CLINICIANS,
  GPC_CODES,
  GPC_EXTENSION,
  GPC_PROFILE,
  MAX_ALL_STATES_DAYS,
  MAX_CLINICIANS,
  MAX_FREE_SLOT_DAYS,
  SANDBOX_EXTENSION,
  SLOT_TYPES,
  SYSTEM as GPC_SYSTEM,
  type Appointment,
  type AppointmentParticipant,
  type AppointmentStatus,
  type AppointmentsBundle,
  type AppointmentsHandle,
  type AppointmentsResource,
  type AppointmentsStats,
  type SandboxBooking,
  type BundleEntry as AppointmentsBundleEntry,
  type DeliveryChannel,
  type GpcErrorCode,
  type GpcOperationOutcome,
  type Location,
  type Organization,
  type Practitioner,
  type Schedule,
  type Slot,
  type SlotStatus,
  type SlotType,
} from './appointments';
export {
  PRESCRIPTIONS_BASE_PATH,
  PRESCRIPTIONS_CONTROL_PATH,
  PrescriptionsSandboxError,
  type PrescriptionsHandle,
  type PrescriptionsStats,
  type Task as RxTask,
  type MedicationRequest as RxMedicationRequest,
} from './prescriptions';
export {
  GPCONNECT_CONTROL_PATH,
  GPCONNECT_ROOT_PATH,
  NETWORK_ORGANISATIONS,
  SHARING,
  gpConnectBasePath,
  sharedSlotTypes,
  type CareNetworkHandle,
  type NetworkOrganisation,
  type OrganisationKind,
  type SharingRule,
} from './appointments/network';
