import { formatPatientName } from '../../shared/domain/patient-format';
import { ENGLAND_BANK_HOLIDAYS } from './bank-holidays';
import type { CallContext } from './call-context';
import type { Db } from './db/connection';
import type { CachedPatient, PatientsRepo } from './db/repos/patients.repo';
import { PrescriptionsRepo } from './db/repos/prescriptions.repo';
import { FhirTransport, type TransportOptions } from './national/http.transport';
import { PrescriptionsClient } from './national/prescriptions.client';
import type { OutboxService } from './outbox/outbox.service';
import type { AuditService } from './services/audit.service';
import { PrescriptionsService } from './services/prescriptions.service';
import type { SettingsStore } from './settings/settings.schema';

/** The prescription queue's part of the composition root: its own transport, repo, service and refresh timers. */
export interface PrescriptionsWiring {
  service: PrescriptionsService;
  transport: FhirTransport;
  /** The queue's local copy (the local copy's expiry tells it when rows were purged). */
  repo: PrescriptionsRepo;
  /** Show queued changes, fetch the queue, then keep it current from the changes feed. */
  start(): Promise<void>;
  stop(): void;
}

export function wirePrescriptions(d: {
  /** The national prescriptions service (the sandbox's in demo mode); null leaves the queue empty and unrefreshed. */
  baseUrl: string | null;
  cacheDb: Db;
  transport: Omit<TransportOptions, 'baseUrl'>;
  settings: SettingsStore;
  outbox: OutboxService;
  audit: AuditService;
  patientsRepo: PatientsRepo;
  /** Local copy first, else an audited national look-up. */
  patient: (nhsNumber: string, ctx: CallContext) => Promise<CachedPatient | null>;
  changed: (tables: string[]) => void;
  now?: () => Date;
  /** Full refresh period (ms); 0 = only at start. The changes feed is read every 5 s at most. */
  refreshMs?: number;
}): PrescriptionsWiring {
  const transport = new FhirTransport({ ...d.transport, baseUrl: d.baseUrl ?? 'http://127.0.0.1:9/not-configured' });
  const now = d.now ?? (() => new Date());
  const patientName = (nhs: string): string | null => {
    const p = d.patientsRepo.get(nhs)?.patient.summary;
    return p ? formatPatientName(p) : null;
  };
  const repo = new PrescriptionsRepo(d.cacheDb);
  const service = new PrescriptionsService({
    repo,
    national: new PrescriptionsClient({ transport, patientName, now }),
    outbox: d.outbox,
    audit: d.audit,
    patient: d.patient,
    patientName,
    closures: () => ENGLAND_BANK_HOLIDAYS,
    targetWorkingDays: () => d.settings.get().prescriptions.turnaroundWorkingDays,
    expireAfterDays: () => d.settings.get().localCopy.expireAfterDays,
    changed: d.changed,
    now,
  });
  const timers: NodeJS.Timeout[] = [];
  let stopped = false; // start() is not awaited by the core: a stop during the first refresh must not leave timers behind
  // No patient detail in the log: the message is the transport's (status, code, "not answering").
  const failed = (what: string) => (e: unknown) => console.error(`[core] prescription queue ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
  return {
    service,
    transport,
    repo,
    async start() {
      if (!d.baseUrl) return;
      service.reconcile(); // changes queued before a restart show at once, even while the service is down
      await service.refresh().catch((e: unknown) => {
        if (!stopped) failed('refresh')(e); // closed meanwhile: its copy is gone, nothing to report
      });
      if (stopped) return;
      void d.outbox.kick(); // send what was queued before a restart (it retries by itself while the service is away)
      const every = d.refreshMs ?? 60_000;
      if (every <= 0) return;
      timers.push(setInterval(() => void service.refresh().catch(failed('refresh')), every));
      // Between full refreshes, new online requests and other desks' changes arrive within seconds.
      timers.push(setInterval(() => void service.pollChanges().catch(() => undefined), Math.min(every, 5_000)));
      for (const t of timers) t.unref();
    },
    stop() {
      stopped = true;
      for (const t of timers.splice(0)) clearInterval(t);
    },
  };
}
