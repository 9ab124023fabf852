import Database from 'better-sqlite3-multiple-ciphers';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalCopyKeyError, rekeyFile } from '../../electron/core/db/cipher';
import { isPlainSqliteFile, openDatabase } from '../../electron/core/db/connection';
import { cacheMigrations } from '../../electron/core/db/migrations/cache.migrations';
import { outboxMigrations } from '../../electron/core/db/migrations/outbox.migrations';
import { prepareDataKey } from '../../electron/core/security/data-key';
import { KeyFileError, keyFileVault } from '../../electron/core/security/key-vault';
import { useTempDir } from '../helpers/temp-dir';

const temp = useTempDir('reception-key-');

/** Write a row into a desk file with a key (or none), as an earlier run of the desk would have. */
function writeRow(dir: string, name: 'cache.db' | 'outbox.db', key: Buffer | null, text: string): void {
  const db = openDatabase(join(dir, name), { synchronous: 'FULL', migrations: name === 'cache.db' ? cacheMigrations : outboxMigrations, key });
  if (name === 'cache.db') {
    db.prepare("INSERT INTO patients (nhs_number, family, restricted, detail, fetched_at) VALUES ('9000000009', ?, 0, 'full', 'x')").run(text);
  } else {
    db.prepare("INSERT INTO outbox (request_id, kind, payload, user_id, created_at) VALUES ('r1', 'appointment.book', ?, 'u', 'x')").run(JSON.stringify({ text }));
  }
  db.close();
}
function readRow(dir: string, name: 'cache.db' | 'outbox.db', key: Buffer): string {
  const db = openDatabase(join(dir, name), { synchronous: 'FULL', migrations: name === 'cache.db' ? cacheMigrations : outboxMigrations, key });
  try {
    return name === 'cache.db'
      ? (db.prepare('SELECT family FROM patients').pluck().get() as string)
      : (JSON.parse(db.prepare('SELECT payload FROM outbox').pluck().get() as string) as { text: string }).text;
  } finally {
    db.close();
  }
}
const opensWith = (file: string, key: Buffer | null) => {
  const db = new Database(file);
  try {
    if (key) {
      db.pragma("cipher = 'chacha20'");
      db.pragma(`key = "x'${key.toString('hex')}'"`);
    }
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
};

describe('the local copy key', () => {
  it('is made on first start, 32 random bytes in a file only this user can read, and the same key comes back next time', async () => {
    const dir = temp();
    const first = await prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) });
    expect(first.outcome).toBe('created');
    expect(first.key).toHaveLength(32);
    const file = join(dir, 'local-copy.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key.toString('hex'));
    const again = await prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) });
    expect(again).toMatchObject({ outcome: 'existing' });
    expect(again.key.equals(first.key)).toBe(true);
    const other = await prepareDataKey({ dataDir: temp(), vault: keyFileVault(temp()) });
    expect(other.key.equals(first.key)).toBe(false);
  });

  it('refuses a key file other users can read, and says how to fix it', async () => {
    const dir = temp();
    await prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) });
    chmodSync(join(dir, 'local-copy.key'), 0o644);
    await expect(prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) })).rejects.toThrow(KeyFileError);
    await expect(prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) })).rejects.toThrow(/can be read by other users.*chmod 600/);
  });

  it('refuses a damaged key file rather than making a new key over data it could not read', async () => {
    const dir = temp();
    await prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) });
    writeFileSync(join(dir, 'local-copy.key'), 'not a key\n', { mode: 0o600 });
    await expect(prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) })).rejects.toThrow(/damaged/);
  });

  it('encrypts, in place and once, files written before encryption, keeping every row', async () => {
    const dir = temp();
    writeRow(dir, 'cache.db', null, 'Beforeencryption');
    writeRow(dir, 'outbox.db', null, 'queued-before');
    expect(isPlainSqliteFile(join(dir, 'cache.db'))).toBe(true);
    const { key } = await prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) });
    // The files are encrypted as the desk opens them.
    expect(readRow(dir, 'cache.db', key)).toBe('Beforeencryption');
    expect(readRow(dir, 'outbox.db', key)).toBe('queued-before');
    for (const f of ['cache.db', 'outbox.db']) {
      expect(isPlainSqliteFile(join(dir, f))).toBe(false);
      expect(readFileSync(join(dir, f)).toString('latin1')).not.toMatch(/Beforeencryption|queued-before/);
    }
  });

  it('will not make a new key when encrypted files are there without theirs: the queued changes would be lost', async () => {
    const dir = temp();
    const { key } = await prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) });
    writeRow(dir, 'outbox.db', key, 'must-not-be-lost');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'local-copy.key'));
    await expect(prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) })).rejects.toThrow(LocalCopyKeyError);
    expect(existsSync(join(dir, 'local-copy.key'))).toBe(false);
  });

  it('a wrong key is refused with a plain message naming the file', () => {
    const dir = temp();
    writeRow(dir, 'cache.db', Buffer.alloc(32, 1), 'x');
    expect(() => readRow(dir, 'cache.db', Buffer.alloc(32, 2))).toThrow(/cache\.db cannot be opened with this PC's key/);
  });
});

describe('rotating the key', () => {
  it('moves every file to a new key: the old key no longer opens them, the new one reads every row', async () => {
    const dir = temp();
    const old = (await prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) })).key;
    writeRow(dir, 'cache.db', old, 'Rotatedpatient');
    writeRow(dir, 'outbox.db', old, 'queued');
    const r = await prepareDataKey({ dataDir: dir, vault: keyFileVault(dir), rotate: true });
    expect(r).toMatchObject({ outcome: 'rotated', reencrypted: 2 });
    expect(r.key.equals(old)).toBe(false);
    expect(readFileSync(join(dir, 'local-copy.key'), 'utf8').trim()).toBe(r.key.toString('hex'));
    expect(existsSync(join(dir, 'local-copy.key.next'))).toBe(false);
    for (const f of ['cache.db', 'outbox.db']) {
      expect(opensWith(join(dir, f), old)).toBe(false);
      expect(opensWith(join(dir, f), r.key)).toBe(true);
    }
    expect(readRow(dir, 'cache.db', r.key)).toBe('Rotatedpatient');
    expect(readRow(dir, 'outbox.db', r.key)).toBe('queued');
  });

  it('a rotation cut short (one file moved, one not, the new key not yet promoted) is finished at the next start', async () => {
    const dir = temp();
    const vault = keyFileVault(dir);
    const old = (await prepareDataKey({ dataDir: dir, vault })).key;
    writeRow(dir, 'cache.db', old, 'Halfway');
    writeRow(dir, 'outbox.db', old, 'queued');
    // What a crash part-way leaves: the next key written, cache.db re-encrypted, outbox.db not.
    const next = Buffer.alloc(32, 0x42);
    await vault.write('next', next);
    rekeyFile(join(dir, 'cache.db'), old, next);
    const r = await prepareDataKey({ dataDir: dir, vault: keyFileVault(dir) });
    expect(r).toMatchObject({ outcome: 'rotated', reencrypted: 1 });
    expect(r.key.equals(next)).toBe(true);
    expect(readRow(dir, 'cache.db', next)).toBe('Halfway');
    expect(readRow(dir, 'outbox.db', next)).toBe('queued');
    expect(await keyFileVault(dir).read('current')).toEqual(next);
  });
});
