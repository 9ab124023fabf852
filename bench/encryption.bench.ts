import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../electron/core/core';
import { isPlainSqliteFile, openDatabase, type Db, type DbKey } from '../electron/core/db/connection';
import { cacheMigrations } from '../electron/core/db/migrations/cache.migrations';
import { outboxMigrations } from '../electron/core/db/migrations/outbox.migrations';
import { OutboxRepo } from '../electron/core/db/repos/outbox.repo';
import { PatientsRepo } from '../electron/core/db/repos/patients.repo';
import { seedDemoStaff } from '../electron/core/demo/demo-staff';
import { SimulatedCardReader } from '../electron/core/devices';
import { BOOK, BookChange } from '../electron/core/outbox/appointment.changes';
import { OutboxService } from '../electron/core/outbox/outbox.service';
import { defaultSettings, type Settings } from '../electron/core/settings/settings.schema';
import { startSandbox, type Sandbox } from '../electron/sandbox';
import { bookingFor } from '../test/helpers/children/crash-slots';
import { BENCH_DB_KEY } from './bench-key';
import { sizeLabel, summarise, type Figure } from './figures';
import {
  PATIENT_SEARCH_KINDS, PATIENT_SEARCH_METHODS, PATIENT_SEARCH_TARGETS, runSearch, searchMix, warmSearches, type PatientSearchKind, type SearchMix,
} from './patient-search.bench';
import { BENCH_TODAY, population, scratchDir, seedCacheFile, type PatientCaches } from './population-cache';

export interface EncryptionParams {
  /** Patients in both local copies (the encrypted one and its plain twin). */
  patients: number;
  /** Times the desk's search mix (300 queries of each kind) runs over each copy. */
  searchRounds: number;
  /** Cold opens (open + first searches) of each copy. */
  coldOpens: number;
  /** Durable outbox commits of a booking, each file. */
  commits: number;
  /** Bookings through each core (`book:book`, the embedded sandbox answering). */
  bookings: number;
}

/**
 * Targets, and why:
 * - Search: the encrypted p95 within 2× the plain p95 of the same run (the design note measured ChaCha20 at about
 *   2.4× on a point lookup over a cold page cache and 1.25× on an index range; warm, the desk's page cache holds
 *   decrypted pages), and never above issue 10's target for that search. Below 0.05 ms the timer's and the
 *   scheduler's jitter is of the order of the figure itself, so 2× is read from a floor of 0.05 ms.
 * - Outbox commit: the design's goal for a local enqueue with synchronous=FULL (≤ 5 ms), encrypted.
 * - Booking through the core: the 100 ms a click may take before it stops feeling immediate (the same budget as
 *   keystroke → painted results), and within 2× of plain. The sandbox answering over loopback HTTP is in both.
 * - Cold open: within 2× plain and ≤ 100 ms, a twentieth of the 2 s cold-start budget (host.cold-start-browser).
 */
const RATIO = 2;
const RATIO_FLOOR_MS = 0.05;
const OUTBOX_COMMIT_TARGET_MS = 5;
const BOOK_VERB_TARGET_MS = 100;
const COLD_OPEN_TARGET_MS = 100;

type Stats = { median: number; p95: number };
const ratio = (enc: Stats, plain: Stats) => Math.round((enc.p95 / Math.max(plain.p95, 0.001)) * 100) / 100;
/** The lesser of the absolute target and 2× the plain p95 (read from a floor, see above). */
const targetFor = (absolute: number, plain: Stats) => Math.round(Math.min(absolute, RATIO * Math.max(plain.p95, RATIO_FLOOR_MS)) * 1000) / 1000;

