import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type Migration } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** FULL for files whose commits must survive power loss (audit, outbox); NORMAL for the rebuildable cache. */
  synchronous: 'NORMAL' | 'FULL';
  migrations: readonly Migration[];
}

/** Open a SQLite file in WAL mode and bring its schema up to date. */
export function openDatabase(file: string, opts: OpenOptions): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY'); // no patient data in temp files
  db.pragma('secure_delete = ON'); // overwrite deleted content: a purged address must not linger in free pages
  migrate(db, opts.migrations);
  return db;
}

/** Open an existing file read-only (checks and reports must not change what they examine). */
export function openReadOnly(file: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true });
}
