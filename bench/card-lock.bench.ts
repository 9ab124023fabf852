import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../electron/core/db/connection';
import { BENCH_DB_KEY } from './bench-key';
import { auditMigrations } from '../electron/core/db/migrations/audit.migrations';
import { practiceMigrations } from '../electron/core/db/migrations/practice.migrations';
import { AuditRepo } from '../electron/core/db/repos/audit.repo';
import { StaffRepo } from '../electron/core/db/repos/staff.repo';
import { seedDemoStaff } from '../electron/core/demo/demo-staff';
import { SimulatedCardReader } from '../electron/core/devices';
import { AuditService } from '../electron/core/services/audit.service';
import { AuthService } from '../electron/core/services/auth.service';
import type { SessionState } from '../shared/contract/auth';
import { summarise, type Figure } from './figures';

const TARGET_MS = 100;
const POLL_MS = 250;

/**
 * Card pulled → session-locked event in the core, through the simulated reader's real HID report bytes,
 * the decoder, the driver and the auth state machine. Baseline: the same desk noticing removal by polling
 * the reader every 250 ms (what a timer-driven design would do).
 */
export async function benchCardLock(rounds: number, log: (s: string) => void): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'reception-bench-card-'));
  const practice = openDatabase(join(dir, 'practice.db'), { synchronous: 'FULL', migrations: practiceMigrations, key: BENCH_DB_KEY });
  const auditDb = openDatabase(join(dir, 'audit.db'), { synchronous: 'FULL', migrations: auditMigrations, key: BENCH_DB_KEY });
  const staff = new StaffRepo(practice);
  await seedDemoStaff(staff);
  let onState: ((s: SessionState) => void) | null = null;
  const auth = new AuthService({
    staff,
    audit: new AuditService(new AuditRepo(auditDb)),
    publish: (s) => onState?.(s),
    systemContext: () => ({ transport: 'browser-host', workstation: 'bench' }),
    idleLockMs: () => 600_000,
    simulatedReader: true,
  });
  const reader = new SimulatedCardReader();
  let cardOn = false;
  await reader.start((e) => {
    if (e.type === 'inserted') cardOn = true;
    if (e.type === 'removed') cardOn = false;
    auth.onReader(e);
  });
  const until = (want: (s: SessionState) => boolean) => new Promise<void>((ok) => (onState = (s) => want(s) && ok()));

  const evented: number[] = [];
  const polled: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const presented = until((s) => s.state === 'card-presented' || (s.state === 'locked' && s.cardPresent));
      await reader.present('04A1B2C3');
      await presented;
      await auth.passcode('123456');
      const t = performance.now();
      const locked = until((s) => s.state === 'locked');
      await reader.withdraw();
      await locked;
      evented.push(performance.now() - t);

      // Baseline: a poller that looks at the reader every POLL_MS; the card is pulled at a random moment.
      await reader.present('04A1B2C3');
      let pulledAt = 0;
      const seen = new Promise<number>((ok) => {
        const timer = setInterval(() => {
          if (pulledAt && !cardOn) {
            clearInterval(timer);
            ok(performance.now() - pulledAt);
          }
        }, POLL_MS);
      });
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
      pulledAt = performance.now();
      await reader.withdraw();
      polled.push(await seen);
      await auth.settled();
    }
  } finally {
    await reader.stop();
    auth.stop();
    practice.close();
    auditDb.close();
    rmSync(dir, { recursive: true, force: true });
  }
  log(`  card lock: ${rounds} rounds`);
  const m = summarise(evented);
  const b = summarise(polled);
  return [
    {
      name: 'card-removed-to-session-locked', unit: 'ms', median: m.median, p95: m.p95, size: rounds, target: TARGET_MS,
      baseline: { method: `poll the reader every ${POLL_MS} ms`, ...b }, method: 'reader event → auth state machine', samples: rounds,
      meetsTarget: m.p95 <= TARGET_MS,
    },
  ];
}