function encFigure(o: { name: string; method: string; enc: Stats; plain: Stats; size: number; samples: number; absolute: number; targetNote: string; note?: string }): Figure {
  const target = targetFor(o.absolute, o.plain);
  return {
    name: o.name, unit: 'ms', median: o.enc.median, p95: o.enc.p95, size: o.size, target, targetNote: o.targetNote,
    baseline: { method: 'the same on a plain (unencrypted) file seeded identically, interleaved in the same run', median: o.plain.median, p95: o.plain.p95 },
    method: o.method, samples: o.samples, meetsTarget: o.enc.p95 <= target,
    note: `encrypted/plain p95 ${ratio(o.enc, o.plain)}×${o.note ? `; ${o.note}` : ''}`,
  };
}

/** Run a pair of measurements interleaved (which goes first alternates), so a busy machine weighs on both alike. */
async function interleaved(n: number, plain: (i: number) => unknown, enc: (i: number) => unknown): Promise<{ plain: number[]; enc: number[] }> {
  const out = { plain: [] as number[], enc: [] as number[] };
  const one = async (which: 'plain' | 'enc', i: number) => {
    const t = performance.now();
    await (which === 'plain' ? plain(i) : enc(i));
    out[which].push(performance.now() - t);
  };
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      await one('plain', i);
      await one('enc', i);
    } else {
      await one('enc', i);
      await one('plain', i);
    }
  }
  return out;
}

/**
 * What encryption at rest (ChaCha20-Poly1305, raw key) costs the receptionist, each encrypted figure beside the same
 * measurement on a plain file in the same run: the local search mix of bench/patient-search.bench.ts, a cold open of
 * the local copy, the durable outbox commit of a booking, and a whole booking through the core.
 */
export async function benchEncryption(p: EncryptionParams, caches: PatientCaches, log: (s: string) => void): Promise<Figure[]> {
  const dir = scratchDir('encryption');
  try {
    const encFile = caches.file(p.patients); // seeded with BENCH_DB_KEY (shared with patient-search)
    const plainFile = join(dir, 'cache-plain.db');
    const t = performance.now();
    seedCacheFile(plainFile, population(p.patients), null);
    log(`  seeded a plain twin of ${p.patients.toLocaleString('en-GB')} patients in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    if (!isPlainSqliteFile(plainFile) || isPlainSqliteFile(encFile)) throw new Error('the plain twin must be plain and the local copy encrypted');
    const mix = searchMix(p.patients);
    const figures = [...searchFigures(p, encFile, plainFile, mix, log), coldOpenFigure(p, encFile, plainFile, mix, log)];
    figures.push(outboxCommitFigure(p, dir, log));
    figures.push(await bookVerbFigure(p, dir, encFile, plainFile, log));
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const openCache = (file: string, key: DbKey | null): Db => openDatabase(file, { synchronous: 'NORMAL', migrations: cacheMigrations, key });

function searchFigures(p: EncryptionParams, encFile: string, plainFile: string, mix: SearchMix, log: (s: string) => void): Figure[] {
  const encDb = openCache(encFile, BENCH_DB_KEY);
  const plainDb = openCache(plainFile, null);
  try {
    const enc = new PatientsRepo(encDb);
    const plain = new PatientsRepo(plainDb);
    if (enc.count() !== p.patients || plain.count() !== p.patients) throw new Error(`the copies hold ${enc.count()} and ${plain.count()} patients, not ${p.patients}`);
    // Sanity: both copies answer every kind alike before they are timed.
    for (const kind of PATIENT_SEARCH_KINDS) {
      for (let i = 0; i < 5; i++) {
        if (JSON.stringify(runSearch(enc, mix, kind, i)) !== JSON.stringify(runSearch(plain, mix, kind, i))) throw new Error(`the copies disagree on ${kind} #${i}`);
      }
    }
    warmSearches(enc, mix);
    warmSearches(plain, mix);
    const n = mix.nhs.length;
    const samples: Record<PatientSearchKind, { plain: number[]; enc: number[] }> = {
      'nhs-number': { plain: [], enc: [] }, 'surname-prefix-dob': { plain: [], enc: [] }, 'short-prefix-dob': { plain: [], enc: [] },
    };
    // The desk's mix as it comes: each query of each kind, over both copies, round after round.
    for (let round = 0; round < p.searchRounds; round++) {
      for (let i = 0; i < n; i++) {
        for (const kind of PATIENT_SEARCH_KINDS) {
          const first = (i + round) % 2 === 0 ? ['plain', 'enc'] as const : ['enc', 'plain'] as const;
          for (const which of first) {
            const repo = which === 'plain' ? plain : enc;
            const t = performance.now();
            runSearch(repo, mix, kind, i);
            samples[kind][which].push(performance.now() - t);
          }
        }
      }
    }
    const figures = PATIENT_SEARCH_KINDS.map((kind) => encFigure({
      name: `encryption.search.${kind}.${sizeLabel(p.patients)}`,
      method: `encrypted cache.db (ChaCha20-Poly1305): ${PATIENT_SEARCH_METHODS[kind]}`,
      enc: summarise(samples[kind].enc), plain: summarise(samples[kind].plain), size: p.patients, samples: samples[kind].enc.length,
      absolute: PATIENT_SEARCH_TARGETS[kind],
      targetNote: `the lesser of ${RATIO}× the plain p95 (floor ${RATIO_FLOOR_MS} ms) and issue 10's ${PATIENT_SEARCH_TARGETS[kind]} ms`,
    }));
    log(`  search over ${p.patients.toLocaleString('en-GB')}, p95 encrypted vs plain: ${figures.map((f) => `${f.name.split('.')[2]} ${f.p95} vs ${f.baseline.p95} ms`).join('; ')}`);
    return figures;
  } finally {
    encDb.close();
    plainDb.close();
  }
}

