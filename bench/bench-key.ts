import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DbKey } from '../electron/core/db/connection';

/**
 * The key every bench's local copy is encrypted with, as at a desk (a fixed one, so caches seeded once can be copied
 * into many data folders). `null` in the encryption on/off figures measures the plain baseline.
 */
export const BENCH_DB_KEY: DbKey = Buffer.alloc(32, 0xbe);

/** Put the bench key where the browser host looks for it, so a desk started on this folder reads the copied cache. */
export function writeBenchKeyFile(dataDir: string): void {
  writeFileSync(join(dataDir, 'local-copy.key'), `${BENCH_DB_KEY.toString('hex')}\n`, { mode: 0o600 });
}
