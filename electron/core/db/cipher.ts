import Database from 'better-sqlite3-multiple-ciphers';

/**
 * The local copy's key: 32 random bytes, used raw (no key derivation on every open). SQLite3MultipleCiphers'
 * ChaCha20-Poly1305 scheme encrypts and authenticates every page, the WAL included; the file header is encrypted too.
 */
export type DbKey = Buffer;
/** A backup's key: a passphrase the practice chooses, stretched by SQLite3MultipleCiphers' own PBKDF2 (sqleet scheme). */
export type Passphrase = { passphrase: string };
export type CipherKey = DbKey | Passphrase;

export const CIPHER = 'chacha20';
export const KEY_BYTES = 32;

/** Raised when a file cannot be read with the key given: wrong key, a foreign file, or a damaged one. */
export class LocalCopyKeyError extends Error {
  constructor(readonly file: string) {
    super(`The local copy ${file} cannot be opened with this PC's key. It may have been copied from another PC or its key was replaced; see "Rotating the key" and "Restoring" in the README.`);
    this.name = 'LocalCopyKeyError';
  }
}

function keyLiteral(k: CipherKey): string {
  if (Buffer.isBuffer(k)) {
    if (k.length !== KEY_BYTES) throw new Error(`A local-copy key is ${KEY_BYTES} bytes; this one is ${k.length}.`);
    return `"x'${k.toString('hex')}'"`;
  }
  if (k.passphrase.length < 12) throw new Error('A backup passphrase needs at least 12 characters.');
  return `'${k.passphrase.replaceAll("'", "''")}'`;
}

/** Give an open connection its key and prove it reads: SQLite only notices a wrong key on first read. */
export function applyKey(db: Database.Database, key: CipherKey, file: string): void {
  db.pragma(`cipher = '${CIPHER}'`);
  db.pragma(`key = ${keyLiteral(key)}`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'SQLITE_NOTADB') throw new LocalCopyKeyError(file);
    throw e;
  }
}

/**
 * Re-encrypt a closed file from one key to another (`from` null = a plain file; `to` null = decrypt, used for no
 * purpose but tests). Each rekey is one SQLite transaction: a crash leaves the file under the old key or the new, whole.
 * SQLite3MultipleCiphers cannot rekey in WAL mode, so the file is switched to a rollback journal and back.
 */
export function rekeyFile(file: string, from: CipherKey | null, to: CipherKey | null): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    if (from) applyKey(db, from, file);
    db.pragma('journal_mode = DELETE');
    db.pragma(`cipher = '${CIPHER}'`);
    db.pragma(`rekey = ${to ? keyLiteral(to) : "''"}`);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}
