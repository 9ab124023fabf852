import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Core } from '../../electron/core/core';
import type { AuditRow } from '../../electron/core/db/repos/audit.repo';
import { SCENARIO, startSandbox, type Sandbox } from '../../electron/sandbox';
import type { SessionState } from '../../shared/contract/auth';
import type { PatientRecord, SearchOutcome } from '../../shared/contract/patients';
import type { Result } from '../../shared/result';
import { coreHarness, type Harness } from '../helpers/core.harness';
import { openDeskFile } from '../helpers/db-key';
import { useTempDir } from '../helpers/temp-dir';

/**
 * Cached patient data expires (issue 9), through the whole core on real SQLite files and the sandbox over HTTP: records
 * not viewed for `localCopy.expireAfterDays` go (at start and on each run), and "Sign out and clear this PC's copy"
 * empties the cache, audited with counts only.
 */
const temp = useTempDir();
const DAY_MS = 86_400_000;
const SAM = { card: '04A1B2C3', passcode: '123456', userId: '555000000101' };
let sandbox: Sandbox;
const cores: Core[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000 });
});
afterAll(async () => sandbox.close());
afterEach(async () => {
  sandbox.faults.reset();
  for (const c of cores.splice(0)) await c.close();
});

/** A fake clock for the local copy: the real time moved on by `days`. */
function fakeClock() {
  let days = 0;
  return { now: () => new Date(Date.now() + days * DAY_MS), set: (d: number) => void (days = d) };
}

async function desk(o: { dataDir?: string; clock?: () => Date; expireAfterDays?: number; signIn?: boolean } = {}): Promise<Harness & { dataDir: string }> {
  const dataDir = o.dataDir ?? temp();
  const h = await coreHarness({
    dataDir,
    pdsBaseUrl: sandbox.baseUrl,
    halfOpenAfterMs: 100,
    ...(o.clock ? { localCopyClock: o.clock } : {}),
    ...(o.expireAfterDays ? { settings: { localCopy: { expireAfterDays: o.expireAfterDays } } } : {}),
  });
  cores.push(h.core);
  if (o.signIn !== false) await h.signIn(SAM.card, SAM.passcode);
  return { ...h, dataDir };
}

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const open = (h: Harness, nhsNumber: string) => h.call<PatientRecord>('patients:open', { nhsNumber });
const search = (h: Harness, text: string) => h.call<SearchOutcome>('patients:search', { text, fuzzy: false });
const auditRows = (c: Core): AuditRow[] => [...c.repos.audit.all()];

/** Every row of every ordinary table of the desk's cache.db (the full-text index's shadow tables too), lower-cased. */
function cacheText(dataDir: string): string {
  const db = openDeskFile(join(dataDir, 'cache.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'").pluck().all() as string[];
    return tables
      .map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).raw().all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)))
      .join('\n')
      .toLowerCase();
  } finally {
    db.close();
  }
}