/** Open the local copy as the core does (key, WAL, migrations checked), then its first searches; close. */
function coldOpenFigure(p: EncryptionParams, encFile: string, plainFile: string, mix: SearchMix, log: (s: string) => void): Figure {
  const open = (file: string, key: DbKey | null) => (i: number) => {
    const db = openCache(file, key);
    try {
      const repo = new PatientsRepo(db);
      for (const kind of PATIENT_SEARCH_KINDS) runSearch(repo, mix, kind, i % mix.nhs.length);
    } finally {
      db.close();
    }
  };
  open(encFile, BENCH_DB_KEY)(0);
  open(plainFile, null)(0);
  const s = syncInterleaved(p.coldOpens, open(plainFile, null), open(encFile, BENCH_DB_KEY));
  const f = encFigure({
    name: `encryption.cache-cold-open.${sizeLabel(p.patients)}`,
    method: 'open the encrypted cache.db (key, WAL, migrations checked), one search of each kind, close',
    enc: summarise(s.enc), plain: summarise(s.plain), size: p.patients, samples: s.enc.length, absolute: COLD_OPEN_TARGET_MS,
    targetNote: `the lesser of ${RATIO}× the plain p95 and ${COLD_OPEN_TARGET_MS} ms (a twentieth of the 2 s cold start)`,
    note: "a new connection each time; the file is in the OS's page cache (a desk's first open after boot reads it from disk as well)",
  });
  log(`  cold open + first searches, encrypted vs plain: median ${f.median} vs ${f.baseline.median} ms, p95 ${f.p95} vs ${f.baseline.p95} ms`);
  return f;
}

function syncInterleaved(n: number, plain: (i: number) => void, enc: (i: number) => void): { plain: number[]; enc: number[] } {
  const out = { plain: [] as number[], enc: [] as number[] };
  for (let i = 0; i < n; i++) {
    for (const which of i % 2 === 0 ? ['plain', 'enc'] as const : ['enc', 'plain'] as const) {
      const t = performance.now();
      (which === 'plain' ? plain : enc)(i);
      out[which].push(performance.now() - t);
    }
  }
  return out;
}

