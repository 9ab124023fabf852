import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCardLock } from './card-lock.bench';
import { benchDayView } from './day-view.bench';
import { benchFindFree } from './find-free.bench';
import { benchLockPaint } from './lock-paint.bench';
import { benchOutage } from './outbox.bench';
import type { Figure } from './figures';
import { benchPatientSearch } from './patient-search.bench';
import { benchSandboxSearch } from './sandbox-search.bench';

/**
 * `npm run bench`: every figure beside its baseline, measured in this run, written to bench/results.json.
 * BENCH_SIZES=10000,100000 limits the population sizes (default 10k, 100k, 1M); BENCH_CARD_ROUNDS the card cycles.
 */
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number).filter((n) => n > 0);
const log = (s: string) => process.stderr.write(s + '\n');

async function main() {
  const figures: Figure[] = [];
  for (const size of sizes) {
    log(`patient search over ${size.toLocaleString('en-GB')} patients`);
    figures.push(...benchPatientSearch(size, log));
    figures.push(...benchSandboxSearch(size, log));
  }
  log('appointment book');
  figures.push(...(await benchFindFree(log)));
  figures.push(...(await benchDayView(Number(process.env.BENCH_DAY_ROUNDS ?? 10), log)));
  log('outage and replay');
  figures.push(...(await benchOutage(Number(process.env.BENCH_OUTAGE_ROUNDS ?? 5), log)));
  log('card removal → lock');
  figures.push(...(await benchCardLock(Number(process.env.BENCH_CARD_ROUNDS ?? 40), log)));
  figures.push(...(await benchLockPaint(Number(process.env.BENCH_PAINT_ROUNDS ?? 15), log)));

  const out = join(__dirname, 'results.json');
  mkdirSync(__dirname, { recursive: true });
  const report = { generatedAt: new Date().toISOString(), machine: { node: process.version, platform: process.platform, arch: process.arch }, figures };
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  for (const f of figures) {
    log(`${f.name.padEnd(36)} n=${String(f.size).padStart(8)}  p95 ${String(f.p95).padStart(8)} ${f.unit}  (baseline ${f.baseline?.p95} ${f.unit})  target ${f.target} ${f.unit} ${f.meetsTarget ? 'met' : 'MISSED'}`);
  }
  log(`wrote ${out}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
