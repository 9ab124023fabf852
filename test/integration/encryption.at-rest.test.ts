import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runHost, type RunningHost } from '../../electron/host/host.run';
import type { FhirPatient } from '../../electron/core/national/fhir.schemas';
import { openDeskFile } from '../helpers/db-key';
import { useTempDir } from '../helpers/temp-dir';

/**
 * Issue 9: a copied cache.db or outbox.db reveals no patient. The desk is started as `npm run web` starts it (runHost:
 * key file, embedded sandbox, the demo practice seeded into the local copy), used, then stopped; the files are then
 * read as a thief with a copy would read them.
 */
const temp = useTempDir('reception-at-rest-');
let running: RunningHost | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
  vi.restoreAllMocks();
});

const SAM = { cardId: '04A1B2C3', passcode: '123456' };

async function useDesk(dataDir: string): Promise<{ patients: FhirPatient[]; said: string[] }> {
  const said: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void said.push(args.map(String).join(' ')));
  running = await runHost({ rendererDir: temp(), port: 0, env: { RECEPTION_DATA_DIR: dataDir, RECEPTION_SANDBOX_ONLINE_PER_HOUR: '0' } });
  const origin = running.sandboxUrl!;
  const patients = (await (await fetch(`${origin}/_sandbox/demo-practice-patients`)).json()) as FhirPatient[];
  const core = running.core;
  await core.dispatch('demo:present-card', { cardId: SAM.cardId });
  await expect.poll(() => core.auth.state().state).toBe('card-presented');
  const signed = await core.dispatch('auth:passcode', { passcode: SAM.passcode });
  expect(signed.ok).toBe(true);
  // Open a few records in full (phone numbers and addresses cached) and search by name.
  for (const p of patients.slice(0, 5)) expect((await core.dispatch('patients:open', { nhsNumber: p.id })).ok).toBe(true);
  const first = patients[0]!;
  const [y, m, d] = (first.birthDate ?? '').split('-');
  const found = await core.dispatch('patients:search', { text: `${first.name?.[0]?.family ?? ''} ${d}/${m}/${y}`, fuzzy: false });
  expect(found).toMatchObject({ ok: true });
  return { patients, said };
}

/** Every name, NHS number and postcode of the demo data that must not be readable in a copied file. */
function secrets(patients: readonly FhirPatient[]): string[] {
  const out = new Set<string>();
  for (const p of patients.slice(0, 200)) {
    out.add(p.id);
    for (const n of p.name ?? []) if (n.family && n.family.length >= 5) out.add(n.family);
    for (const a of p.address ?? []) if (a.postalCode) out.add(a.postalCode);
  }
  return [...out];
}

describe('the local copy at rest', () => {
  it('reveals no demo patient name, NHS number or postcode in any file, and plain SQLite cannot open it', async () => {
    const dataDir = temp();
    const { patients, said } = await useDesk(dataDir);
    const cached = running!.core.repos.patients.count();
    expect(cached).toBeGreaterThan(100); // the demo practice list really is in the local copy
    await running!.stop();
    running = null;

    // The browser host said where its key is, and the key file is private to this user.
    expect(said.join('\n')).toMatch(/local copy is encrypted; its key is in .*local-copy\.key, readable only by this user/);
    expect(statSync(join(dataDir, 'local-copy.key')).mode & 0o077).toBe(0);

    const files = readdirSync(dataDir).filter((f) => /\.db(-wal)?$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['cache.db', 'outbox.db', 'audit.db', 'practice.db']));
    const needles = secrets(patients);
    expect(needles.length).toBeGreaterThan(300);
    for (const f of files) {
      const bytes = readFileSync(join(dataDir, f)).toString('latin1');
      const found = needles.filter((n) => bytes.includes(n));
      expect({ file: f, found }).toEqual({ file: f, found: [] });
      if (!f.endsWith('-wal') && bytes.length > 0) expect(bytes.startsWith('SQLite format 3')).toBe(false);
    }
    // Plain SQLite (no key) refuses every file.
    for (const f of files.filter((x) => x.endsWith('.db'))) {
      const plain = new Database(join(dataDir, f), { readonly: true });
      expect(() => plain.prepare('SELECT count(*) FROM sqlite_schema').get()).toThrow(/file is not a database/);
      plain.close();
    }
    // With the key, the desk reads them: the cached patients are all there, names included.
    const cache = openDeskFile(join(dataDir, 'cache.db'), { readonly: true });
    expect(cache.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(cached);
    const family = patients[0]!.name?.[0]?.family;
    expect(cache.prepare('SELECT count(*) FROM patients WHERE family = ?').pluck().get(family)).toBeGreaterThan(0);
    // The full-text search index works on the encrypted file.
    expect(cache.prepare('SELECT count(*) FROM patients_fts WHERE patients_fts MATCH ?').pluck().get(`family:"${family}"`)).toBeGreaterThan(0);
    cache.close();
  });

  it('the bookings in outbox.db are unreadable without the key and intact with it', async () => {
    const dataDir = temp();
    const { patients } = await useDesk(dataDir);
    const core = running!.core;
    // Every booking is committed to the outbox, on disk, before the desk says it is saved.
    const free = await core.dispatch('book:find-free', { limit: 5 });
    expect(free.ok).toBe(true);
    const slot = (free.ok ? (free.value as { id: string }[]) : [])[0]!;
    const patient = patients.find((p) => !p.deceasedDateTime)!;
    const booked = await core.dispatch('book:book', { slotId: slot.id, nhsNumber: patient.id, reason: 'Review', contactPreference: 'phone' });
    expect(booked.ok).toBe(true);
    await running!.stop();
    running = null;

    const raw = ['outbox.db', 'outbox.db-wal'].filter((f) => existsSync(join(dataDir, f))).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('');
    expect(raw).not.toContain(patient.id);
    const outbox = openDeskFile(join(dataDir, 'outbox.db'), { readonly: true });
    const payloads = outbox.prepare('SELECT payload FROM outbox').pluck().all() as string[];
    outbox.close();
    expect(payloads.some((p) => p.includes(patient.id))).toBe(true);
  });
});