/** The commit a booking waits on before the desk shows it: one BookChange into outbox.db (WAL, synchronous=FULL). */
function outboxCommitFigure(p: EncryptionParams, dir: string, log: (s: string) => void): Figure {
  const make = (name: string, key: DbKey | null) => {
    const db = openDatabase(join(dir, `outbox-${name}.db`), { synchronous: 'FULL', migrations: outboxMigrations, key });
    const outbox = new OutboxService({ repo: new OutboxRepo(db), ratePerSecond: () => 0, onStatus: () => undefined });
    outbox.register(BOOK, { schema: BookChange, localIds: (x) => [x.localId], send: () => Promise.reject(new Error('not sent in this bench')) });
    return { db, outbox };
  };
  const enc = make('enc', BENCH_DB_KEY);
  const plain = make('plain', null);
  try {
    const start = Date.parse(`${BENCH_TODAY}T09:00:00.000Z`);
    const change = (i: number) => {
      const at = new Date(start + i * 600_000);
      return bookingFor({
        id: `bench-slot-${i}`, start: at.toISOString(), end: new Date(at.getTime() + 600_000).toISOString(),
        siteId: 'site-1', clinicianId: `clinician-${i % 40}`, day: at.toISOString().slice(0, 10), nhsNumber: '9000000009',
      }, i);
    };
    const enqueue = (o: OutboxService) => (i: number) => o.enqueue({ kind: BOOK, payload: change(i), userId: 'bench' });
    for (let i = 0; i < 5; i++) {
      enqueue(enc.outbox)(-1 - i);
      enqueue(plain.outbox)(-1 - i);
    }
    const s = syncInterleaved(p.commits, enqueue(plain.outbox), enqueue(enc.outbox));
    const f = encFigure({
      name: 'encryption.book.outbox-commit',
      method: 'one booking committed to the encrypted outbox.db (WAL, synchronous=FULL): on disk before the desk shows it',
      enc: summarise(s.enc), plain: summarise(s.plain), size: p.commits, samples: s.enc.length, absolute: OUTBOX_COMMIT_TARGET_MS,
      targetNote: `the lesser of ${RATIO}× the plain p95 and the design's ${OUTBOX_COMMIT_TARGET_MS} ms for a local enqueue with synchronous=FULL`,
      note: 'fsync to the temp folder\'s disk; a shared disk makes the tail noisy',
    });
    log(`  outbox commit (FULL), encrypted vs plain: median ${f.median} vs ${f.baseline.median} ms, p95 ${f.p95} vs ${f.baseline.p95} ms`);
    return f;
  } finally {
    enc.db.close();
    plain.db.close();
  }
}

