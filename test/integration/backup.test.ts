import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadOnly } from '../../electron/core/db/connection';
import { BackupError, backupLocalCopy, restoreLocalCopy } from '../../electron/core/security/backup';
import { prepareDataKey } from '../../electron/core/security/data-key';
import { keyFileVault } from '../../electron/core/security/key-vault';
import { SCENARIO, startSandbox, type Sandbox } from '../../electron/sandbox';
import { coreHarness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

/**
 * Backing up and restoring a desk (README: Practice deployment guide). The desk's files come from the real core: a
 * receptionist signs in and opens a record, so practice.db, audit.db and outbox.db hold what a day leaves behind.
 */
const temp = useTempDir('reception-backup-');
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000 });
});
afterAll(async () => sandbox.close());

const PASSPHRASE = 'riverside practice backup 2026';

async function usedDesk(): Promise<{ dir: string; key: Buffer }> {
  const dir = temp();
  const h = await coreHarness({ dataDir: dir, pdsBaseUrl: sandbox.baseUrl });
  await h.signIn('04A1B2C3', '123456');
  const r = await h.call('patients:open', { nhsNumber: SCENARIO.janeSmith });
  expect(r.ok).toBe(true);
  await h.core.close();
  return { dir, key: h.dbKey };
}
const auditViews = (dir: string, key: Buffer) => {
  const db = openReadOnly(join(dir, 'audit.db'), key);
  const n = db.prepare("SELECT count(*) FROM audit_events WHERE action = 'patient.view' AND nhs_number = ?").pluck().get(SCENARIO.janeSmith) as number;
  db.close();
  return n;
};

describe('backup and restore', () => {
  it('backs up everything but the rebuildable cache, under the passphrase, and restores it on another PC with its own key', async () => {
    const { dir, key } = await usedDesk();
    const to = join(temp(), 'backup');
    const m = backupLocalCopy({ dataDir: dir, key, to, passphrase: PASSPHRASE });
    expect(m.files.map((f) => f.name).sort()).toEqual(['audit.db', 'ooh.db', 'outbox.db', 'practice.db']);
    expect(readdirSync(to).sort()).toEqual(['audit.db', 'manifest.json', 'ooh.db', 'outbox.db', 'practice.db']);
    // The backup holds no plaintext, and the desk's own key does not open it (only the passphrase does).
    expect(readFileSync(join(to, 'audit.db')).toString('latin1')).not.toContain(SCENARIO.janeSmith);
    expect(() => openReadOnly(join(to, 'audit.db'), key).prepare('SELECT 1 FROM audit_events').get()).toThrow(/cannot be opened/);

    // Another PC: a new data folder with a key of its own.
    const other = temp();
    const otherKey = (await prepareDataKey({ dataDir: other, vault: keyFileVault(other) })).key;
    expect(otherKey.equals(key)).toBe(false);
    const r = restoreLocalCopy({ dataDir: other, key: otherKey, from: to, passphrase: PASSPHRASE });
    expect(r.restored.sort()).toEqual(['audit.db', 'ooh.db', 'outbox.db', 'practice.db']);
    expect(auditViews(other, otherKey)).toBe(1);
    // The restored desk starts on them: the audit of who viewed the record came back with it.
    const h = await coreHarness({ dataDir: other, pdsBaseUrl: sandbox.baseUrl });
    expect(h.core.repos.audit.listForPatient(SCENARIO.janeSmith)).toHaveLength(1);
    expect((await h.signIn('04A1B2C3', '123456')).state).toBe('active');
    await h.core.close();
  });

  it('a wrong passphrase or a changed backup file is refused, and nothing at the desk is replaced', async () => {
    const { dir, key } = await usedDesk();
    const to = join(temp(), 'backup');
    backupLocalCopy({ dataDir: dir, key, to, passphrase: PASSPHRASE });
    const target = temp();
    const targetKey = (await prepareDataKey({ dataDir: target, vault: keyFileVault(target) })).key;
    expect(() => restoreLocalCopy({ dataDir: target, key: targetKey, from: to, passphrase: 'not the passphrase at all' })).toThrow(/passphrase does not open this backup/);
    expect(readdirSync(target).filter((f) => f.endsWith('.db') || f.includes('restor'))).toEqual([]);
    const bytes = readFileSync(join(to, 'practice.db'));
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
    writeFileSync(join(to, 'practice.db'), bytes);
    expect(() => restoreLocalCopy({ dataDir: target, key: targetKey, from: to, passphrase: PASSPHRASE })).toThrow(BackupError);
    expect(() => restoreLocalCopy({ dataDir: target, key: targetKey, from: to, passphrase: PASSPHRASE })).toThrow(/changed since the backup was made/);
  });

  it('npm run local-copy backs up and restores from the command line, keeping what it replaced; the restored audit still verifies', async () => {
    const { dir } = await usedDesk();
    const tsx = resolve(__dirname, '../../node_modules/.bin/tsx');
    const cli = resolve(__dirname, '../../electron/core/security/local-copy.cli.ts');
    const env = { ...process.env, RECEPTION_BACKUP_PASSPHRASE: PASSPHRASE };
    const to = join(temp(), 'backup');
    expect(execFileSync(tsx, [cli, 'backup', '--to', to, '--data-dir', dir], { env, encoding: 'utf8' })).toMatch(/Backed up practice\.db, audit\.db, outbox\.db, ooh\.db/);
    // Restore over the same desk (as after a bad change): the replaced files are kept aside.
    expect(execFileSync(tsx, [cli, 'restore', '--from', to, '--data-dir', dir], { env, encoding: 'utf8' })).toMatch(/Restored .* kept as \*\.before-restore/);
    expect(existsSync(join(dir, 'audit.db.before-restore'))).toBe(true);
    const verify = resolve(__dirname, '../../electron/core/audit/verify.cli.ts');
    expect(execFileSync(tsx, [verify, '--data-dir', dir], { encoding: 'utf8' })).toMatch(/Audit trail intact/);
    // No passphrase: refused with a message saying how to give one.
    let err = '';
    try {
      execFileSync(tsx, [cli, 'backup', '--to', join(temp(), 'b2'), '--data-dir', dir], { env: { ...process.env, RECEPTION_BACKUP_PASSPHRASE: '' }, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      err = String((e as { stderr: string }).stderr);
    }
    expect(err).toMatch(/backup passphrase is needed/);
  });
});
