import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type Migration } from './migrate';
import { applyKey, rekeyFile, type DbKey } from './cipher';

export type Db = Database.Database;
export type { DbKey } from './cipher';

export interface OpenOptions {
  /** FULL for files whose commits must survive power loss (audit, outbox); NORMAL for the rebuildable cache. */
  synchronous: 'NORMAL' | 'FULL';
  migrations: readonly Migration[];
  /**
   * The local copy's key (see security/data-key.ts). Every host passes one; `null` opens a plain file and exists
   * only so the benchmark can measure what encryption costs in the same run.
   */
  key: DbKey | null;
}

/** A database file still in plain SQLite form (from before encryption, or a plain benchmark copy). */
export function isPlainSqliteFile(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

/** Open a SQLite file in WAL mode, encrypted with the key when one is given, and bring its schema up to date. */
export function openDatabase(file: string, opts: OpenOptions): Db {
  mkdirSync(dirname(file), { recursive: true });
  // A file written before encryption is encrypted in place, once, before anything else reads it.
  if (opts.key && isPlainSqliteFile(file)) rekeyFile(file, null, opts.key);
  const db = new Database(file);
  try {
    if (opts.key) applyKey(db, opts.key, file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${opts.synchronous}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY'); // no patient data in temp files
    db.pragma('secure_delete = ON'); // overwrite deleted content: a purged address must not linger in free pages
    migrate(db, opts.migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Open an existing file read-only (checks and reports must not change what they examine). */
export function openReadOnly(file: string, key: DbKey | null): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (key) applyKey(db, key, file);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
