/**
 * Crash-test child: commits bookings to an outbox.db as fast as it can and reports each one on stdout only
 * after its commit returned. The parent kills it with SIGKILL at a random moment.
 *   tsx outbox-writer.child.ts <outbox.db> <slots.json> <first slot index> <last slot index (exclusive)>
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../../electron/core/db/connection';
import { TEST_DB_KEY } from '../db-key';
import { outboxMigrations } from '../../../electron/core/db/migrations/outbox.migrations';
import { OutboxRepo } from '../../../electron/core/db/repos/outbox.repo';
import { OutboxService } from '../../../electron/core/outbox/outbox.service';
import { BookChange, BOOK } from '../../../electron/core/outbox/appointment.changes';
import { bookingFor, type CrashSlot } from './crash-slots';

const [file, slotsFile, firstArg, endArg] = process.argv.slice(2);
const slots = JSON.parse(readFileSync(slotsFile!, 'utf8')) as CrashSlot[];
const db = openDatabase(file!, { synchronous: 'FULL', migrations: outboxMigrations, key: TEST_DB_KEY });
const outbox = new OutboxService({ repo: new OutboxRepo(db), ratePerSecond: () => 0, onStatus: () => undefined });
outbox.register(BOOK, { schema: BookChange, localIds: (p) => [p.localId], send: () => Promise.reject(new Error('the writer never sends')) });

let next = Number(firstArg);
const end = Math.min(Number(endArg), slots.length);
// One commit, then a short random pause, so a kill can land anywhere: mid-commit, mid-report, between writes.
function write(): void {
  if (next >= end) return;
  const requestId = outbox.enqueue({ kind: BOOK, payload: bookingFor(slots[next]!, next), userId: 'crash-test' });
  next++;
  process.stdout.write(`saved ${requestId}\n`);
  setTimeout(write, Math.random() * 2);
}
process.stdout.write('ready\n');
write();
