import { backupLocalCopy, restoreLocalCopy } from './backup';
import { prepareDataKey } from './data-key';
import type { KeyVault } from './key-vault';

/** What IT can do to a desk's local copy with the desk closed (README: Practice deployment guide). */
export type LocalCopyCommand = { kind: 'rotate-key' } | { kind: 'backup'; to: string } | { kind: 'restore'; from: string };

/**
 * Run one command against a data folder and say in one sentence what was done. Shared by `npm run local-copy` (browser
 * host, key file) and the packaged app's `--rotate-key` / `--backup=` / `--restore=` switches (key in the OS keystore).
 */
export async function runLocalCopyCommand(cmd: LocalCopyCommand, o: { dataDir: string; vault: KeyVault; passphrase?: string | undefined }): Promise<string> {
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

/** The packaged app's switches (`--rotate-key`, `--backup=<folder>`, `--restore=<folder>`), or null to start the desk. */
export function localCopyCommandFromArgv(argv: readonly string[]): LocalCopyCommand | null {
  if (argv.includes('--rotate-key')) return { kind: 'rotate-key' };
  const value = (flag: string) => argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  const to = value('--backup');
  if (to) return { kind: 'backup', to };
  const from = value('--restore');
  if (from) return { kind: 'restore', from };
  return null;
}
