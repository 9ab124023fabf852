/**
 * Every benchmark of `npm run bench`, in the order it runs: what it measures, its parameters for the quick smoke run
 * (`npm run bench -- --quick`, under 2 minutes on 2 cores) and the full run (under 15 minutes), and the figures it
 * writes. bench/run.ts runs this list; test/unit/bench-results.test.ts checks it names every figure the issues ask
 * for. Benches are loaded only when they run, so this file stays cheap to import.
 */
import { sizeLabel, type Figure, type Skipped } from './figures';
import type { PatientCaches } from './population-cache';
import type { EncryptionParams } from './encryption.bench';

export type Mode = 'quick' | 'full';

export interface BenchContext {
  mode: Mode;
  log: (s: string) => void;
  /** cache.db files of N synthetic patients, built once per run and shared by the benches that need them. */
  caches: PatientCaches;
}

export interface BenchOutput {
  figures: Figure[];
  /** Figures that could not be measured here, with the reason (printed and written to results.json). */
  skipped?: Skipped[];
}

export interface BenchEntry<P = unknown> {
  id: string;
  /** What the bench measures, in a sentence. */
  measures: string;
  /** Where the figure and its target come from. */
  issue: string;
  quick: P;
  full: P;
  /** The names of the figures (or skipped figures) this bench writes with these parameters, every one of them. */
  figures(p: P): string[];
  /**
   * Set while a bench is being written elsewhere and its figure names are not settled: a difference between what it
   * writes and what is declared here is then a warning, not a failure.
   */
  provisional?: string;
  run(p: P, ctx: BenchContext): Promise<BenchOutput | Figure[]>;
}

const entry = <P>(e: BenchEntry<P>): BenchEntry<unknown> => e as BenchEntry<unknown>;

/** BENCH_SIZES=10000,100000 narrows the patient-search sizes of a run (the README's knob). */
const sizesFromEnv = (fallback: number[]): number[] => {
  const env = process.env.BENCH_SIZES?.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return env?.length ? env : fallback;
};

const SEARCH_KINDS = ['nhs-number', 'surname-prefix-dob', 'short-prefix-dob'] as const;

