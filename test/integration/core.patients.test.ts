import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Core } from '../../electron/core/core';
import { defaultSettings } from '../../electron/core/settings/settings.schema';
import { SCENARIO, startSandbox, type Sandbox } from '../../electron/sandbox';
import type { PatientRecord, SearchOutcome } from '../../shared/contract/patients';
import type { Result } from '../../shared/result';
import { coreHarness } from '../helpers/core.harness';
import { openDeskFile } from '../helpers/db-key';
import { useTempDir } from '../helpers/temp-dir';

const SAM = { userId: '555000000101', roleProfileId: '555000000102' };

/** The whole core (real SQLite files, real sandbox over HTTP) driven through its dispatch, as a transport does. */
const temp = useTempDir();
let sandbox: Sandbox;
const cores: Core[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000 });
});
afterAll(async () => sandbox.close());
afterEach(() => {
  sandbox.faults.reset();
  for (const c of cores.splice(0)) void c.close();
});

/** A core with Sam Taylor (receptionist) signed in through the simulated card reader. */
async function core(dataDir = temp()): Promise<{ core: Core; dataDir: string }> {
  const h = await coreHarness({ dataDir, pdsBaseUrl: sandbox.baseUrl, halfOpenAfterMs: 100 });
  cores.push(h.core);
  await h.signIn('04A1B2C3', '123456');
  return { core: h.core, dataDir };
}

const search = (c: Core, text: string, fuzzy = false) => c.dispatch('patients:search', { text, fuzzy }) as Promise<Result<SearchOutcome>>;
const open = (c: Core, nhsNumber: string) => c.dispatch('patients:open', { nhsNumber }) as Promise<Result<PatientRecord>>;
const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('patient lookup through the core', () => {
  it('opens 9000000009 from the national service and audits who opened it, from where', async () => {
    const { core: c } = await core();
    const rec = value(await open(c, SCENARIO.janeSmith));
    expect(rec).toMatchObject({ nhsNumber: '9000000009', family: 'Smith', source: 'national', gpOdsCode: 'Y12345', deceasedDate: '2010-10-22' });
    expect(rec.gpName).toBe('PDS sandbox example practice');
    const rows = c.repos.audit.listForPatient('9000000009');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'patient.view', outcome: 'ok', userId: SAM.userId, roleCode: 'R8009', roleProfileId: SAM.roleProfileId,
      transport: 'browser-host', workstation: defaultSettings().workstation.name,
    });
    expect(rows[0]!.detail).not.toMatch(/smith|jane|ls1/i);
  });

  it('shows a restricted record with no location, and never writes one to disk', async () => {
    const { core: c, dataDir } = await core();
    const rec = value(await open(c, SCENARIO.janetSmythe));
    expect(rec).toMatchObject({ restricted: true, address: null, gpOdsCode: null, gpName: null, telecom: [] });
    value(await search(c, 'Smythe Janet 16/06/2005'));
    await c.close();
    cores.splice(0);
    // The file is encrypted: read every table (the full-text index's shadow tables too) through the desk's key.
    const db = openDeskFile(join(dataDir, 'cache.db'), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'").pluck().all() as string[];
    const raw = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).raw().all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v))).join('\n');
    db.close();
    expect(raw).toContain('9000000025'); // the record is cached…
    expect(raw).not.toMatch(/"postcode":"[A-Z]/); // …with no address
  });

  it('opens the current record for a superseded number and says which number was asked for', async () => {
    const { core: c } = await core();
    const rec = value(await open(c, SCENARIO.supersededOld));
    expect(rec.nhsNumber).toBe(SCENARIO.supersededNew);
    expect(rec.supersededNhsNumber).toBe(SCENARIO.supersededOld);
  });

  it('searches by surname + date of birth, best match first, and caches what it found', async () => {
    const { core: c } = await core();
    const out = value(await search(c, 'Sm* 22/10/2010'));
    expect(out.source).toBe('national');
    expect(out.results.map((r) => r.nhsNumber)).toEqual(expect.arrayContaining(['9000000009', '9000000017']));
    const scores = out.results.map((r) => r.score ?? 0);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(c.repos.patients.get('9000000017')).not.toBeNull();
  });

  it('answers in plain words for too many matches, not found, invalid input and a busy service', async () => {
    const { core: c } = await core();
    expect(await search(c, 'Youds 24/01/1970')).toMatchObject({ ok: true }); // 4 is within 50
    expect(await open(c, '9111231130')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No patient has NHS number 911 123 1130.' } });
    expect(await search(c, '9000000000')).toMatchObject({ ok: false, error: { code: 'INVALID_SEARCH', message: expect.stringMatching(/check digit/) } });
    expect(await search(c, 'Smith 22/10/2010', true)).toMatchObject({ ok: false, error: { code: 'INVALID_SEARCH', message: expect.stringMatching(/first name/) } });
    sandbox.faults.set({ status: 429, retryAfterSeconds: 20 });
    expect(await search(c, 'Smith 22/10/2010')).toMatchObject({ ok: false, error: { code: 'SERVICE_BUSY', retryAfterSeconds: 20, message: expect.stringMatching(/20 seconds/) } });
  });

  it('answers from the local copy, with its age, when the national service is unreachable', async () => {
    const { core: c } = await core();
    value(await search(c, '9000000009'));
    sandbox.faults.set({ outage: true });
    const out = value(await search(c, '900 000 0009'));
    expect(out).toMatchObject({ source: 'local', results: [{ nhsNumber: '9000000009' }] });
    expect(out.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(out.notice).toMatch(/not answering/);
    const rec = value(await open(c, '9000000009'));
    expect(rec.source).toBe('local');
    expect(c.repos.audit.listForPatient('9000000009').at(-1)).toMatchObject({ outcome: 'ok', detail: 'source=local' });
    expect(await open(c, SCENARIO.jayneSmyth)).toMatchObject({ ok: false, error: { code: 'SERVICE_UNREACHABLE', message: expect.stringMatching(/not in the local copy/) } });
  });

  it('postcode searches answer from the local copy and say why', async () => {
    const { core: c } = await core();
    value(await open(c, '9000000009'));
    const out = value(await search(c, 'LS1 6AE'));
    expect(out.source).toBe('local');
    expect(out.results.map((r) => r.nhsNumber)).toContain('9000000009');
    expect(out.notice).toMatch(/surname and date of birth/);
  });

  it('audit rows are append-only and chained', async () => {
    const { core: c, dataDir } = await core();
    value(await open(c, '9000000009'));
    value(await open(c, '9000000017'));
    const a = c.repos.audit.listForPatient('9000000009')[0]!;
    const b = c.repos.audit.listForPatient('9000000017')[0]!;
    expect(b.prevHash).toBe(a.hash);
    const db = openDeskFile(join(dataDir, 'audit.db'));
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_events SET user_name = 'x'").run()).toThrow(/append-only/);
    db.close();
  });
});
