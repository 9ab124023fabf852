import { parseArgs } from 'node:util';
import { resolveDataDir } from '../paths';
import { keyFileVault } from '../security/key-vault';
import { runLocalCopyCommand } from '../security/local-copy.commands';

/**
 * `npm run audit:verify [-- --data-dir <folder>]`: exit 0 when the access audit is intact, 1 when it is not, 2 when it
 * could not be read. Reads the browser host's key file; a packaged install checks its own with `--verify-audit`.
 */
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const dir = values['data-dir'] ?? resolveDataDir();

runLocalCopyCommand({ kind: 'verify-audit' }, { dataDir: dir, vault: keyFileVault(dir) }).then(
  (r) => {
    console.log(r.said);
    if (!r.ok) process.exitCode = 1;
  },
  (e: unknown) => {
    console.error(`Could not check the audit trail in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  },
);
