import { join } from 'node:path';
import type { WaitTargets } from '../../shared/domain/ooh/waits';
import type { CallContext } from './call-context';
import { openDatabase, type Db, type DbKey } from './db/connection';
import { oohMigrations } from './db/migrations/ooh.migrations';
import { OohRepo } from './db/repos/ooh.repo';
import type { CachedPatient } from './db/repos/patients.repo';
import { GpConnectClient, type ConsumerOrganisation } from './national/gpconnect.client';
import { FhirTransport, type TransportOptions } from './national/http.transport';
import { networkDirectory } from './organisations';
import type { OutboxService } from './outbox/outbox.service';
import type { AuditService } from './services/audit.service';
import { CrossOrgService } from './services/cross-org.service';
import { OohShiftsService } from './services/ooh-shifts.service';
import { OohService, type OohConfig } from './services/ooh.service';
import type { Settings, SettingsStore } from './settings/settings.schema';

export type DeskMode = Settings['outOfHours']['mode'];

/** The mode in force: RECEPTION_MODE (practice | out-of-hours) overrides the setting for a run (demos, the e2e journey). */
export function effectiveMode(s: Settings, env: NodeJS.ProcessEnv = process.env): DeskMode {
  const v = env.RECEPTION_MODE?.trim().toLowerCase();
  return v === 'out-of-hours' || v === 'ooh' ? 'out-of-hours' : v === 'practice' ? 'practice' : s.outOfHours.mode;
}

/** The organisation the desk acts for: the centre in out-of-hours mode, the practice otherwise (PDS ODS header, GP Connect consumer). */
export function deskOrganisation(s: Settings, mode: DeskMode): ConsumerOrganisation {
  if (mode === 'out-of-hours') {
    const known = networkDirectory.find((o) => o.odsCode === s.outOfHours.centreOdsCode);
    return { odsCode: s.outOfHours.centreOdsCode, name: s.outOfHours.centreName, gpcType: known?.gpcType ?? 'urgent-care', phone: known?.phone ?? '' };
  }
  const known = networkDirectory.find((o) => o.odsCode === s.practice.odsCode);
  return { odsCode: s.practice.odsCode, name: s.practice.name, gpcType: 'gp-practice', phone: known?.phone ?? '' };
}

const targetsOf = (s: Settings): WaitTargets => ({
  emergency: s.outOfHours.targets.emergencyMinutes,
  urgent: s.outOfHours.targets.urgentMinutes,
  'less-urgent': s.outOfHours.targets.lessUrgentMinutes,
});

export interface OohWiring {
  board: OohService;
  crossOrg: CrossOrgService;
  /** The centre's shift rota. */
  shifts: OohShiftsService;
  /** ooh.db's repo, for demo seeding. */
  repo: OohRepo;
  transport: FhirTransport | null;
  close(): void;
}

/** Out-of-hours mode and cross-organisation booking: ooh.db, the GP Connect consumer transport, their services. */
export function wireOoh(d: {
  dataDir: string;
  dbKey: DbKey | null;
  settings: SettingsStore;
  /** Root of the GP Connect providers' endpoints ({root}/{ods}/FHIR/R4); null = cross-organisation booking not set up. */
  gpConnectRootUrl: string | null;
  transport: Omit<TransportOptions, 'baseUrl'>;
  outbox: OutboxService;
  audit: AuditService;
  patient: (nhsNumber: string, ctx: CallContext) => Promise<CachedPatient | null>;
  organisationName: (odsCode: string) => string | null;
  changed: (tables: string[]) => void;
  now?: () => Date;
}): OohWiring {
  const db: Db = openDatabase(join(d.dataDir, 'ooh.db'), { synchronous: 'FULL', migrations: oohMigrations, key: d.dbKey });
  const repo = new OohRepo(db);
  const mode = (): DeskMode => effectiveMode(d.settings.get());
  const config = (): OohConfig => {
    const s = d.settings.get();
    const m = mode();
    const me = deskOrganisation(s, m);
    return { mode: m, organisation: { odsCode: me.odsCode, name: me.name }, sites: s.outOfHours.sites, clinicians: s.outOfHours.clinicians, targets: targetsOf(s) };
  };
  const transport = d.gpConnectRootUrl ? new FhirTransport({ ...d.transport, baseUrl: d.gpConnectRootUrl }) : null;
  // Providers back: send bookings that waited for them.
  transport?.onHealth((state) => state === 'online' && void d.outbox.kick());
  const client = transport
    ? new GpConnectClient({ transport, consumer: () => deskOrganisation(d.settings.get(), mode()), providerName: (ods) => d.organisationName(ods) })
    : null;
  const shifts = new OohShiftsService({
    repo, audit: d.audit, changed: d.changed, ...(d.now ? { now: d.now } : {}),
    roster: () => ({ sites: d.settings.get().outOfHours.sites, clinicians: d.settings.get().outOfHours.clinicians }),
  });
  const board = new OohService({
    repo, audit: d.audit, patient: d.patient, organisationName: d.organisationName, config,
    crossOrgConfigured: () => client !== null, onShiftNow: () => shifts.onShiftNow(), changed: d.changed, ...(d.now ? { now: d.now } : {}),
  });
  const crossOrg = new CrossOrgService({
    repo, client, outbox: d.outbox, audit: d.audit, patient: d.patient, consumer: () => deskOrganisation(d.settings.get(), mode()),
    directory: networkDirectory, changed: d.changed, ...(d.now ? { now: d.now } : {}),
  });
  return { board, crossOrg, shifts, repo, transport, close: () => db.close() };
}
