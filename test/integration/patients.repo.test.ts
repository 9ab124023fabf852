import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { TEST_DB_KEY } from '../helpers/db-key';
import { migrate } from '../../electron/core/db/migrate';
import { cacheMigrations } from '../../electron/core/db/migrations/cache.migrations';
import { PatientsRepo, type CachedPatient } from '../../electron/core/db/repos/patients.repo';
import { useTempDir } from '../helpers/temp-dir';

const temp = useTempDir();

function patient(over: Partial<CachedPatient['summary']> = {}, extra: Partial<CachedPatient> = {}): CachedPatient {
  return {
    summary: {
      nhsNumber: '9000000009', prefix: ['Mrs'], given: ['Jane'], family: 'Smith', birthDate: '1985-03-12', gender: 'female',
      deceasedDate: null, restricted: false, address: { lines: ['1 Trevelyan Square', 'Leeds'], postcode: 'LS1 6AE' },
      gpOdsCode: 'Y90001', score: null, ...over,
    },
    telecom: [{ system: 'phone', value: '01632960587', use: 'home' }],
    versionId: '2',
    detail: 'full',
    fetchedAt: '2026-11-25T09:00:00.000Z',
    ...extra,
  };
}

/** `plain`: no encryption, so a test can look for leftovers in the file's bytes (secure delete works beneath the cipher). */
function open(o: { plain?: boolean } = {}) {
  const file = join(temp(), 'cache.db');
  const db = openDatabase(file, { synchronous: 'NORMAL', migrations: cacheMigrations, key: o.plain ? null : TEST_DB_KEY });
  return { db, repo: new PatientsRepo(db), file };
}

describe('cache.db patients (real SQLite file)', () => {
  it('runs in WAL mode with its migrations recorded, and refuses an edited migration', () => {
    const { db } = open();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version, name FROM _migrations').all()).toEqual([
      { version: 1, name: 'patients' },
      { version: 2, name: 'appointment-book' },
      { version: 3, name: 'prescription-queue' },
      { version: 4, name: 'online-feed' },
      { version: 5, name: 'patients-dob-surname-index' },
      { version: 6, name: 'patients-last-seen' },
      { version: 7, name: 'patients-last-seen-index' },
    ]);
    const edited = [{ ...cacheMigrations[0]!, sql: cacheMigrations[0]!.sql + '\n-- changed' }, ...cacheMigrations.slice(1)];
    expect(() => migrate(db, edited)).toThrow(/changed after it was applied/);
    // An older build meeting a newer file refuses rather than guessing.
    expect(() => migrate(db, cacheMigrations.slice(0, 1))).toThrow(/newer version/);
  });

  it('finds a patient by surname prefix + date of birth, with an optional first-name prefix', () => {
    const { repo } = open();
    repo.upsert([
      patient(),
      patient({ nhsNumber: '9000000017', given: ['Jayne'], family: 'Smyth' }),
      patient({ nhsNumber: '9434765919', given: ['Ann'], family: 'Smithers', birthDate: '1990-01-01' }),
    ]);
    const smi = repo.findByDemographics({ familyPrefix: 'smi', birthDate: '1985-03-12', limit: 50 });
    expect(smi.map((p) => p.summary.nhsNumber)).toEqual(['9000000009']);
    const sm = repo.findByDemographics({ familyPrefix: 'Sm', givenPrefix: 'jay', birthDate: '1985-03-12', limit: 50 });
    expect(sm.map((p) => p.summary.nhsNumber)).toEqual(['9000000017']);
    expect(repo.findBySoundsLike({ family: 'Smythe', birthDate: '1985-03-12', limit: 50 }).length).toBe(2);
  });

  it('finds by full or partial postcode through FTS5', () => {
    const { repo } = open();
    repo.upsert([patient(), patient({ nhsNumber: '9434765919', address: { lines: ['2 Park Row'], postcode: 'LS2 7HA' } })]);
    expect(repo.findByPostcode('LS1 6AE', 10).map((p) => p.summary.nhsNumber)).toEqual(['9000000009']);
    expect(repo.findByPostcode('LS2', 10).map((p) => p.summary.nhsNumber)).toEqual(['9434765919']);
  });

  it('never stores a location for a restricted patient, even if one is passed, and purges it when a record becomes restricted', () => {
    const { repo, db, file } = open({ plain: true });
    repo.upsert([patient()]);
    repo.upsert([patient({ restricted: true }, { telecom: [{ system: 'phone', value: '01632960587', use: 'home' }] })]);
    const got = repo.get('9000000009')!.patient;
    expect(got.summary.restricted).toBe(true);
    expect(got.summary.address).toBeNull();
    expect(got.summary.gpOdsCode).toBeNull();
    expect(got.telecom).toEqual([]);
    // The database itself refuses a restricted row with a location.
    expect(() =>
      db.prepare(`INSERT INTO patients (nhs_number, restricted, address_json, detail, fetched_at) VALUES ('9434765919', 1, '{}', 'full', 'x')`).run(),
    ).toThrow(/CHECK constraint/);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.close();
    const bytes = readFileSync(file).toString('latin1');
    expect(bytes).not.toContain('Trevelyan');
    expect(bytes).not.toContain('LS1 6AE');
    expect(bytes.toLowerCase()).not.toContain('6ae');
  });

  it('keeps phone numbers from a full read when a later search result (which has none) refreshes the row', () => {
    const { repo } = open();
    repo.upsert([patient()]);
    repo.upsert([patient({}, { detail: 'summary', telecom: [] })]);
    expect(repo.get('9000000009')!.patient.telecom).toHaveLength(1);
    expect(repo.get('9000000009')!.patient.detail).toBe('full');
  });

  it('follows a superseded NHS number to the current record', () => {
    const { repo } = open();
    repo.upsert([patient()]);
    repo.recordSuperseded('9434765919', '9000000009');
    expect(repo.get('9434765919')).toMatchObject({ supersededFrom: '9434765919', patient: { summary: { nhsNumber: '9000000009' } } });
  });
});
