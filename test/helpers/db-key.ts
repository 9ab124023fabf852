import Database from 'better-sqlite3-multiple-ciphers';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyKey } from '../../electron/core/db/cipher';

/**
 * The key tests use when they open database files themselves (crash-test children and their parent share it by
 * importing this module). The desk's own key is random per data folder (security/data-key.ts); this one need not be.
 */
export const TEST_DB_KEY: Buffer = Buffer.alloc(32, 0x5a);

/**
 * Open one of a test desk's database files with the key the desk keeps beside it (`local-copy.key`, as the browser
 * host and the core harness keep it): how a test looks at what the desk wrote.
 */
export function openDeskFile(file: string, o: { readonly?: boolean } = {}): Database.Database {
  const key = Buffer.from(readFileSync(join(dirname(file), 'local-copy.key'), 'utf8').trim(), 'hex');
  const db = new Database(file, { readonly: o.readonly ?? false, fileMustExist: true });
  applyKey(db, key, file);
  return db;
}
