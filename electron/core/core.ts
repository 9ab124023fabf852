import { join } from 'node:path';
import type { StaffSession } from '../../shared/contract/app';
import { contract } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { CallContext, Transport } from './call-context';
import { openDatabase, type Db } from './db/connection';
import { auditMigrations } from './db/migrations/audit.migrations';
import { cacheMigrations } from './db/migrations/cache.migrations';
import { AuditRepo } from './db/repos/audit.repo';
import { PatientsRepo } from './db/repos/patients.repo';
import { EventBus } from './events.bus';
import { bind } from './handlers/bind';
import { FhirTransport } from './national/http.transport';
import { PdsClient } from './national/pds.client';
import { organisationName } from './organisations';
import { AuditService } from './services/audit.service';
import { PatientsService } from './services/patients.service';
import { SessionService } from './services/session.service';
import type { SettingsStore } from './settings/settings.schema';

export interface CoreOptions {
  dataDir: string;
  settings: SettingsStore;
  transport: Transport;
  /** Resolved PDS base URL (the embedded sandbox's in demo mode). */
  pdsBaseUrl: string;
  nationalLabel: string;
  demo: boolean;
  version: string;
  user: StaffSession;
  fetch?: typeof fetch;
  /** Circuit breaker probe interval; tests shorten it. */
  halfOpenAfterMs?: number;
}

export interface Core {
  dispatch(verbName: string, input: unknown): Promise<Result<unknown>>;
  events: EventBus;
  repos: { patients: PatientsRepo; audit: AuditRepo };
  close(): void;
}

/** The composition root of all behaviour. Plain Node: runs in Electron and in the browser host alike. */
export function createCore(o: CoreOptions): Core {
  const cacheDb: Db = openDatabase(join(o.dataDir, 'cache.db'), { synchronous: 'NORMAL', migrations: cacheMigrations });
  const auditDb: Db = openDatabase(join(o.dataDir, 'audit.db'), { synchronous: 'FULL', migrations: auditMigrations });
  const events = new EventBus();
  const settings = o.settings.get();

  const transport = new FhirTransport({
    baseUrl: o.pdsBaseUrl,
    timeoutMs: settings.nationalApi.requestTimeoutMs,
    maxRetryAfterWaitMs: settings.nationalApi.maxRetryAfterWaitMs,
    ...(o.halfOpenAfterMs === undefined ? {} : { halfOpenAfterMs: o.halfOpenAfterMs }),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  transport.onHealth((state) => events.emit('connectivity', { service: 'pds', state, since: new Date().toISOString() }));

  const repos = { patients: new PatientsRepo(cacheDb), audit: new AuditRepo(auditDb) };
  const session = new SessionService(o.user);
  const audit = new AuditService(repos.audit);
  const patients = new PatientsService({
    pds: new PdsClient(transport),
    repo: repos.patients,
    audit,
    organisationName,
    odsCode: () => o.settings.get().practice.odsCode,
  });

  const dispatch = bind(
    contract,
    {
      app: {
        info: () => {
          const s = o.settings.get();
          return {
            version: o.version,
            demo: o.demo,
            transport: o.transport,
            practice: { odsCode: s.practice.odsCode, name: s.practice.name },
            nationalService: { label: o.nationalLabel, baseUrl: o.pdsBaseUrl },
            user: session.current(),
          };
        },
      },
      patients: {
        search: (input, ctx) => patients.search(input.text, input.fuzzy, ctx),
        open: (input, ctx) => patients.open(input.nhsNumber, ctx),
      },
    },
    { error: (verb, e) => console.error(`[core] ${verb} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`) },
  );

  const context = (): CallContext => ({
    user: session.current(),
    transport: o.transport,
    workstation: o.settings.get().workstation.name,
  });

  return {
    dispatch: (verbName, input) => dispatch(verbName, input, context()),
    events,
    repos,
    close() {
      cacheDb.close();
      auditDb.close();
    },
  };
}
