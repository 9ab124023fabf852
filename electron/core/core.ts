import { join } from 'node:path';
import { contract } from '../../shared/contract';
import { AppFailure, type Result } from '../../shared/result';
import type { CallContext, Transport } from './call-context';
import { openDatabase, type Db, type DbKey } from './db/connection';
import { auditMigrations } from './db/migrations/audit.migrations';
import { cacheMigrations } from './db/migrations/cache.migrations';
import { outboxMigrations } from './db/migrations/outbox.migrations';
import { practiceMigrations } from './db/migrations/practice.migrations';
import { OutboxRepo } from './db/repos/outbox.repo';
import { OutboxService } from './outbox/outbox.service';
import { SyncService } from './services/sync.service';
import type { SandboxFaultSwitches } from './demo/demo-faults';
import { AuditRepo } from './db/repos/audit.repo';
import { BookRepo } from './db/repos/book.repo';
import { PatientsRepo } from './db/repos/patients.repo';
import { RotaRepo } from './db/repos/rota.repo';
import { StaffRepo } from './db/repos/staff.repo';
import type { CardReader } from './devices/card-reader';
import { EventBus } from './events.bus';
import { accessGuard } from './handlers/access.guard';
import { bind } from './handlers/bind';
import { handlerTable } from './handlers/handler-table';
import { AppointmentsClient } from './national/appointments.client';
import { FhirTransport } from './national/http.transport';
import { PdsClient } from './national/pds.client';
import { wirePrescriptions } from './prescriptions.wiring';
import { deskOrganisation, effectiveMode, wireOoh, type OohWiring } from './ooh.wiring';
import type { PrescriptionsService } from './services/prescriptions.service';
import { SlotPublisher } from './national/slot-publisher';
import { formatNhsNumber } from '../../shared/domain/nhs-number';
import { formatPatientName } from '../../shared/domain/patient-format';
import { organisationName } from './organisations';
import { AppointmentsService } from './services/appointments.service';
import { AuditService } from './services/audit.service';
import { AuthService } from './services/auth.service';
import { PatientsService } from './services/patients.service';
import { LocalCopyRepo } from './db/repos/local-copy.repo';
import { LocalCopyService } from './services/local-copy.service';
import { RotaService, type RotaNational } from './services/rota.service';
import { StaffService } from './services/staff.service';
import type { SettingsStore } from './settings/settings.schema';

/** The demo reader's controls (present / withdraw a card), offered to the UI only in demo mode. */
export interface DemoCardControl {
  present(cardId: string): void;
  withdraw(): void;
}

export interface CoreOptions {
  dataDir: string;
  /** The local copy's key (security/data-key.ts); null only for the benchmark's plain baseline. */
  dbKey: DbKey | null;
  settings: SettingsStore;
  transport: Transport;
  /** Resolved PDS base URL (the embedded sandbox's in demo mode). */
  pdsBaseUrl: string;
  nationalLabel: string;
  demo: boolean;
  version: string;
  reader: CardReader;
  /** Present only when the reader is the simulated one. */
  demoCards?: DemoCardControl;
  /** The demo sandbox's fault switches, for the developer panel (demo mode only). */
  demoFaults?: SandboxFaultSwitches;
  fetch?: typeof fetch;
  /** Circuit breaker probe interval; tests shorten it. */
  halfOpenAfterMs?: number;
  /** GP Connect-style appointments service for the practice's own book (the sandbox's in demo mode). */
  appointmentsBaseUrl: string | null;
  /** The national repeat-prescription service (Task + MedicationRequest; the sandbox's in demo mode); omitted = none. */
  prescriptionsBaseUrl?: string | null;
  /** The clock the appointment book runs on (tests pin it to the sandbox's). */
  bookClock?: () => Date;
  /** How often the book is refreshed from the national service (ms); 0 = only on start and after changes. */
  bookRefreshMs?: number;
  /** How often the outbox tries again while the national service is not answering (ms). */
  outboxRetryMs?: number;
  /** Root of other organisations' GP Connect endpoints ({root}/{ods}/FHIR/R4; the sandbox's /gpconnect in demo mode); omitted = no cross-organisation booking. */
  gpConnectRootUrl?: string | null;
  /** The clock the local copy's expiry runs on and records are stamped "seen" with (issue 9); tests fake it. */
  localCopyClock?: () => Date;
  /** How often the expiry runs after the one at start (ms; default 4 hours); 0 = only at start. */
  localCopyExpiryEveryMs?: number;
  /**
   * Hold the first national refreshes (book and prescription queue) this long after start() (ms; default 0), so the
   * first screen is served before their parsing competes with it. Someone signing in, a book read, or firstRefreshed()
   * starts them at once.
   */
  deferFirstRefreshMs?: number;
}

