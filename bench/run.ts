import { cpus, loadavg, tmpdir } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkReport, HIGHER_IS_BETTER, type Figure, type Report, type Skipped } from './figures';
import { snapshotBuild } from './desk';
import { PatientCaches } from './population-cache';
import { REGISTRY, type BenchEntry, type Mode } from './registry';

/**
 * `npm run bench [-- --quick] [-- --only=id,id]`: every bench of bench/registry.ts with its quick or full parameters,
 * each figure beside its baseline measured in the same run, checked against the results schema (bench/figures.ts)
 * and written to bench/results.json, then printed as a table. A malformed result, a bench that fails, or a bench that
 * writes other figures than it declares fails the run (exit 1) and nothing is written.
 * The quick run, and `--only` (the named benches alone), write to a file in the temp folder instead: results.json
 * keeps the last full run, the figures the README quotes.
 */
const args = process.argv.slice(2);
const mode: Mode = args.includes('--quick') ? 'quick' : 'full';
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',').filter(Boolean);
const log = (s: string) => process.stderr.write(s + '\n');

function selected(): BenchEntry[] {
  if (!only) return [...REGISTRY];
  const unknown = only.filter((id) => !REGISTRY.some((e) => e.id === id));
  if (unknown.length) throw new Error(`no bench called ${unknown.join(', ')}; the benches are ${REGISTRY.map((e) => e.id).join(', ')}`);
  return REGISTRY.filter((e) => only.includes(e.id));
}

/** The figures a bench wrote must be the ones it declares (a provisional bench is only warned about). */
function checkDeclared(e: BenchEntry, params: unknown, figures: Figure[], skipped: Skipped[]): void {
  const declared = new Set(e.figures(params));
  const wrote = [...figures.map((f) => f.name), ...skipped.map((s) => s.name)];
  const extra = wrote.filter((n) => !declared.has(n));
  const missing = [...declared].filter((n) => !wrote.includes(n));
  if (!extra.length && !missing.length) return;
  const problem = `bench "${e.id}" wrote ${extra.length ? `undeclared figures ${extra.join(', ')}` : ''}${extra.length && missing.length ? ' and ' : ''}${missing.length ? `none of ${missing.join(', ')}` : ''} (see bench/registry.ts)`;
  if (e.provisional) log(`  warning: ${problem}; ${e.provisional}`);
  else throw new Error(problem);
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(n));

function table(report: Report): string {
  const rows = report.figures.map((f) => [
    f.name, f.unit, num(f.median), num(f.p95), f.size.toLocaleString('en-GB'),
    f.target === null ? 'none' : `${HIGHER_IS_BETTER.has(f.unit) ? '≥' : '≤'} ${f.target}`,
    num(f.baseline.p95), f.meetsTarget === null ? '—' : f.meetsTarget ? 'met' : 'MISSED',
  ]);
  const head = ['figure', 'unit', 'median', 'p95', 'size', 'target', 'baseline p95', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([2, 3, 4, 6]);
  const line = (r: string[]) => r.map((c, i) => (right.has(i) ? lpad(c, widths[i]!) : pad(c, widths[i]!))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  for (const s of report.skipped) out.push(`${pad(s.name, widths[0]!)}  not measured: ${s.reason}`);
  return out.join('\n');
}

async function main() {
  const started = performance.now();
  const loadAtStart = loadavg()[0]!;
  const benches = selected();
  log(`bench: ${mode} run of ${benches.map((e) => e.id).join(', ')}`);
  const dropBuild = snapshotBuild();
  const caches = new PatientCaches(log);
  const figures: Figure[] = [];
  const skipped: Skipped[] = [];
  try {
    for (const e of benches) {
      const params = e[mode];
      const t = performance.now();
      log(`▸ ${e.id}: ${e.measures}`);
      const out = await e.run(params, { mode, log, caches });
      const got = Array.isArray(out) ? { figures: out, skipped: [] } : { figures: out.figures, skipped: out.skipped ?? [] };
      checkDeclared(e, params, got.figures, got.skipped);
      figures.push(...got.figures);
      skipped.push(...got.skipped);
      for (const s of got.skipped) log(`  not measured: ${s.name}: ${s.reason}`);
      log(`  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
  } finally {
    caches.close();
    dropBuild();
  }

  const report = checkReport({
    generatedAt: new Date().toISOString(),
    mode,
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    machine: {
      node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length,
      load: { atStart: Math.round(loadAtStart * 100) / 100, atEnd: Math.round(loadavg()[0]! * 100) / 100 },
    },
    figures,
    skipped,
  });
  const out = only
    ? join(tmpdir(), `reception-bench-${mode}-${only.join('-')}.json`)
    : mode === 'quick' ? join(tmpdir(), 'reception-bench-quick.json') : join(__dirname, 'results.json');
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  log('');
  log(table(report));
  const missed = report.figures.filter((f) => f.meetsTarget === false).map((f) => f.name);
  log(`\n${mode} run: ${report.figures.length} figures in ${report.durationSeconds} s (load average ${report.machine.load?.atStart} → ${report.machine.load?.atEnd} on ${report.machine.cpus} cores); ${missed.length ? `targets missed: ${missed.join(', ')}` : 'every target met'}${report.skipped.length ? `; ${report.skipped.length} not measured` : ''}`);
  log(`wrote ${out}`);
}

// Exit once written: a bench that left a timer or socket behind must not hold the run open.
main().then(() => process.exit(0)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  if (e instanceof Error && e.stack && !/results\.json would be malformed/.test(e.message)) console.error(e.stack.split('\n').slice(1, 6).join('\n'));
  process.exit(1);
});
