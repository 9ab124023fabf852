import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../paths';
import { keyFileVault } from './key-vault';
import { runLocalCopyCommand, type LocalCopyCommand } from './local-copy.commands';

/**
 * `npm run local-copy -- rotate-key | verify-audit | backup --to <folder> | restore --from <folder> [--data-dir <folder>] [--passphrase-file <file>]`
 * for a browser-host install (its key is the file in the data folder). Stop the desk first.
 */
const USAGE = 'Usage: npm run local-copy -- rotate-key | verify-audit | backup --to <folder> | restore --from <folder> [--data-dir <folder>] [--passphrase-file <file>]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, to: { type: 'string' }, from: { type: 'string' }, 'passphrase-file': { type: 'string' } },
  });
  const [what] = positionals;
  const cmd: LocalCopyCommand | null =
    what === 'rotate-key' ? { kind: 'rotate-key' } : what === 'verify-audit' ? { kind: 'verify-audit' } : what === 'backup' && values.to ? { kind: 'backup', to: values.to } : what === 'restore' && values.from ? { kind: 'restore', from: values.from } : null;
  if (!cmd) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const dataDir = values['data-dir'] ?? resolveDataDir();
  const file = values['passphrase-file'];
  const passphrase = file ? readFileSync(file, 'utf8').trim() : process.env.RECEPTION_BACKUP_PASSPHRASE;
  const r = await runLocalCopyCommand(cmd, { dataDir, vault: keyFileVault(dataDir), passphrase });
  console.log(r.said);
  if (!r.ok) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