describe('cached patient data expires', () => {
  it('purges a record viewed 31 days ago, keeps one viewed 29 days ago, and the purged one is in no table and no search', async () => {
    const clock = fakeClock();
    const h = await desk({ clock: clock.now });
    value(await open(h, SCENARIO.supersededOld)); // Jane Cuff, through her old number: a superseded mapping is cached too
    clock.set(2);
    value(await open(h, SCENARIO.tunney)); // Harold Tunney
    clock.set(31);
    const counts = h.core.localCopy.purgeExpired();
    expect(counts).toMatchObject({ patients: 1, supersededNumbers: 1 });
    expect(h.core.repos.patients.get(SCENARIO.supersededNew)).toBeNull();
    expect(h.core.repos.patients.get(SCENARIO.supersededOld)).toBeNull();
    expect(h.core.repos.patients.get(SCENARIO.tunney)).not.toBeNull();
    // The run is audited as the desk's own, with counts and no patient detail.
    const expired = auditRows(h.core).filter((r) => r.action === 'local-copy.expire');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ nhsNumber: null, outcome: 'ok', detail: expect.stringMatching(/^days=30 patients=1 superseded=1 /) });

    // With the national service away, only the local copy answers: it no longer knows her.
    sandbox.faults.set({ outage: true });
    expect(value(await search(h, 'Cuff 07/01/1926'))).toMatchObject({ source: 'local', results: [] });
    expect(value(await search(h, SCENARIO.supersededNew))).toMatchObject({ source: 'local', results: [] });
    expect(value(await search(h, 'DN20 0PQ'))).toMatchObject({ source: 'local', results: [] });
    expect(await open(h, SCENARIO.supersededNew)).toMatchObject({ ok: false, error: { code: 'SERVICE_UNREACHABLE', message: expect.stringMatching(/not in the local copy/) } });
    expect(value(await search(h, 'Tunney 14/03/1985')).results.map((r) => r.nhsNumber)).toEqual([SCENARIO.tunney]);

    await h.core.close();
    cores.splice(0);
    const text = cacheText(h.dataDir);
    expect(text).toContain('tunney'); // the dump sees names…
    for (const trace of ['cuff', SCENARIO.supersededNew, SCENARIO.supersededOld, 'dn20', 'church lane']) expect(text).not.toContain(trace); // …but not hers
  });

  it('runs at start, over the window the setting gives', async () => {
    const clock = fakeClock();
    const first = await desk({ clock: clock.now, expireAfterDays: 7 });
    value(await open(first, SCENARIO.tunney));
    clock.set(2);
    value(await open(first, SCENARIO.janeSmith));
    await first.core.close();
    cores.splice(0);

    clock.set(8); // Tunney was seen 8 days ago, Jane Smith 6: over and under the practice's 7 days
    const next = await desk({ dataDir: first.dataDir, clock: clock.now, expireAfterDays: 7, signIn: false });
    expect(next.core.repos.patients.get(SCENARIO.tunney)).toBeNull();
    expect(next.core.repos.patients.get(SCENARIO.janeSmith)).not.toBeNull();
    expect(auditRows(next.core).filter((r) => r.action === 'local-copy.expire').map((r) => r.detail)).toEqual([expect.stringMatching(/^days=7 patients=1 /)]);
    // With the default 30 days the same records would both have stayed.
    expect(next.core.localCopy.purgeExpired().patients).toBe(0);
  });

  it('signs out and clears this PC’s copy for any signed-in user, audited; refused when nobody is signed in or the desk is locked', async () => {
    const h = await desk({ signIn: false });
    expect(await h.call('auth:sign-out-and-clear')).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });

    await h.signIn(SAM.card, SAM.passcode); // a receptionist: the least privileged role
    value(await open(h, SCENARIO.janeSmith));
    value(await open(h, SCENARIO.supersededOld));
    value(await search(h, 'Tunney 14/03/1985'));
    const held = h.core.repos.patients.count();
    expect(held).toBeGreaterThanOrEqual(3);

    // Locked (card out): nobody at the desk may clear it.
    await h.reader.withdraw();
    await h.core.auth.settled();
    expect(await h.call('auth:sign-out-and-clear')).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    expect(h.core.repos.patients.count()).toBe(held);
    const refusals = auditRows(h.core).filter((r) => r.action === 'refused' && r.detail.startsWith('verb=auth:sign-out-and-clear'));
    expect(refusals).toHaveLength(2);

    await h.reader.present(SAM.card);
    await h.core.auth.settled();
    expect(value(await h.call<SessionState>('auth:passcode', { passcode: SAM.passcode }))).toMatchObject({ state: 'active' });
    const state = value(await h.call<SessionState>('auth:sign-out-and-clear'));
    expect(state.state).toBe('card-presented'); // signed out; the card is still on the reader
    expect(h.core.auth.current()).toBeNull();
    expect(h.core.repos.patients.count()).toBe(0);

    const rows = auditRows(h.core);
    const cleared = rows.filter((r) => r.action === 'local-copy.clear');
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatchObject({ userId: SAM.userId, roleCode: 'R8009', nhsNumber: null, outcome: 'ok', detail: `patients=${held} superseded=1 appointments=0 online-feed=0 rx-requests=0 rx-templates=0 outbox-settled=0` });
    expect(cleared[0]!.detail).not.toMatch(/smith|tunney|cuff|\d{10}/i);
    // Cleared, then signed out.
    expect(rows.slice(rows.indexOf(cleared[0]!) + 1).map((r) => r.action)).toEqual(['session.end']);

    // The next person, offline, finds nothing of it.
    expect(value(await h.call<SessionState>('auth:passcode', { passcode: SAM.passcode }))).toMatchObject({ state: 'active' });
    sandbox.faults.set({ outage: true });
    expect(value(await search(h, SCENARIO.janeSmith))).toMatchObject({ source: 'local', results: [] });
    expect(value(await search(h, 'Tunney 14/03/1985'))).toMatchObject({ source: 'local', results: [] });
    await h.core.close();
    cores.splice(0);
    const text = cacheText(h.dataDir);
    for (const trace of ['smith', 'tunney', 'cuff', SCENARIO.janeSmith, SCENARIO.tunney]) expect(text).not.toContain(trace);
  });
});
