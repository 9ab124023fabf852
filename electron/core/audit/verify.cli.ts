import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openReadOnly } from '../db/connection';
import { AuditRepo } from '../db/repos/audit.repo';
import { resolveDataDir } from '../paths';
import { keyFileVault } from '../security/key-vault';
import { verifyAuditChain } from './audit.verify';

/**
 * `npm run audit:verify [-- --data-dir <folder>]`: exit 0 when the access audit is intact, 1 when it is not.
 * Reads the browser host's key file; an Electron install keeps its key in the OS keystore, so check a backup restored
 * into a browser-host data folder instead (README: Backing up and restoring).
 */
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const dir = values['data-dir'] ?? resolveDataDir();
const file = join(dir, 'audit.db');
async function main(): Promise<void> {
  try {
    const key = await keyFileVault(dir).read('current');
    const db = openReadOnly(file, key);
    const result = verifyAuditChain(new AuditRepo(db));
    db.close();
    if (result.ok) {
      console.log(`Audit trail intact: ${result.rows} entries checked in ${file}.`);
    } else {
      console.log(`Audit trail BROKEN at entry ${result.problem?.seq ?? '?'}: ${result.problem?.reason ?? 'unknown'} (${file}).`);
      process.exitCode = 1;
    }
  } catch (e) {
    console.error(`Could not check ${file}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  }
}

void main();