/** A booking as the receptionist makes it: `book:book` through a whole core, the embedded sandbox answering. */
async function bookVerbFigure(p: EncryptionParams, dir: string, encFile: string, plainFile: string, log: (s: string) => void): Promise<Figure> {
  // 12 clinicians leave about 550 bookable slots in the core's two-week book; 20 leave room for both cores' bookings.
  const sandbox = await startSandbox({ port: 0, population: 1_000, today: BENCH_TODAY, clinicians: 20 });
  const cores: Core[] = [];
  try {
    const desk = async (name: string, key: DbKey | null, cache: string) => {
      const dataDir = join(dir, `desk-${name}`);
      const core = await startCore(sandbox, dataDir, key, cache);
      cores.push(core);
      return core;
    };
    const enc = await desk('enc', BENCH_DB_KEY, encFile);
    const plain = await desk('plain', null, plainFile);
    const patients = sandbox.population.demoPracticePatients().filter((x) => !x.deceasedDateTime && x.name?.[0]?.family).slice(0, 20).map((x) => x.id);
    for (const core of cores) for (const nhs of patients) ok(await core.dispatch('patients:open', { nhsNumber: nhs }), 'patients:open');
    const now = sandbox.appointments.now().getTime();
    const free = enc.repos.book.slotsFrom(new Date(now).toISOString())
      .filter((s) => s.state === 'free' && !s.embargoUntil && s.bookableBy.includes('reception') && Date.parse(s.start) > now + 3_600_000)
      .filter((s) => plain.repos.book.slot(s.id)?.state === 'free');
    const warm = 3;
    const need = 2 * (p.bookings + warm);
    if (free.length < need) throw new Error(`only ${free.length} free slots for ${need} bookings`);
    log(`  ${free.length} free slots in both desks' books; booking ${need}`);
    // Alternate slots between the two desks so neither books only the early (or late) part of the book.
    const slotFor = (which: 0 | 1, i: number) => free[2 * (i + warm) + which]!.id;
    const book = (core: Core, which: 0 | 1) => async (i: number) =>
      ok(await core.dispatch('book:book', { slotId: slotFor(which, i), nhsNumber: patients[(i + warm) % patients.length]! }), 'book:book');
    for (let i = -warm; i < 0; i++) {
      await book(plain, 0)(i);
      await book(enc, 1)(i);
    }
    const s = await interleaved(p.bookings, book(plain, 0), book(enc, 1));
    for (const core of cores) if (core.outbox.status().waiting !== 0) throw new Error('a booking is still waiting to send');
    const f = encFigure({
      name: 'encryption.book.book-verb',
      method: 'book:book through a core whose four files are encrypted: checks, outbox commit (FULL), book and audit writes, sent to the sandbox over loopback HTTP',
      enc: summarise(s.enc), plain: summarise(s.plain), size: p.bookings, samples: s.enc.length, absolute: BOOK_VERB_TARGET_MS,
      targetNote: `the lesser of ${RATIO}× the plain p95 and ${BOOK_VERB_TARGET_MS} ms (a click that still feels immediate)`,
      note: `each core's cache.db holds the ${sizeLabel(p.patients)} patients of the search figures; no rate limit`,
    });
    log(`  book:book through the core, encrypted vs plain: median ${f.median} vs ${f.baseline.median} ms, p95 ${f.p95} vs ${f.baseline.p95} ms`);
    return f;
  } finally {
    for (const core of cores) await core.close();
    await sandbox.close();
  }
}

function ok(r: { ok: boolean; error?: { code: string; message: string } }, what: string): void {
  if (!r.ok) throw new Error(`${what}: ${r.error?.code} ${r.error?.message}`);
}

async function startCore(sandbox: Sandbox, dataDir: string, dbKey: DbKey | null, cache: string): Promise<Core> {
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(cache, join(dataDir, 'cache.db'));
  // No national rate limit: the outbox would otherwise pace the bookings, which is not what is measured here.
  const s: Settings = { ...defaultSettings(), nationalApi: { ...defaultSettings().nationalApi, rateLimitPerSecond: 0 } };
  const reader = new SimulatedCardReader();
  const core = createCore({
    dataDir, dbKey, settings: { get: () => s, update: () => s }, transport: 'browser-host', pdsBaseUrl: sandbox.baseUrl,
    nationalLabel: 'bench', demo: true, version: 'bench', reader, demoCards: { present: (id) => void reader.present(id), withdraw: () => void reader.withdraw() },
    appointmentsBaseUrl: sandbox.appointments.baseUrl, bookClock: () => sandbox.appointments.now(), bookRefreshMs: 0,
  });
  try {
    await seedDemoStaff(core.repos.staff);
    await core.start();
    await core.firstRefreshed();
    await reader.present('04A1B2C3');
    for (let i = 0; core.auth.state().state !== 'card-presented'; i++) {
      if (i > 200) throw new Error('the card was not seen');
      await new Promise((r) => setTimeout(r, 5));
    }
    ok(await core.dispatch('auth:passcode', { passcode: '123456' }), 'auth:passcode');
    return core;
  } catch (e) {
    await core.close();
    throw e;
  }
}
