import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LocalCopyKeyError, rekeyFile, type DbKey } from '../db/cipher';
import { openReadOnly } from '../db/connection';

/**
 * What a backup holds: the practice's set-up (staff, cards, rotas), the access audit, changes still waiting to be
 * sent, and the out-of-hours board. cache.db is left out on purpose: it is a copy of national data the desk
 * rebuilds on its next start, and leaving it out keeps most patient data off backup media.
 */
export const BACKED_UP_FILES = ['practice.db', 'audit.db', 'outbox.db', 'ooh.db'] as const;

const Manifest = z.object({
  format: z.literal('gp-reception-backup/1'),
  createdAt: z.string(),
  cipher: z.string(),
  files: z.array(z.object({ name: z.enum(BACKED_UP_FILES), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type BackupManifest = z.infer<typeof Manifest>;

export class BackupError extends Error {
  override name = 'BackupError';
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Copy the desk's files into `to`, each re-encrypted under the practice's backup passphrase so the copy can be restored
 * on another PC (the desk's own key never leaves the PC it was made on). VACUUM INTO takes a consistent snapshot, so
 * this may run while the desk is open.
 */
export function backupLocalCopy(o: { dataDir: string; key: DbKey; to: string; passphrase: string; now?: Date }): BackupManifest {
  mkdirSync(o.to, { recursive: true });
  if (existsSync(join(o.to, 'manifest.json'))) throw new BackupError(`${o.to} already holds a backup; choose an empty folder.`);
  const files: BackupManifest['files'] = [];
  for (const name of BACKED_UP_FILES) {
    const source = join(o.dataDir, name);
    if (!existsSync(source)) continue;
    const part = join(o.to, `${name}.part`);
    rmSync(part, { force: true });
    const db = openReadOnly(source, o.key);
    try {
      db.exec(`VACUUM INTO ${sqlString(part)}`); // encrypted with the desk's key, like its source
    } finally {
      db.close();
    }
    rekeyFile(part, o.key, { passphrase: o.passphrase });
    const target = join(o.to, name);
    renameSync(part, target);
    files.push({ name, bytes: readFileSync(target).length, sha256: sha256(target) });
  }
  const manifest: BackupManifest = {
    format: 'gp-reception-backup/1',
    createdAt: (o.now ?? new Date()).toISOString(),
    cipher: 'SQLite3MultipleCiphers chacha20 (sqleet), key derived from the backup passphrase',
    files,
  };
  writeFileSync(join(o.to, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Put a backup's files in place of the desk's, under this PC's key. The desk must be closed. Each file is checked
 * against the manifest and decrypted with the passphrase before anything is replaced; the files replaced are kept
 * beside the new ones (`*.before-restore`) until someone deletes them.
 */
export function restoreLocalCopy(o: { dataDir: string; key: DbKey; from: string; passphrase: string }): { restored: string[] } {
  const manifestFile = join(o.from, 'manifest.json');
  if (!existsSync(manifestFile)) throw new BackupError(`${o.from} holds no GP Reception backup (no manifest.json).`);
  const parsed = Manifest.safeParse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  if (!parsed.success) throw new BackupError(`${manifestFile} is not a backup this version can read.`);
  mkdirSync(o.dataDir, { recursive: true });
  const staged: { name: string; file: string }[] = [];
  try {
    for (const f of parsed.data.files) {
      const source = join(o.from, f.name);
      if (!existsSync(source) || sha256(source) !== f.sha256) throw new BackupError(`${f.name} in the backup is missing or changed since the backup was made.`);
      const file = join(o.dataDir, `${f.name}.restoring`);
      copyFileSync(source, file);
      staged.push({ name: f.name, file });
      try {
        rekeyFile(file, { passphrase: o.passphrase }, o.key);
      } catch (e) {
        if (e instanceof LocalCopyKeyError) throw new BackupError('That passphrase does not open this backup. Nothing was changed.');
        throw e;
      }
      const check = openReadOnly(file, o.key);
      const ok = check.pragma('integrity_check', { simple: true });
      check.close();
      if (ok !== 'ok') throw new BackupError(`${f.name} in the backup is damaged (${String(ok)}). Nothing was changed.`);
    }
  } catch (e) {
    for (const s of staged) rmSync(s.file, { force: true });
    throw e;
  }
  for (const s of staged) {
    const target = join(o.dataDir, s.name);
    // The replaced file keeps its write-ahead log beside it, so `*.before-restore` opens with every commit it had.
    if (existsSync(target)) renameSync(target, `${target}.before-restore`);
    if (existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${target}.before-restore-wal`);
    rmSync(`${target}-shm`, { force: true });
    renameSync(s.file, target);
  }
  return { restored: staged.map((s) => s.name) };
}
