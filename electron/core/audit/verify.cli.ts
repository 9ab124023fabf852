import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openReadOnly } from '../db/connection';
import { AuditRepo } from '../db/repos/audit.repo';
import { resolveDataDir } from '../paths';
import { verifyAuditChain } from './audit.verify';

/** `npm run audit:verify [-- --data-dir <folder>]`: exit 0 when the access audit is intact, 1 when it is not. */
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const dir = values['data-dir'] ?? resolveDataDir();
const file = join(dir, 'audit.db');
try {
  const db = openReadOnly(file);
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
