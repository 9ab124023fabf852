/**
 * Crash-test child: replays an outbox.db to the sandbox's appointments service over HTTP, with the desk's real
 * transport and client, printing "sent <requestId>" after each settles. The parent kills it mid-replay.
 *   tsx outbox-replayer.child.ts <outbox.db> <appointments base URL>
 */
import { openDatabase } from '../../../electron/core/db/connection';
import { TEST_DB_KEY } from '../db-key';
import { outboxMigrations } from '../../../electron/core/db/migrations/outbox.migrations';
import { OutboxRepo } from '../../../electron/core/db/repos/outbox.repo';
import { AppointmentsClient } from '../../../electron/core/national/appointments.client';
import { FhirTransport } from '../../../electron/core/national/http.transport';
import { BookChange, BOOK } from '../../../electron/core/outbox/appointment.changes';
import { OutboxService } from '../../../electron/core/outbox/outbox.service';

const [file, baseUrl] = process.argv.slice(2);
const db = openDatabase(file!, { synchronous: 'FULL', migrations: outboxMigrations, key: TEST_DB_KEY });
const client = new AppointmentsClient({
  transport: new FhirTransport({ baseUrl: baseUrl!, timeoutMs: 5_000, maxRetryAfterWaitMs: 1_000 }),
  patientName: () => 'CRASH, Test',
  practice: () => ({ odsCode: 'Y90001', name: 'Riverside Medical Practice' }),
});
const outbox = new OutboxService({ repo: new OutboxRepo(db), ratePerSecond: () => 0, onStatus: () => undefined });
outbox.register(BOOK, {
  schema: BookChange,
  localIds: (p) => [p.localId],
  send: (p, e) => client.book({ slot: p.slot, nhsNumber: p.row.nhsNumber, description: null, requestId: e.requestId }),
  onSent: (_p, _r, e) => void process.stdout.write(`sent ${e.requestId}\n`),
});
process.stdout.write('ready\n');
void outbox.kick().then(() => process.stdout.write('done\n'));
