import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey } from '../../electron/core/db/cipher';
import { TEST_DB_KEY } from '../helpers/db-key';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppointmentsClient } from '../../electron/core/national/appointments.client';
import { FhirTransport } from '../../electron/core/national/http.transport';
import { startSandbox, type Sandbox } from '../../electron/sandbox';
import type { CrashSlot } from '../helpers/children/crash-slots';
import { useTempDir } from '../helpers/temp-dir';

/**
 * The outbox under kill -9: a child commits bookings and reports each only after its commit returned; it is
 * killed at a random moment, 50 times. Nothing it reported may be missing and the file must stay sound. Then a
 * replaying child is killed mid-replay too, and the sandbox must hold each booking exactly once.
 */
const ROUNDS = 50;
const PER_ROUND = 30;
const temp = useTempDir('reception-crash-');
let sandbox: Sandbox;
const CHILDREN = resolve(__dirname, '../helpers/children');

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: '2026-11-25', clinicians: 40 });
});
afterAll(async () => sandbox.close());

/** Run a child script; `stopWhen` sees each stdout line and may kill it. Resolves with the lines once it exits. */
function runChild(script: string, args: string[], stopWhen: (line: string, kill: () => void) => void): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(CHILDREN, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffered = '';
    let stderr = '';
    const kill = () => child.kill('SIGKILL');
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const l of parts) {
        lines.push(l);
        stopWhen(l, kill);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', fail);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' || code === 0 ? done(lines) : fail(new Error(`child exited ${code}: ${stderr}`))));
  });
}

function inspect(file: string): { integrity: string; rows: { request_id: string; state: string }[] } {
  const db = new Database(file);
  applyKey(db, TEST_DB_KEY, file); // the outbox is encrypted, as at a desk
  try {
    return {
      integrity: String(db.pragma('integrity_check', { simple: true })),
      rows: db.prepare('SELECT request_id, state FROM outbox ORDER BY seq').all() as { request_id: string; state: string }[],
    };
  } finally {
    db.close();
  }
}

async function freeSlots(n: number): Promise<CrashSlot[]> {
  const client = new AppointmentsClient({
    transport: new FhirTransport({ baseUrl: sandbox.appointments.baseUrl, timeoutMs: 10_000, maxRetryAfterWaitMs: 0 }),
    patientName: () => 'X',
    practice: () => ({ odsCode: 'Y90001', name: 'Riverside Medical Practice' }),
  });
  const patients = sandbox.population.demoPracticePatients().filter((p) => !p.deceasedDateTime).map((p) => p.id);
  const later = sandbox.appointments.now().getTime() + 3_600_000;
  const { slots } = await client.fetchRange('2026-11-26', '2026-12-09');
  return slots
    .filter((s) => s.state === 'free' && !s.embargoUntil && Date.parse(s.start) > later)
    .slice(0, n)
    .map((s, i) => ({ id: s.id, start: s.start, end: s.end, siteId: s.siteId, clinicianId: s.clinicianId, day: s.day, nhsNumber: patients[i % patients.length]! }));
}

describe('the outbox under kill -9', () => {
  it(`loses nothing it reported saved across ${ROUNDS} kills, and replays each change exactly once`, async () => {
    const dir = temp();
    const file = join(dir, 'outbox.db');
    const slots = await freeSlots(ROUNDS * PER_ROUND);
    expect(slots.length).toBe(ROUNDS * PER_ROUND);
    const slotsFile = join(dir, 'slots.json');
    writeFileSync(slotsFile, JSON.stringify(slots));

    let written = 0;
    let killedMidWrite = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const killAfterMs = Math.random() * 40;
      let timer: NodeJS.Timeout | undefined;
      const lines = await runChild('outbox-writer.child.ts', [file, slotsFile, String(written), String(written + PER_ROUND)], (line, kill) => {
        if (line === 'ready') timer = setTimeout(kill, killAfterMs);
      });
      clearTimeout(timer);
      const reported = lines.filter((l) => l.startsWith('saved ')).map((l) => l.slice(6));
      const after = inspect(file);
      expect(after.integrity, `round ${round}`).toBe('ok');
      const stored = new Set(after.rows.map((r) => r.request_id));
      expect(reported.filter((id) => !stored.has(id)), `round ${round}: reported saved but missing`).toEqual([]);
      if (reported.length < PER_ROUND) killedMidWrite++;
      written = after.rows.length;
    }
    expect(written).toBeGreaterThan(ROUNDS); // the children did write, round after round
    expect(killedMidWrite).toBeGreaterThan(ROUNDS / 4); // and most kills landed mid-burst, not after it
    console.log(`[crash] ${ROUNDS} kills, ${killedMidWrite} mid-burst, ${written} changes on disk`);

    const bookedBefore = sandbox.appointments.stats().appointments.booked;
    // Replay, killed twice part-way (possibly between a send and its "sent" mark), then to the end.
    for (const fraction of [0.2, 0.5]) {
      await runChild('outbox-replayer.child.ts', [file, sandbox.appointments.baseUrl], (line, kill) => {
        if (line.startsWith('sent ') && inspect(file).rows.filter((r) => r.state === 'sent').length >= written * fraction) kill();
        if (line === 'done') kill();
      });
    }
    await runChild('outbox-replayer.child.ts', [file, sandbox.appointments.baseUrl], () => undefined);

    const end = inspect(file);
    expect(end.integrity).toBe('ok');
    expect(end.rows.filter((r) => r.state !== 'sent')).toEqual([]);
    expect(sandbox.appointments.stats().appointments.booked - bookedBefore).toBe(written); // each change applied once upstream
    const resent = end.rows.filter((r) => sandbox.requestsSeen(r.request_id) > 1).length;
    console.log(`[crash] replay: ${written} bookings upstream, ${resent} sent more than once and de-duplicated by X-Request-ID`);
  }, 240_000);
});
