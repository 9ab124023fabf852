import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey, KEY_BYTES, LocalCopyKeyError, rekeyFile, type DbKey } from '../db/cipher';
import { isPlainSqliteFile } from '../db/connection';
import type { KeyVault } from './key-vault';

/** Every SQLite file the desk keeps in its data folder; all are encrypted with the one key. */
export const LOCAL_COPY_FILES = ['cache.db', 'audit.db', 'practice.db', 'outbox.db', 'ooh.db'] as const;

export interface DataKeyReport {
  key: DbKey;
  /** What happened, for the log: created, in use, rotated (and how many files were re-encrypted). */
  outcome: 'created' | 'existing' | 'rotated';
  reencrypted: number;
}

function opensWith(file: string, key: DbKey): boolean {
  const db = new Database(file, { fileMustExist: true });
  try {
    applyKey(db, key, file);
    return true;
  } catch (e) {
    if (e instanceof LocalCopyKeyError) return false;
    throw e;
  } finally {
    db.close();
  }
}

/**
 * The key for this PC's local copy, created on first start. With `rotate`, or when a rotation was cut short, every file
 * is moved to a fresh key first: the new key is written to the vault's `next` slot, each file is re-encrypted (one
 * transaction each, so a crash leaves a file under one key or the other), then `next` becomes `current`. A restart after
 * a crash at any point finishes the job, because each file is tried with the new key before the old.
 * The desk must not be running: the caller does this before opening any database.
 */
export async function prepareDataKey(o: { dataDir: string; vault: KeyVault; rotate?: boolean }): Promise<DataKeyReport> {
  const files = LOCAL_COPY_FILES.map((f) => join(o.dataDir, f)).filter((f) => existsSync(f));
  const current = await o.vault.read('current');
  let next = await o.vault.read('next');
  if (!current && !next) {
    const locked = files.filter((f) => !isPlainSqliteFile(f));
    if (locked.length > 0) {
      throw new LocalCopyKeyError(`${locked.join(', ')} (its key is missing from ${o.vault.description})`);
    }
    const key = randomBytes(KEY_BYTES);
    await o.vault.write('current', key);
    return { key, outcome: 'created', reencrypted: 0 };
  }
  if (!next && !o.rotate) return { key: current!, outcome: 'existing', reencrypted: 0 };

  if (!next) {
    next = randomBytes(KEY_BYTES);
    await o.vault.write('next', next);
  }
  let reencrypted = 0;
  for (const file of files) {
    if (isPlainSqliteFile(file)) rekeyFile(file, null, next);
    else if (opensWith(file, next)) continue; // done before an interruption
    else if (current && opensWith(file, current)) rekeyFile(file, current, next);
    else throw new LocalCopyKeyError(file);
    reencrypted += 1;
  }
  await o.vault.promote();
  return { key: next, outcome: 'rotated', reencrypted };
}
