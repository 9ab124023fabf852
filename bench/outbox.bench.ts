import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../electron/core/core';
import { openDatabase } from '../electron/core/db/connection';
import { BENCH_DB_KEY } from './bench-key';
import { outboxMigrations } from '../electron/core/db/migrations/outbox.migrations';
import { OutboxRepo } from '../electron/core/db/repos/outbox.repo';
import { seedDemoStaff } from '../electron/core/demo/demo-staff';
import { SimulatedCardReader } from '../electron/core/devices';
import { AppointmentsClient } from '../electron/core/national/appointments.client';
import { FhirTransport } from '../electron/core/national/http.transport';
import { BOOK, BookChange } from '../electron/core/outbox/appointment.changes';
import { OutboxService } from '../electron/core/outbox/outbox.service';
import { defaultSettings, type Settings } from '../electron/core/settings/settings.schema';
import { startSandbox, type Sandbox } from '../electron/sandbox';
import { bookingFor, type CrashSlot } from '../test/helpers/children/crash-slots';
import { summarise, type Figure } from './figures';

const FIRST_ANSWER_TARGET_MS = 2_000;
const BREAKER_OPEN_TARGET_MS = 50;
/** The transport's ConsecutiveBreaker threshold (http.transport.ts default). */
const BREAKER_THRESHOLD = 3;
/** Long enough that every search of a round after the first meets an open breaker. */
const HALF_OPEN_MS = 5_000;

/**
 * Outage figures. (1) The national service hangs: time from the first search after the failure to its answer
 * from the local copy (the desk's interactive budget), then each search while the breaker is open; baseline
 * the same search with the service answering. (2) Replaying queued bookings to the sandbox over HTTP, with the
 * national rate limit and without it; every change must arrive exactly once.
 */
export async function benchOutage(p: { rounds: number; limited: number; unlimited: number; clinicians: number }, log: (s: string) => void): Promise<Figure[]> {
  // BENCH_OUTAGE_ROUNDS, BENCH_REPLAY_RATE, BENCH_REPLAY_LIMITED and BENCH_REPLAY_UNLIMITED override the registry's sizes.
  const rounds = Number(process.env.BENCH_OUTAGE_ROUNDS ?? p.rounds);
  const dir = mkdtempSync(join(tmpdir(), 'reception-bench-outage-'));
  // Enough clinicians that four weeks hold a free slot for every change replayed.
  const sandbox = await startSandbox({ port: 0, population: 10_000, today: '2026-11-25', clinicians: p.clinicians });
  try {
    return [...(await firstLocalAnswer(sandbox, dir, rounds, log)), ...(await replay(sandbox, dir, p, log))];
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function firstLocalAnswer(sandbox: Sandbox, dir: string, rounds: number, log: (s: string) => void): Promise<Figure[]> {
  const s: Settings = defaultSettings();
  const reader = new SimulatedCardReader();
  const core = createCore({
    dataDir: join(dir, 'desk'), dbKey: BENCH_DB_KEY, settings: { get: () => s, update: () => s }, transport: 'browser-host', pdsBaseUrl: sandbox.baseUrl,
    nationalLabel: 'bench', demo: true, version: 'bench', reader, demoCards: { present: (id) => void reader.present(id), withdraw: () => void reader.withdraw() },
    appointmentsBaseUrl: null, halfOpenAfterMs: HALF_OPEN_MS,
  });
  await seedDemoStaff(core.repos.staff);
  await core.start();
  try {
    await reader.present('04A1B2C3');
    await new Promise((r) => setTimeout(r, 50));
    await core.dispatch('auth:passcode', { passcode: '123456' });
    const people = sandbox.population.sample(rounds * 25);
    for (const nhs of people) await core.dispatch('patients:open', { nhsNumber: nhs }); // all in the local copy
    const search = async (nhs: string) => {
      const t = performance.now();
      const r = (await core.dispatch('patients:search', { text: nhs })) as { ok: boolean; value?: { source: string } };
      return { ms: performance.now() - t, source: r.ok ? r.value?.source : 'error' };
    };
    const online: number[] = [];
    const first: number[] = [];
    const open: number[] = [];
    const tripping: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const batch = people.slice(round * 25, round * 25 + 25);
      // Service back, and past the breaker's pause: the first online search is the probe that closes it again.
      await sandbox.faults.reset();
      if (round > 0) await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 100)); // the first round starts with it closed
      for (const nhs of batch.slice(0, 3)) online.push((await search(nhs)).ms);
      await sandbox.faults.set({ hang: true });
      const f = await search(batch[3]!);
      if (f.source !== 'local') throw new Error(`expected a local answer, got ${f.source}`);
      first.push(f.ms);
      // The breaker opens after BREAKER_THRESHOLD consecutive failures; these are each within the budget too.
      for (const nhs of batch.slice(4, 3 + BREAKER_THRESHOLD)) tripping.push((await search(nhs)).ms);
      for (const nhs of batch.slice(3 + BREAKER_THRESHOLD)) {
        const r = await search(nhs);
        if (r.source !== 'local') throw new Error(`expected a local answer, got ${r.source}`);
        open.push(r.ms);
      }
    }
    await sandbox.faults.reset();
    const base = summarise(online);
    const a = summarise(first);
    const b = summarise(open);
    log(`  outage: first local answer p95 ${a.p95} ms; ${BREAKER_THRESHOLD - 1} more within the budget (max ${Math.round(Math.max(...tripping))} ms) until the breaker opens; then ${b.p95} ms per search (online ${base.p95} ms)`);
    return [
      {
        name: 'outage.first-local-answer', unit: 'ms', ...a, size: first.length, target: FIRST_ANSWER_TARGET_MS,
        baseline: { method: 'the same search with the national service answering', ...base },
        method: 'national service hangs; the interactive budget gives up and the local copy answers', samples: first.length, meetsTarget: a.p95 <= FIRST_ANSWER_TARGET_MS,
      },
      {
        name: 'outage.local-answer-breaker-open', unit: 'ms', ...b, size: open.length, target: BREAKER_OPEN_TARGET_MS,
        baseline: { method: 'the same search with the national service answering', ...base },
        method: 'circuit open: no national call, local copy answers', samples: open.length, meetsTarget: b.p95 <= BREAKER_OPEN_TARGET_MS,
      },
    ];
  } finally {
    await core.close();
  }
}

