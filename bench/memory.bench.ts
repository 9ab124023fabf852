import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSandbox } from '../electron/sandbox';
import { figure, summarise, type Figure } from './figures';
import { toMB } from './desk';
import { BENCH_SEED, BENCH_TODAY, population, type PatientCaches } from './population-cache';

const TARGET_MB = 300;
const CHILD = join(__dirname, 'children/core-memory.ts');
/** The national sandbox the child's core talks to: the first patients of the same population (same seed). */
const NATIONAL_POPULATION = 10_000;

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

interface ChildReport {
  cached: number;
  rss: number;
  heapUsed: number;
  maxRssKb: number;
}

function runChild(input: object): Promise<ChildReport> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code === 0 && line) ok(JSON.parse(line) as ChildReport);
      else fail(new Error(`core-memory child exited ${code}: ${err.trim().slice(0, 600)}`));
    });
  });
}

/**
 * The core process's resident memory with a local copy of N patients (1,000,000 in the full run), after searches of
 * every kind (national by NHS number and by name, local postcode and surname-prefix searches, records opened), each
 * round a fresh child process. Baseline: the same child over an empty local copy.
 */
export async function benchCoreMemory(p: { patients: number; rounds: number }, caches: PatientCaches, log: (s: string) => void): Promise<Figure[]> {
  const sandbox = await startSandbox({ port: 0, population: NATIONAL_POPULATION, seed: BENCH_SEED, today: BENCH_TODAY });
  try {
    const people = population(Math.min(p.patients, NATIONAL_POPULATION)).filter((x, i) => i % 101 === 7 && x.name && x.birthDate && x.address && !x.restricted && !x.supersededNhsNumber);
    const base = {
      pdsBaseUrl: sandbox.baseUrl, appointmentsBaseUrl: sandbox.appointments.baseUrl, prescriptionsBaseUrl: sandbox.prescriptions.baseUrl,
      national: people.slice(0, 12).map((x, i) => (i % 2 ? `${x.name!.family} ${x.name!.given[0]} ${ddmmyyyy(x.birthDate!)}` : x.nhsNumber)),
      postcodes: people.slice(12, 16).map((x) => x.address!.postcode),
      local: people.slice(16, 36).map((x, i) => ({ familyPrefix: x.name!.family.slice(0, 1 + (i % 5)), birthDate: x.birthDate! })),
    };
    const withCache: ChildReport[] = [];
    const empty: ChildReport[] = [];
    // Memory, not time: the child over the big copy and the one over an empty copy run side by side.
    const one = async (size: number) => {
      const dataDir = caches.dataDir(size, 'memory');
      try {
        return await runChild({ ...base, dataDir, sandboxNow: sandbox.appointments.now().toISOString() });
      } finally {
        caches.drop(dataDir);
      }
    };
    for (let i = 0; i < p.rounds; i++) {
      const [a, b] = await Promise.all([one(p.patients), one(0)]);
      withCache.push(a);
      empty.push(b);
    }
    if (withCache.some((r) => r.cached < p.patients)) throw new Error(`the child's local copy held fewer than ${p.patients} patients`);
    const mb = (rs: ChildReport[]) => summarise(rs.map((r) => toMB(r.rss)));
    const m = mb(withCache);
    const peak = Math.max(...withCache.map((r) => r.maxRssKb)) / 1024;
    const emptyPeak = Math.max(...empty.map((r) => r.maxRssKb)) / 1024;
    log(`  core memory: ${p.patients.toLocaleString('en-GB')} cached → RSS p95 ${m.p95} MB (peak ${peak.toFixed(0)} MB); empty copy ${mb(empty).p95} MB`);
    return [
      figure({
        name: 'memory.core-rss', unit: 'MB', ...m, size: p.patients, target: TARGET_MB,
        baseline: { method: 'the same core process over an empty local copy', ...mb(empty) },
        method: 'resident set of a child process running the core alone (createCore, node --import tsx), signed in, after 12 national and 4 postcode searches, 20 local surname searches and 3 records opened',
        samples: p.rounds, note: `peak RSS ${peak.toFixed(0)} MB (empty copy ${emptyPeak.toFixed(0)} MB); JS heap used p95 ${summarise(withCache.map((r) => toMB(r.heapUsed))).p95} MB`,
      }),
    ];
  } finally {
    await sandbox.close();
  }
}
