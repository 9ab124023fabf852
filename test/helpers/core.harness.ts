import { createCore, type Core } from '../../electron/core/core';
import { seedDemoStaff } from '../../electron/core/demo/demo-staff';
import { SimulatedCardReader } from '../../electron/core/devices';
import { defaultSettings, type Settings, type SettingsStore } from '../../electron/core/settings/settings.schema';
import type { SessionState } from '../../shared/contract/auth';
import type { Result } from '../../shared/result';
import type { DbKey } from '../../electron/core/db/connection';
import { prepareDataKey } from '../../electron/core/security/data-key';
import { keyFileVault } from '../../electron/core/security/key-vault';

export interface Harness {
  core: Core;
  reader: SimulatedCardReader;
  /** The data folder's key (kept in its key file, as the browser host keeps it), for tests that open the files themselves. */
  dbKey: DbKey;
  /** Present a demo card, enter its passcode (and pick a role when asked); resolves to the session state. */
  signIn(cardId: string, passcode: string, roleProfileId?: string): Promise<SessionState>;
  call<T>(verb: string, input?: unknown): Promise<Result<T>>;
}

/** The whole core on real SQLite files, demo staff, and the simulated reader sending real HID report bytes. */
export async function coreHarness(o: {
  dataDir: string;
  pdsBaseUrl: string;
  settings?: Partial<Settings>;
  halfOpenAfterMs?: number;
  fetch?: typeof fetch;
  /** The sandbox's appointments base URL, to run the appointment book; null leaves it unconfigured. */
  appointmentsBaseUrl?: string | null;
  /** The sandbox's prescriptions base URL, to run the repeat-prescription queue; omitted leaves it unconfigured. */
  prescriptionsBaseUrl?: string | null;
  bookClock?: () => Date;
  outboxRetryMs?: number;
  /** The sandbox's GP Connect root (origin + /gpconnect), for booking at other organisations; omitted leaves it unconfigured. */
  gpConnectRootUrl?: string | null;
  /** The local copy's expiry clock (records are stamped "seen" with it too); default the real clock. */
  localCopyClock?: () => Date;
  /** Hold the first national refreshes (as the hosts do); the harness then does not wait for them. */
  deferFirstRefreshMs?: number;
}): Promise<Harness> {
  const s: Settings = { ...defaultSettings(), ...o.settings };
  const settings: SettingsStore = { get: () => s, update: () => s };
  const reader = new SimulatedCardReader();
  const { key: dbKey } = await prepareDataKey({ dataDir: o.dataDir, vault: keyFileVault(o.dataDir) });
  const core = createCore({
    dataDir: o.dataDir, dbKey, settings, transport: 'browser-host', pdsBaseUrl: o.pdsBaseUrl, nationalLabel: 'test', demo: true, version: 'test',
    reader, demoCards: { present: (id) => void reader.present(id), withdraw: () => void reader.withdraw() },
    ...(o.halfOpenAfterMs === undefined ? {} : { halfOpenAfterMs: o.halfOpenAfterMs }),
    ...(o.fetch ? { fetch: o.fetch } : {}),
    appointmentsBaseUrl: o.appointmentsBaseUrl ?? null,
    prescriptionsBaseUrl: o.prescriptionsBaseUrl ?? null,
    ...(o.bookClock ? { bookClock: o.bookClock } : {}),
    bookRefreshMs: 0,
    ...(o.outboxRetryMs === undefined ? {} : { outboxRetryMs: o.outboxRetryMs }),
    ...(o.gpConnectRootUrl ? { gpConnectRootUrl: o.gpConnectRootUrl } : {}),
    ...(o.localCopyClock ? { localCopyClock: o.localCopyClock } : {}),
    ...(o.deferFirstRefreshMs === undefined ? {} : { deferFirstRefreshMs: o.deferFirstRefreshMs }),
  });
  await seedDemoStaff(core.repos.staff);
  await core.start();
  // Tests start from a refreshed book and queue, as a desk is a moment after start (unless they study the deferral).
  if (o.deferFirstRefreshMs === undefined) await core.firstRefreshed();
  const call = <T,>(verb: string, input: unknown = {}) => core.dispatch(verb, input) as Promise<Result<T>>;
  return {
    core,
    reader,
    dbKey,
    call,
    async signIn(cardId, passcode, roleProfileId) {
      await reader.present(cardId);
      await waitFor(() => core.auth.state().state === 'card-presented');
      let r = await call<SessionState>('auth:passcode', { passcode });
      if (r.ok && r.value.state === 'choose-role' && roleProfileId) r = await call<SessionState>('auth:choose-role', { roleProfileId });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
  };
}

export async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
