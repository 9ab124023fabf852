import { describe, expect, it } from 'vitest';
import { checkReport, FIGURE_NAME, Report, UNITS, type Figure } from '../../bench/figures';

// The registry's full sizes can be narrowed by BENCH_SIZES; the check is about the full run as shipped.
delete process.env.BENCH_SIZES;
const { REGISTRY } = await import('../../bench/registry');

/** Every figure the issues name (4 the book, 5 outages, 6 rotas, 7 prescriptions, 3 login, 9 encryption, 10 speed at scale). */
const NAMED_BY_THE_ISSUES = [
  // issue 10: patient search in the core over 1,000,000 cached patients
  'patient-search.nhs-number.1m',
  'patient-search.surname-prefix-dob.1m',
  'patient-search.short-prefix-dob.1m',
  // issue 10: keystroke → painted results over 100,000; cold start with 1,000,000 (browser host, and Electron)
  'search.keystroke-to-painted',
  'host.cold-start-browser',
  'host.cold-start-electron',
  // issues 4 and 10: the day view
  'book.day-view-render-40-clinicians',
  'book.day-view-scroll-long-task',
  // issue 10: memory
  'memory.core-rss',
  'memory.renderer-heap',
  // issue 4
  'book.find-next-free',
  // issue 3
  'card-removed-to-session-locked',
  'card-removed-to-lock-view-painted',
  // issue 5
  'outage.first-local-answer',
  'outage.local-answer-breaker-open',
  'outbox.replay-rate-limited',
  'outbox.replay-unlimited',
  // issue 6
  'rota.generate-year',
  // issue 7
  'prescriptions.queue-filter-5000',
  // issue 9: encryption at rest on vs off, in the same run (100,000 cached patients in the full run)
  'encryption.search.nhs-number.100k',
  'encryption.search.surname-prefix-dob.100k',
  'encryption.search.short-prefix-dob.100k',
  'encryption.cache-cold-open.100k',
  'encryption.book.outbox-commit',
  'encryption.book.book-verb',
] as const;

const goodFigure = (over: Partial<Figure> = {}): Figure => ({
  name: 'patient-search.nhs-number.1m',
  unit: 'ms',
  median: 0.02,
  p95: 0.05,
  size: 1_000_000,
  target: 1,
  baseline: { method: 'plain LIKE scan of the table', median: 210, p95: 260 },
  method: 'primary key lookup',
  samples: 300,
  meetsTarget: true,
  ...over,
});

const goodReport = (figures: unknown[] = [goodFigure()], over: Record<string, unknown> = {}) => ({
  generatedAt: '2026-11-25T18:00:00.000Z',
  mode: 'full',
  durationSeconds: 512.3,
  machine: { node: 'v20.19.0', platform: 'linux', arch: 'x64', cpus: 2 },
  figures,
  skipped: [],
  ...over,
});

/** A well-formed figure with one field changed, or removed (undefined). */
function withField(field: string, value: unknown): Record<string, unknown> {
  const f: Record<string, unknown> = { ...goodFigure() };
  if (value === undefined) delete f[field];
  else f[field] = value;
  return f;
}