async function replay(sandbox: Sandbox, dir: string, p: { limited: number; unlimited: number }, log: (s: string) => void): Promise<Figure[]> {
  const client = new AppointmentsClient({
    transport: new FhirTransport({ baseUrl: sandbox.appointments.baseUrl, timeoutMs: 10_000, maxRetryAfterWaitMs: 1_000 }),
    patientName: () => 'BENCH, Test',
    practice: () => ({ odsCode: 'Y90001', name: 'Riverside Medical Practice' }),
  });
  const patients = sandbox.population.demoPracticePatients().filter((p) => !p.deceasedDateTime).map((p) => p.id);
  const later = sandbox.appointments.now().getTime() + 3_600_000;
  const { slots } = await client.fetchRange('2026-11-25', '2026-12-23');
  const free: CrashSlot[] = slots
    .filter((s) => s.state === 'free' && !s.embargoUntil && Date.parse(s.start) > later)
    .map((s, i) => ({ id: s.id, start: s.start, end: s.end, siteId: s.siteId, clinicianId: s.clinicianId, day: s.day, nhsNumber: patients[i % patients.length]! }));

  const run = async (name: string, count: number, rate: number) => {
    const db = openDatabase(join(dir, `${name}.db`), { synchronous: 'FULL', migrations: outboxMigrations, key: BENCH_DB_KEY });
    const outbox = new OutboxService({ repo: new OutboxRepo(db), ratePerSecond: () => rate, onStatus: () => undefined });
    outbox.register(BOOK, {
      schema: BookChange,
      localIds: (p) => [p.localId],
      send: (p, e) => client.book({ slot: p.slot, nhsNumber: p.row.nhsNumber, description: null, requestId: e.requestId }),
    });
    const mine = free.splice(0, count);
    if (mine.length < count) throw new Error(`only ${mine.length} free slots left for ${count} changes`);
    const ids = mine.map((s, i) => outbox.enqueue({ kind: BOOK, payload: bookingFor(s, i), userId: 'bench' }));
    const before = sandbox.appointments.stats().appointments.booked;
    const t = performance.now();
    await outbox.kick();
    const seconds = (performance.now() - t) / 1000;
    const applied = sandbox.appointments.stats().appointments.booked - before;
    const duplicated = ids.filter((id) => sandbox.requestsSeen(id) !== 1).length;
    const lost = outbox.status().waiting + outbox.status().attention;
    db.close();
    if (applied !== count || lost !== 0) throw new Error(`${name}: ${count} queued, ${applied} applied upstream, ${lost} not sent`);
    return { perSecond: count / seconds, duplicated };
  };

  const limit = Number(process.env.BENCH_REPLAY_RATE ?? 20);
  const limitedCount = Number(process.env.BENCH_REPLAY_LIMITED ?? p.limited);
  const unlimitedCount = Number(process.env.BENCH_REPLAY_UNLIMITED ?? p.unlimited);
  const limited = await run('limited', limitedCount, limit);
  const unlimited = await run('unlimited', unlimitedCount, 0);
  const r = (n: number) => Math.round(n * 10) / 10;
  log(`  replay: ${r(limited.perSecond)}/s with a ${limit}/s limit; ${r(unlimited.perSecond)}/s with none (${unlimitedCount} changes, 0 lost, ${unlimited.duplicated} re-sent)`);
  return [
    {
      name: 'outbox.replay-rate-limited', unit: 'changes/s', median: r(limited.perSecond), p95: r(limited.perSecond), size: limitedCount, target: r(limit * 0.9),
      baseline: { method: `the configured limit (${limit}/s)`, median: limit, p95: limit }, method: 'ordered replay paced to the limit, over HTTP, exactly once',
      samples: 1, meetsTarget: limited.perSecond >= limit * 0.9 && limited.perSecond <= limit * 1.05,
    },
    {
      name: 'outbox.replay-unlimited', unit: 'changes/s', median: r(unlimited.perSecond), p95: r(unlimited.perSecond), size: unlimitedCount, target: 1_000,
      baseline: { method: 'the rate-limited replay above', median: r(limited.perSecond), p95: r(limited.perSecond) }, method: 'ordered replay, no limit, over HTTP, exactly once',
      samples: 1, meetsTarget: unlimited.perSecond >= 1_000,
    },
  ];
}
