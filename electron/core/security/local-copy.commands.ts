import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditChain } from '../audit/audit.verify';
import { openReadOnly } from '../db/connection';
import { AuditRepo } from '../db/repos/audit.repo';
import { backupLocalCopy, restoreLocalCopy } from './backup';
import { prepareDataKey } from './data-key';
import type { KeyVault } from './key-vault';

/** What IT can do to a desk's local copy with the desk closed (README: Practice deployment guide). */
export type LocalCopyCommand = { kind: 'rotate-key' } | { kind: 'backup'; to: string } | { kind: 'restore'; from: string } | { kind: 'verify-audit' };

/** What a command did, in one sentence; `ok` false when it found something wrong (a broken audit trail). */
export interface CommandOutcome {
  ok: boolean;
  said: string;
}

/**
 * Run one command against a data folder and say in one sentence what was done. Shared by `npm run local-copy` and
 * `npm run audit:verify` (browser host, key file) and the packaged app's `--rotate-key` / `--backup=` / `--restore=` /
 * `--verify-audit` switches (key in the OS keystore).
 */
export async function runLocalCopyCommand(cmd: LocalCopyCommand, o: { dataDir: string; vault: KeyVault; passphrase?: string | undefined }): Promise<CommandOutcome> {
  if (cmd.kind === 'verify-audit') return verifyAudit(o.dataDir, o.vault);
  return { ok: true, said: await change(cmd, o) };
}

async function change(cmd: Exclude<LocalCopyCommand, { kind: 'verify-audit' }>, o: { dataDir: string; vault: KeyVault; passphrase?: string | undefined }): Promise<string> {
  if (cmd.kind === 'rotate-key') {
    const r = await prepareDataKey({ dataDir: o.dataDir, vault: o.vault, rotate: true });
    return r.outcome === 'created'
      ? `${o.dataDir} had no key yet: a new one was made; nothing needed re-encrypting.`
      : `Key rotated: ${r.reencrypted} file(s) in ${o.dataDir} re-encrypted with a new key.`;
  }
  if (!o.passphrase) throw new Error('A backup passphrase is needed: set RECEPTION_BACKUP_PASSPHRASE or pass --passphrase-file.');
  const { key } = await prepareDataKey({ dataDir: o.dataDir, vault: o.vault });
  if (cmd.kind === 'backup') {
    const m = backupLocalCopy({ dataDir: o.dataDir, key, to: cmd.to, passphrase: o.passphrase });
    return `Backed up ${m.files.map((f) => f.name).join(', ')} to ${cmd.to}, encrypted with the backup passphrase.`;
  }
  const r = restoreLocalCopy({ dataDir: o.dataDir, key, from: cmd.from, passphrase: o.passphrase });
  return `Restored ${r.restored.join(', ')} into ${o.dataDir}; the files they replaced are kept as *.before-restore.`;
}

/** Walk audit.db's hash chain, read-only, with the key the vault holds (never making one: nothing to check then). */
async function verifyAudit(dataDir: string, vault: KeyVault): Promise<CommandOutcome> {
  const file = join(dataDir, 'audit.db');
  if (!existsSync(file)) throw new Error(`There is no audit trail at ${file}.`);
  const key = await vault.read('current');
  if (!key) throw new Error(`The local copy's key is not in ${vault.description}, so ${file} cannot be read.`);
  const db = openReadOnly(file, key);
  try {
    const r = verifyAuditChain(new AuditRepo(db));
    return r.ok
      ? { ok: true, said: `Audit trail intact: ${r.rows} entries checked in ${file}.` }
      : { ok: false, said: `Audit trail BROKEN at entry ${r.problem?.seq ?? '?'}: ${r.problem?.reason ?? 'unknown'} (${file}).` };
  } finally {
    db.close();
  }
}

/**
 * The packaged app's switches (`--rotate-key`, `--backup=<folder>`, `--restore=<folder>`, `--verify-audit`), or null
 * to start the desk.
 */
export function localCopyCommandFromArgv(argv: readonly string[]): LocalCopyCommand | null {
  if (argv.includes('--rotate-key')) return { kind: 'rotate-key' };
  if (argv.includes('--verify-audit')) return { kind: 'verify-audit' };
  const value = (flag: string) => argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  const to = value('--backup');
  if (to) return { kind: 'backup', to };
  const from = value('--restore');
  if (from) return { kind: 'restore', from };
  return null;
}