export interface Core {
  dispatch(verbName: string, input: unknown): Promise<Result<unknown>>;
  events: EventBus;
  repos: { patients: PatientsRepo; audit: AuditRepo; staff: StaffRepo; book: BookRepo; outbox: OutboxRepo; rota: RotaRepo };
  book: AppointmentsService;
  prescriptions: PrescriptionsService;
  /** Out-of-hours board and cross-organisation booking (issue 8). */
  ooh: Pick<OohWiring, 'board' | 'crossOrg' | 'shifts' | 'repo'>;
  outbox: OutboxService;
  sync: SyncService;
  auth: AuthService;
  /** The local copy's expiry and on-demand clearing (issue 9). */
  localCopy: LocalCopyService;
  /** Begin listening to the card reader. */
  start(): Promise<void>;
  /**
   * Settles when the book's and the prescription queue's first refreshes after start() have (tests and benches wait
   * for it; hosts serve at once, from the local copy).
   */
  firstRefreshed(): Promise<void>;
  close(): Promise<void>;
}

/** The composition root of all behaviour. Plain Node: runs in Electron and in the browser host alike. */
export function createCore(o: CoreOptions): Core {
  const cacheDb: Db = openDatabase(join(o.dataDir, 'cache.db'), { synchronous: 'NORMAL', migrations: cacheMigrations, key: o.dbKey });
  const auditDb: Db = openDatabase(join(o.dataDir, 'audit.db'), { synchronous: 'FULL', migrations: auditMigrations, key: o.dbKey });
  const practiceDb: Db = openDatabase(join(o.dataDir, 'practice.db'), { synchronous: 'FULL', migrations: practiceMigrations, key: o.dbKey });
  const outboxDb: Db = openDatabase(join(o.dataDir, 'outbox.db'), { synchronous: 'FULL', migrations: outboxMigrations, key: o.dbKey });
  const events = new EventBus();
  const settings = o.settings.get();

  const transport = new FhirTransport({
    baseUrl: o.pdsBaseUrl,
    timeoutMs: settings.nationalApi.requestTimeoutMs,
    maxRetryAfterWaitMs: settings.nationalApi.maxRetryAfterWaitMs,
    budgetMs: Math.max(settings.nationalApi.interactiveBudgetMs, settings.nationalApi.maxRetryAfterWaitMs + 500),
    ...(o.halfOpenAfterMs === undefined ? {} : { halfOpenAfterMs: o.halfOpenAfterMs }),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });

  const repos = {
    patients: new PatientsRepo(cacheDb), audit: new AuditRepo(auditDb), staff: new StaffRepo(practiceDb), book: new BookRepo(cacheDb), outbox: new OutboxRepo(outboxDb),
    rota: new RotaRepo(practiceDb),
  };
  const audit = new AuditService(repos.audit);
  let sync: SyncService | null = null; // the outbox reports to it, and it reads the outbox: tied after both exist
  const outbox = new OutboxService({
    repo: repos.outbox,
    ratePerSecond: () => o.settings.get().nationalApi.rateLimitPerSecond,
    onStatus: () => sync?.publish(),
    ...(o.outboxRetryMs === undefined ? {} : { retryEveryMs: o.outboxRetryMs }),
  });
  sync = new SyncService({ outbox, audit, publish: (s) => events.emit('sync', s) });
  const health = (service: 'pds' | 'appointments' | 'prescriptions', t: FhirTransport) =>
    t.onHealth((state) => {
      events.emit('connectivity', { service, state, since: new Date().toISOString() });
      sync?.health(service, state);
      if (state === 'online' && service !== 'pds') void outbox.kick(); // the service is back: send what waited
    });
  health('pds', transport);
  const system = () => ({ transport: o.transport, workstation: o.settings.get().workstation.name });
  /** Starts the national refreshes once (set by start(); null before and after). */
  let startSync: (() => void) | null = null;
  const auth = new AuthService({
    staff: repos.staff,
    audit,
    publish: (s) => {
      events.emit('session', s);
      if (s.state === 'active') startSync?.(); // someone is signed in at the desk: its book and queue are wanted now
    },
    systemContext: system,
    idleLockMs: () => o.settings.get().session.idleLockMinutes * 60_000,
    simulatedReader: Boolean(o.demoCards),
  });
  const staff = new StaffService(repos.staff, audit);
  const patients = new PatientsService({
    pds: new PdsClient(transport),
    repo: repos.patients,
    audit,
    organisationName,
    // In out-of-hours mode the centre is the end-user organisation PDS is told about.
    odsCode: () => deskOrganisation(o.settings.get(), effectiveMode(o.settings.get())).odsCode,
    ...(o.localCopyClock ? { now: o.localCopyClock } : {}),
  });

  const bookTransport = new FhirTransport({
    baseUrl: o.appointmentsBaseUrl ?? 'http://127.0.0.1:9/not-configured',
    timeoutMs: settings.nationalApi.requestTimeoutMs,
    maxRetryAfterWaitMs: settings.nationalApi.maxRetryAfterWaitMs,
    budgetMs: Math.max(settings.nationalApi.interactiveBudgetMs, settings.nationalApi.maxRetryAfterWaitMs + 500),
    ...(o.halfOpenAfterMs === undefined ? {} : { halfOpenAfterMs: o.halfOpenAfterMs }),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  health('appointments', bookTransport);
  const book = new AppointmentsService({
    repo: repos.book,
    outbox,
    patient: async (nhs, ctx) => {
      const cached = repos.patients.get(nhs)?.patient;
      if (cached) return cached;
      await patients.open(nhs, ctx); // caches it, and audits the look-up
      return repos.patients.get(nhs)?.patient ?? null;
    },
    audit,
    changed: (tables) => events.emit('changed', { tables }),
    waitWarnMinutes: () => o.settings.get().book.waitWarnMinutes,
    ...(o.bookClock ? { now: o.bookClock } : {}),
    national: new AppointmentsClient({
      transport: bookTransport,
      patientName: (nhs) => {
        const p = repos.patients.get(nhs)?.patient.summary;
        return p ? formatPatientName(p) : `Patient ${formatNhsNumber(nhs)}`;
      },
      practice: () => o.settings.get().practice,
    }),
  });
  const bookConfigured = () => {
    if (!o.appointmentsBaseUrl) throw new AppFailure('SERVICE_UNREACHABLE', 'No appointments service is configured for this practice.');
  };
  // Rotas: set-up in practice.db; the book read and generated slots published through the same appointments service.
  const rotaNational: RotaNational | null = o.appointmentsBaseUrl
    ? (() => {
        const reader = new AppointmentsClient({
          transport: bookTransport,
          patientName: (nhs) => {
            const p = repos.patients.get(nhs)?.patient.summary;
            return p ? formatPatientName(p) : `Patient ${formatNhsNumber(nhs)}`;
          },
          practice: () => o.settings.get().practice,
        });
        const publisher = new SlotPublisher(bookTransport);
        return { fetchRange: (f, t) => reader.fetchRange(f, t), publish: (s) => publisher.publish(s), setStatus: (ids, st) => publisher.setStatus(ids, st) };
      })()
    : null;
  const rota = new RotaService({
    repo: repos.rota,
    book: repos.book,
    national: rotaNational,
    refreshBook: () => book.refresh(),
    audit,
    changed: (tables) => events.emit('changed', { tables }),
    now: o.bookClock ?? (() => new Date()),
  });
  // Repeat prescriptions: their own national service and transport; every change through the same outbox.
  const rx = wirePrescriptions({
    baseUrl: o.prescriptionsBaseUrl ?? null,
    cacheDb,
    transport: {
      timeoutMs: settings.nationalApi.requestTimeoutMs,
      maxRetryAfterWaitMs: settings.nationalApi.maxRetryAfterWaitMs,
      ...(o.halfOpenAfterMs === undefined ? {} : { halfOpenAfterMs: o.halfOpenAfterMs }),
      ...(o.fetch ? { fetch: o.fetch } : {}),
    },
    settings: o.settings,
    outbox,
    audit,
    patientsRepo: repos.patients,
    patient: async (nhs, ctx) => {
      const cached = repos.patients.get(nhs)?.patient;
      if (cached) return cached;
      await patients.open(nhs, ctx); // caches it, and audits the look-up
      return repos.patients.get(nhs)?.patient ?? null;
    },
    changed: (tables) => events.emit('changed', { tables }),
    ...(o.bookClock ? { now: o.bookClock } : {}),
    ...(o.bookRefreshMs === undefined ? {} : { refreshMs: o.bookRefreshMs }),
  });
  health('prescriptions', rx.transport);
  // Out-of-hours mode (the encounter board, ooh.db) and booking at other organisations through GP Connect.
  const ooh = wireOoh({
    dataDir: o.dataDir,
    dbKey: o.dbKey,
    settings: o.settings,
    gpConnectRootUrl: o.gpConnectRootUrl ?? null,
    transport: {
      timeoutMs: settings.nationalApi.requestTimeoutMs,
      maxRetryAfterWaitMs: settings.nationalApi.maxRetryAfterWaitMs,
      budgetMs: Math.max(settings.nationalApi.interactiveBudgetMs, settings.nationalApi.maxRetryAfterWaitMs + 500),
      ...(o.halfOpenAfterMs === undefined ? {} : { halfOpenAfterMs: o.halfOpenAfterMs }),
      ...(o.fetch ? { fetch: o.fetch } : {}),
    },
    outbox,
    audit,
    patient: async (nhs, ctx) => {
      const cached = repos.patients.get(nhs)?.patient;
      if (cached) return cached;
      await patients.open(nhs, ctx); // caches it, and audits the look-up
      return repos.patients.get(nhs)?.patient ?? null;
    },
    organisationName,
    changed: (tables) => events.emit('changed', { tables }),
    ...(o.bookClock ? { now: o.bookClock } : {}),
  });
  // The desk serves at once from the local copy; the book's first refresh runs behind, and book reads wait for it
  // only up to the interactive budget (a hung service must not hold the first look at the book).
  let firstRefresh: Promise<void> = Promise.resolve();
  let rxFirstRefresh: Promise<void> = Promise.resolve();

  const bookFirstRefresh = () => {
    startSync?.();
    return Promise.race([firstRefresh, new Promise<void>((r) => setTimeout(r, o.settings.get().nationalApi.interactiveBudgetMs).unref())]);
  };
  let closed = false;
  let bookTimer: NodeJS.Timeout | null = null;
  let changesTimer: NodeJS.Timeout | null = null;
  const refreshBook = () =>
    book
      .refresh()
      .then(() => book.autoDna(system()))
      // A refresh still in flight when the desk closes finds its database gone: nothing to report then.
      .catch((e: unknown) => closed || console.error(`[core] appointment book refresh failed: ${e instanceof Error ? e.message : String(e)}`));

  const demoFaults = (): SandboxFaultSwitches => {
    if (!o.demoFaults) throw new AppFailure('DEMO_ONLY', 'Fault switches are only there in demo mode.');
    return o.demoFaults;
  };
  const demoCards = (): DemoCardControl => {
    if (!o.demoCards) throw new AppFailure('DEMO_ONLY', 'The demo card reader is only there in demo mode.');
    return o.demoCards;
  };

  // Cached patient data expires (issue 9): at start, every few hours, and on demand at sign-out.
  const localCopy = new LocalCopyService({
    repo: new LocalCopyRepo(cacheDb),
    outbox: repos.outbox,
    audit,
    expireAfterDays: () => o.settings.get().localCopy.expireAfterDays,
    now: o.localCopyClock ?? (() => new Date()),
    bookNow: o.bookClock ?? o.localCopyClock ?? (() => new Date()),
    systemContext: system,
    purged: (c) => {
      if (c.rxRequests || c.rxTemplates) rx.repo.forgetKept();
      const tables = [...(c.appointments || c.onlineFeed ? ['appointments'] : []), ...(c.rxRequests || c.rxTemplates ? ['prescriptions'] : [])];
      if (tables.length) events.emit('changed', { tables });
    },
  });

  const dispatch = bind(
    contract,
    handlerTable({ ooh: ooh.board, oohShifts: ooh.shifts, crossOrg: ooh.crossOrg, prescriptions: rx.service, o, auth, audit, staff, patients, book, sync, outbox, demoCards, demoFaults, bookConfigured, bookFirstRefresh, rota, localCopy }),
    { error: (verb, e) => console.error(`[core] ${verb} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`) },
    accessGuard({ audit, isLocked: () => auth.isLocked() }),
  );

  const context = (): CallContext => ({ user: auth.current(), ...system() });

  return {
    dispatch: async (verbName, input) => {
      const result = await dispatch(verbName, input, context());
      if (result.ok && auth.current() && verbName !== 'auth:touch') auth.touch(); // a call is activity
      return result;
    },
    events,
    repos,
    auth,
    localCopy,
    book,
    prescriptions: rx.service,
    ooh: { board: ooh.board, crossOrg: ooh.crossOrg, shifts: ooh.shifts, repo: ooh.repo },
    outbox,
    sync,
    firstRefreshed: () => {
      startSync?.();
      return Promise.all([firstRefresh, rxFirstRefresh]).then(() => undefined);
    },
    async start() {
      await o.reader.start((e) => auth.onReader(e));
      sync?.publish();
      // Changes queued before a restart show at once, even when the service is still down; fetching follows.
      if (o.appointmentsBaseUrl) book.reconcile();
      const beginSync = (): void => {
        if (startSync !== beginSync || closed) return;
        startSync = null;
        clearTimeout(syncTimer);
        if (o.appointmentsBaseUrl) {
          firstRefresh = refreshBook().then(() => void outbox.kick());
          const every = o.bookRefreshMs ?? 60_000;
          if (every > 0) {
            bookTimer = setInterval(() => void refreshBook(), every);
            bookTimer.unref();
            // Between full refreshes, other desks' bookings arrive within seconds through the changes feed.
            changesTimer = setInterval(() => void book.pollChanges().catch(() => undefined), Math.min(every, 5_000));
            changesTimer.unref();
          }
        }
        // An out-of-hours desk neither shows nor keeps the practice's prescription queue (its patients' names included).
        // Not awaited, like the book: the desk answers from its local copy at once and the queue follows when fetched.
        if (effectiveMode(o.settings.get()) !== 'out-of-hours') rxFirstRefresh = rx.start();
      };
      startSync = beginSync;
      const syncTimer = setTimeout(beginSync, o.deferFirstRefreshMs ?? 0);
      syncTimer.unref();
      localCopy.start(o.localCopyExpiryEveryMs);
    },
    async close() {
      closed = true;
      if (bookTimer) clearInterval(bookTimer);
      if (changesTimer) clearInterval(changesTimer);
      rx.stop();
      localCopy.stop();
      auth.stop();
      await outbox.close();
      ooh.close();
      await o.reader.stop();
      outboxDb.close();
      cacheDb.close();
      auditDb.close();
      practiceDb.close();
    },
  };
}