export const REGISTRY: readonly BenchEntry[] = [
  entry({
    id: 'patient-search',
    measures: "the core's local search in cache.db: NHS number, surname prefix (≥ 3 letters) + date of birth, 1–2 letters + date of birth, each beside a LIKE scan",
    issue: 'issue 10 (≤ 1 ms, ≤ 5 ms, ≤ 20 ms over 1,000,000 patients)',
    quick: { sizes: [10_000] },
    full: { sizes: sizesFromEnv([10_000, 100_000, 1_000_000]) },
    figures: (p) => p.sizes.flatMap((n) => SEARCH_KINDS.map((k) => `patient-search.${k}.${sizeLabel(n)}`)),
    run: async (p, ctx) => {
      const { benchPatientSearch } = await import('./patient-search.bench');
      return p.sizes.flatMap((n) => {
        ctx.log(`patient search over ${n.toLocaleString('en-GB')} cached patients`);
        return benchPatientSearch(n, ctx.caches, ctx.log);
      });
    },
  }),
  entry({
    id: 'encryption',
    measures: 'encryption at rest on vs off in the same run: the local search mix, a cold open of cache.db, the outbox commit of a booking, and book:book through a whole core, each encrypted figure beside a plain file seeded identically',
    issue: 'issue 9 (encrypted within 2× plain, and under issue 10\'s search targets, 5 ms per outbox commit, 100 ms per booking)',
    // Before sandbox-search, which lets the populations go: this reuses patient-search's encrypted cache when the size matches.
    quick: { patients: 10_000, searchRounds: 3, coldOpens: 60, commits: 300, bookings: 80 },
    full: { patients: 100_000, searchRounds: 10, coldOpens: 150, commits: 1_000, bookings: 250 },
    figures: (p: EncryptionParams) => [
      ...SEARCH_KINDS.map((k) => `encryption.search.${k}.${sizeLabel(p.patients)}`),
      `encryption.cache-cold-open.${sizeLabel(p.patients)}`,
      'encryption.book.outbox-commit',
      'encryption.book.book-verb',
    ],
    run: async (p: EncryptionParams, ctx) => (await import('./encryption.bench')).benchEncryption(p, ctx.caches, ctx.log),
  }),
  entry({
    id: 'sandbox-search',
    measures: "the embedded national sandbox's PDS search (surname + date of birth) beside scoring every patient",
    issue: 'issue 2 (the sandbox answers like the national service: ≤ 10 ms)',
    quick: { sizes: [10_000] },
    full: { sizes: sizesFromEnv([10_000, 100_000, 1_000_000]) },
    figures: (p) => p.sizes.map((n) => `sandbox.pds-search.surname-dob.${sizeLabel(n)}`),
    run: async (p, ctx) => {
      const { benchSandboxSearch } = await import('./sandbox-search.bench');
      const { forgetPopulations } = await import('./population-cache');
      try {
        return p.sizes.flatMap((n) => benchSandboxSearch(n, ctx.log));
      } finally {
        forgetPopulations(); // the last bench to need the largest population: free it before the Chromium benches
      }
    },
  }),
  entry({
    id: 'find-free',
    measures: 'find-next-free over four weeks of 40 clinicians from the slot index, beside filter-sort-take',
    issue: 'issue 4 (p95 ≤ 5 ms)',
    quick: {},
    full: {},
    figures: () => ['book.find-next-free'],
    run: async (_p, ctx) => (await import('./find-free.bench')).benchFindFree(ctx.log),
  }),
  entry({
    id: 'day-view',
    measures: 'the 40-clinician day view in Chromium: day change → grid painted (beside every row rendered), and long tasks while scrolling a week and paging with Alt+→',
    issue: 'issues 4 and 10 (first render ≤ 150 ms; no long task over 50 ms while scrolling)',
    quick: { rounds: 2, scrollDays: 1 },
    full: { rounds: 10, scrollDays: 5 },
    figures: () => ['book.day-view-render-40-clinicians', 'book.day-view-scroll-long-task'],
    run: async (p: { rounds: number; scrollDays: number }, ctx) => (await import('./day-view.bench')).benchDayView(p, ctx.log),
  }),
  entry({
    id: 'outage',
    measures: 'a hung national service → first answer from the local copy, then each search with the breaker open; replay of queued bookings with and without the rate limit',
    issue: 'issue 5 (≤ 2 s, ≤ 50 ms; ≥ 90 % of the limit, ≥ 1,000 changes/s)',
    // Each change books a different free slot (not embargoed, more than an hour ahead) of the sandbox's next four
    // weeks: 12 clinicians have about 1,400 of those, 40 about 4,700, 100 about 12,000 (enough for 10,100 changes).
    quick: { rounds: 1, limited: 40, unlimited: 500, clinicians: 12 },
    full: { rounds: 5, limited: 100, unlimited: 10_000, clinicians: 100 },
    figures: () => ['outage.first-local-answer', 'outage.local-answer-breaker-open', 'outbox.replay-rate-limited', 'outbox.replay-unlimited'],
    run: async (p: { rounds: number; limited: number; unlimited: number; clinicians: number }, ctx) => (await import('./outbox.bench')).benchOutage(p, ctx.log),
  }),
  entry({
    id: 'card-lock',
    measures: 'card pulled → session locked in the core, beside polling the reader every 250 ms',
    issue: 'issue 3 (≤ 100 ms)',
    quick: { rounds: 4 },
    full: { rounds: 40 },
    figures: () => ['card-removed-to-session-locked'],
    run: async (p: { rounds: number }, ctx) => (await import('./card-lock.bench')).benchCardLock(Number(process.env.BENCH_CARD_ROUNDS ?? p.rounds), ctx.log),
  }),
  entry({
    id: 'lock-paint',
    measures: 'card pulled → lock view painted in Chromium, beside a client-only DOM change',
    issue: 'issue 3 (≤ 250 ms)',
    quick: { rounds: 2 },
    full: { rounds: 15 },
    figures: () => ['card-removed-to-lock-view-painted'],
    run: async (p: { rounds: number }, ctx) => (await import('./lock-paint.bench')).benchLockPaint(Number(process.env.BENCH_PAINT_ROUNDS ?? p.rounds), ctx.log),
  }),
  entry({
    id: 'rota',
    measures: 'generating a year of slots for 40 clinicians with the clash check, beside the same over an empty book',
    issue: 'issue 6 (≤ 2 s)',
    quick: { rounds: 1 },
    full: { rounds: 7 },
    figures: () => ['rota.generate-year'],
    run: async (p: { rounds: number }, ctx) => (await import('./rota.bench')).benchRota(ctx.log, p.rounds),
  }),
  entry({
    id: 'prescriptions',
    measures: 'a queue of 5,000 repeat-prescription requests in Chromium: typing in "Find in queue" and changing the state filter, keystroke → painted list',
    issue: 'issue 7 (p95 ≤ 50 ms)',
    // bench/prescriptions.bench.ts takes no sizes yet: the quick run measures the same as the full one.
    quick: {},
    full: {},
    figures: () => ['prescriptions.queue-filter-5000', 'prescriptions.queue-state-filter-5000'],
    run: async (_p, ctx) => (await import('./prescriptions.bench')).benchRxQueue(ctx.log),
  }),
  entry({
    id: 'search-paint',
    measures: 'keystroke (Enter) → painted results in Chromium over N cached patients, beside the core alone; then the renderer JS heap after using the book and search',
    issue: 'issue 10 (≤ 100 ms over 100,000 patients; renderer heap ≤ 150 MB)',
    quick: { patients: 10_000, searches: 6, bookDays: 1 },
    full: { patients: 100_000, searches: 40, bookDays: 5 },
    figures: () => ['search.keystroke-to-painted', 'memory.renderer-heap'],
    run: async (p: { patients: number; searches: number; bookDays: number }, ctx) =>
      (await import('./search-paint.bench')).benchSearchPaint(p, ctx.caches, ctx.log),
  }),
  entry({
    id: 'cold-start',
    measures: 'process start → ready desk in Chromium (browser host) with N cached patients, beside the default copy; Electron the same when a binary exists',
    issue: 'issue 10 (≤ 2 s with 1,000,000 patients)',
    quick: { patients: 10_000, rounds: 1 },
    full: { patients: 1_000_000, rounds: 5 },
    figures: () => ['host.cold-start-browser', 'host.cold-start-demo', 'host.cold-start-electron'],
    run: async (p: { patients: number; rounds: number }, ctx) => (await import('./cold-start.bench')).benchColdStart(p, ctx.caches, ctx.log),
  }),
  entry({
    id: 'core-memory',
    measures: "the core process's RSS with N cached patients after searches, beside an empty copy",
    issue: 'issue 10 (≤ 300 MB with 1,000,000 patients)',
    quick: { patients: 10_000, rounds: 1 },
    full: { patients: 1_000_000, rounds: 3 },
    figures: () => ['memory.core-rss'],
    run: async (p: { patients: number; rounds: number }, ctx) => (await import('./memory.bench')).benchCoreMemory(p, ctx.caches, ctx.log),
  }),
];