describe('bench/results.json shape', () => {
  it('accepts a well-formed report: rates and sizes, a figure without a target that says why, skipped figures', () => {
    const report = goodReport([
      goodFigure(),
      goodFigure({ name: 'outbox.replay-unlimited', unit: 'changes/s', median: 1400, p95: 1400, target: 1000, samples: 1 }),
      goodFigure({ name: 'memory.core-rss', unit: 'MB', median: 120, p95: 124, target: 300 }),
      goodFigure({ name: 'book.day-view-scroll-long-task', target: null, targetNote: 'measured only, no target agreed yet', meetsTarget: null, note: '0 long tasks' }),
    ], { skipped: [{ name: 'host.cold-start-electron', reason: 'no Electron binary on this machine' }] });
    expect(() => checkReport(report)).not.toThrow();
    expect(Report.safeParse(report).success).toBe(true);
  });

  it('accepts a full report with every figure the issues name', () => {
    const figures = NAMED_BY_THE_ISSUES.map((name) => goodFigure({ name }));
    expect(Report.safeParse(goodReport(figures)).success).toBe(true);
  });

  const malformed: [string, unknown][] = [
    ['a name used twice', goodReport([goodFigure(), goodFigure()])],
    ['a skipped figure that was also measured', goodReport([goodFigure()], { skipped: [{ name: 'patient-search.nhs-number.1m', reason: 'no' }] })],
    ['a skipped figure without a reason', goodReport([goodFigure()], { skipped: [{ name: 'host.cold-start-electron', reason: ' ' }] })],
    ['a name that is not lower-case words', goodReport([withField('name', 'Patient search (NHS)')])],
    ['an empty name', goodReport([withField('name', '')])],
    ['a unit outside the list', goodReport([withField('unit', 'seconds')])],
    ['a missing unit', goodReport([withField('unit', undefined)])],
    ['a median that is NaN', goodReport([withField('median', NaN)])],
    ['a p95 that is infinite', goodReport([withField('p95', Infinity)])],
    ['a p95 that is a string', goodReport([withField('p95', '12 ms')])],
    ['a missing p95', goodReport([withField('p95', undefined)])],
    ['a median above the p95 for a time', goodReport([goodFigure({ median: 9, p95: 3 })])],
    ['a negative size', goodReport([withField('size', -1)])],
    ['a fractional sample count', goodReport([withField('samples', 2.5)])],
    ['no samples', goodReport([withField('samples', 0)])],
    ['no baseline', goodReport([withField('baseline', undefined)])],
    ['a null baseline', goodReport([withField('baseline', null)])],
    ['a baseline without its method', goodReport([withField('baseline', { median: 1, p95: 2 })])],
    ['a baseline with an empty method', goodReport([withField('baseline', { method: '', median: 1, p95: 2 })])],
    ['a baseline with a NaN p95', goodReport([withField('baseline', { method: 'LIKE scan', median: 1, p95: NaN })])],
    ['a missing target', goodReport([withField('target', undefined)])],
    ['a target that is not a number', goodReport([withField('target', '≤ 1 ms')])],
    ['a null target without a reason', goodReport([goodFigure({ target: null, meetsTarget: null })])],
    ['a null target that claims to be met', goodReport([goodFigure({ target: null, targetNote: 'none agreed', meetsTarget: true })])],
    ['a target without met or missed', goodReport([goodFigure({ meetsTarget: null })])],
    ['a missing method', goodReport([withField('method', undefined)])],
    ['an unknown field', goodReport([withField('colour', 'green')])],
    ['no figures at all', goodReport([])],
    ['a mode other than quick or full', goodReport([goodFigure()], { mode: 'smoke' })],
    ['a date that is not ISO', goodReport([goodFigure()], { generatedAt: 'yesterday' })],
    ['no machine', goodReport([goodFigure()], { machine: undefined })],
  ];
  it.each(malformed)('rejects %s', (_what, report) => {
    expect(Report.safeParse(report).success).toBe(false);
    expect(() => checkReport(report)).toThrow(/would be malformed/);
  });

  it('names the field at fault', () => {
    expect(() => checkReport(goodReport([withField('unit', 'seconds')]))).toThrow(/figures\.0\.unit/);
    expect(() => checkReport(goodReport([goodFigure(), goodFigure()]))).toThrow(/used twice/);
  });
});

describe('the bench registry', () => {
  const declared = (mode: 'quick' | 'full') => REGISTRY.flatMap((e) => e.figures(e[mode]));

  it('declares every figure the issues name, in the full run', () => {
    const full = new Set(declared('full'));
    expect(NAMED_BY_THE_ISSUES.filter((n) => !full.has(n))).toEqual([]);
  });

  it('has unique bench ids, and says what each measures and where its target comes from', () => {
    const ids = REGISTRY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of REGISTRY) {
      expect(e.measures.length, e.id).toBeGreaterThan(10);
      expect(e.issue, e.id).toMatch(/issues? \d+/);
      expect(e.quick, e.id).toBeDefined();
      expect(e.full, e.id).toBeDefined();
    }
  });

  it.each(['quick', 'full'] as const)('declares well-formed, unique figure names for the %s run', (mode) => {
    const names = declared(mode);
    expect(names.filter((n) => !FIGURE_NAME.test(n))).toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const e of REGISTRY) expect(e.figures(e[mode]).length, `${e.id} (${mode})`).toBeGreaterThan(0);
  });

  it('runs smaller in the quick run: patient searches at 10,000, not 1,000,000', () => {
    const quick = declared('quick');
    expect(quick).toContain('patient-search.nhs-number.10k');
    expect(quick.some((n) => n.endsWith('.1m'))).toBe(false);
  });

  it('allows only the units the results file knows', () => {
    expect([...UNITS].sort()).toEqual(['MB', 'changes/s', 'ms']);
  });
});
