import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { applyKey } from '../../electron/core/db/cipher';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/core/audit/audit.verify';
import { openDatabase } from '../../electron/core/db/connection';
import { TEST_DB_KEY } from '../helpers/db-key';
import { auditMigrations } from '../../electron/core/db/migrations/audit.migrations';
import { AuditRepo } from '../../electron/core/db/repos/audit.repo';
import type { KeyVault } from '../../electron/core/security/key-vault';
import { localCopyCommandFromArgv, runLocalCopyCommand } from '../../electron/core/security/local-copy.commands';
import { useTempDir } from '../helpers/temp-dir';

const temp = useTempDir();

function writeChain(dir: string, n: number) {
  // The desk's way of keeping a browser host's key, so the verify command finds it as it would at a practice.
  writeFileSync(join(dir, 'local-copy.key'), `${TEST_DB_KEY.toString('hex')}\n`, { mode: 0o600 });
  const db = openDatabase(join(dir, 'audit.db'), { synchronous: 'FULL', migrations: auditMigrations, key: TEST_DB_KEY });
  const repo = new AuditRepo(db);
  for (let i = 0; i < n; i++) {
    repo.append({
      at: `2026-11-25T10:00:0${i}.000Z`, userId: '555000000101', userName: 'Sam Taylor', roleCode: 'R8009', roleProfileId: '555000000102',
      workstation: 'desk-1', transport: 'browser-host', action: 'patient.view', nhsNumber: '9000000009', outcome: 'ok', detail: 'source=national',
    });
  }
  db.close();
}

/** A tamperer with file access and the key: drops the append-only triggers and edits the SQLite file directly. */
function tamper(dir: string, sql: string) {
  const db = new Database(join(dir, 'audit.db'));
  applyKey(db, TEST_DB_KEY, 'audit.db');
  db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  db.exec(sql);
  db.close();
}

const verify = (dir: string) => {
  const db = openDatabase(join(dir, 'audit.db'), { synchronous: 'FULL', migrations: auditMigrations, key: TEST_DB_KEY });
  const r = verifyAuditChain(new AuditRepo(db));
  db.close();
  return r;
};

describe('audit verification', () => {
  it('passes an untouched chain', () => {
    const dir = temp();
    writeChain(dir, 5);
    expect(verify(dir)).toEqual({ ok: true, rows: 5, problem: null });
  });

  it.each([
    ['an altered row', "UPDATE audit_events SET user_name = 'Someone Else' WHERE seq = 3", 3, /altered/],
    ['a deleted row', 'DELETE FROM audit_events WHERE seq = 2', 3, /missing/],
    ['a deleted newest row', 'DELETE FROM audit_events WHERE seq = 5', 5, /newest 1 entries are missing/],
    ['a replaced hash', "UPDATE audit_events SET hash = printf('%064d', 7) WHERE seq = 2", 2, /altered/],
  ])('detects %s', (_what, sql, seq, reason) => {
    const dir = temp();
    writeChain(dir, 5);
    tamper(dir, sql);
    const r = verify(dir);
    expect(r.ok).toBe(false);
    expect(r.problem?.seq).toBe(seq);
    expect(r.problem?.reason).toMatch(reason);
  });

  it('the verify command exits 0 on an intact trail and 1 on a tampered one', () => {
    const dir = temp();
    writeChain(dir, 3);
    const cli = resolve(__dirname, '../../electron/core/audit/verify.cli.ts');
    const tsx = resolve(__dirname, '../../node_modules/.bin/tsx');
    expect(execFileSync(tsx, [cli, '--data-dir', dir], { encoding: 'utf8' })).toMatch(/intact: 3 entries/);
    tamper(dir, "UPDATE audit_events SET nhs_number = '9000000017' WHERE seq = 1");
    let code = 0;
    let out = '';
    try {
      execFileSync(tsx, [cli, '--data-dir', dir], { encoding: 'utf8' });
    } catch (e) {
      code = (e as { status: number }).status;
      out = String((e as { stdout: string }).stdout);
    }
    expect(code).toBe(1);
    expect(out).toMatch(/BROKEN at entry 1/);
  });

  it('a packaged install checks its own trail (--verify-audit) with the key its keystore holds, and no key file', async () => {
    const dir = temp();
    writeChain(dir, 4);
    rmSync(join(dir, 'local-copy.key')); // Electron keeps no key file: the key comes from the OS keystore
    let held: Buffer | null = TEST_DB_KEY;
    const keystore: KeyVault = {
      description: 'the test keystore',
      read: async (slot) => (slot === 'current' ? held : null),
      write: async () => expect.fail('verifying must not make or change a key'),
      promote: async () => expect.fail('verifying must not make or change a key'),
    };
    const cmd = localCopyCommandFromArgv(['GP Reception', '--verify-audit'])!;
    expect(await runLocalCopyCommand(cmd, { dataDir: dir, vault: keystore })).toEqual({ ok: true, said: expect.stringMatching(/^Audit trail intact: 4 entries/) });

    tamper(dir, 'DELETE FROM audit_events WHERE seq = 2');
    expect(await runLocalCopyCommand(cmd, { dataDir: dir, vault: keystore })).toEqual({ ok: false, said: expect.stringMatching(/BROKEN at entry 3: entries 2 to 2 are missing/) });

    held = null;
    await expect(runLocalCopyCommand(cmd, { dataDir: dir, vault: keystore })).rejects.toThrow(/key is not in the test keystore/);
    await expect(runLocalCopyCommand(cmd, { dataDir: temp(), vault: keystore })).rejects.toThrow(/There is no audit trail at/);
  });
});
