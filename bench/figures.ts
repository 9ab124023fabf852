import { z } from 'zod';

/**
 * Units a figure may be in. 'ms' and 'MB': lower is better and the target is a ceiling.
 * 'changes/s': higher is better and the target is a floor.
 */
export const UNITS = ['ms', 'changes/s', 'MB'] as const;
export type Unit = (typeof UNITS)[number];
export const HIGHER_IS_BETTER: ReadonlySet<Unit> = new Set(['changes/s']);

/** 10000 → '10k', 1000000 → '1m': the size suffix of figures measured at several sizes. */
export const sizeLabel = (n: number): string => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n >= 1_000 && n % 1_000 === 0 ? `${n / 1_000}k` : String(n));

/** Figure names: lower-case words joined by dots and hyphens ("patient-search.nhs-number.1m"). */
export const FIGURE_NAME = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

const finite = z.number().refine((n) => Number.isFinite(n), 'must be a finite number');
const text = z.string().trim().min(1);

/** The simpler method measured in the same run, beside which the figure is read. */
export const Baseline = z.object({ method: text, median: finite, p95: finite }).strict();

/**
 * One figure of `bench/results.json`: a method's timing (or size, or rate) beside a simpler method measured in the
 * same run. The target applies to the p95. A figure without a target says why (`targetNote`).
 */
export const Figure = z
  .object({
    name: z.string().regex(FIGURE_NAME, 'lower-case words joined by "." or "-"'),
    unit: z.enum(UNITS),
    median: finite,
    p95: finite,
    /** What was measured over: patients cached, cells in the grid, changes replayed, rounds… */
    size: finite.int().nonnegative(),
    target: finite.nullable(),
    /** Why there is no target (required when target is null), or what the target means when it is not plain p95. */
    targetNote: text.optional(),
    baseline: Baseline,
    method: text,
    samples: finite.int().positive(),
    meetsTarget: z.boolean().nullable(),
    /** Anything else a reader needs (counts, the longest task…). */
    note: text.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.target === null && !f.targetNote) ctx.addIssue({ code: 'custom', path: ['targetNote'], message: 'a figure without a target must say why' });
    if (f.target === null && f.meetsTarget !== null) ctx.addIssue({ code: 'custom', path: ['meetsTarget'], message: 'must be null when there is no target' });
    if (f.target !== null && f.meetsTarget === null) ctx.addIssue({ code: 'custom', path: ['meetsTarget'], message: 'must be true or false when there is a target' });
    if (f.median > f.p95 && !HIGHER_IS_BETTER.has(f.unit)) ctx.addIssue({ code: 'custom', path: ['median'], message: 'median is above the p95' });
  });
export type Figure = z.infer<typeof Figure>;

/** A figure the run could not measure here (no Electron binary, a bench not written yet), and why. */
export const Skipped = z.object({ name: z.string().regex(FIGURE_NAME), reason: text }).strict();
export type Skipped = z.infer<typeof Skipped>;

/** The whole of `bench/results.json`. */
export const Report = z
  .object({
    generatedAt: z.iso.datetime(),
    mode: z.enum(['quick', 'full']),
    /** Seconds the whole run took. */
    durationSeconds: finite.nonnegative(),
    machine: z
      .object({
        node: text, platform: text, arch: text, cpus: finite.int().positive(),
        /** The 1-minute load average when the run started and ended: timings on a shared machine are read with it. */
        load: z.object({ atStart: finite.nonnegative(), atEnd: finite.nonnegative() }).strict().optional(),
      })
      .strict(),
    figures: z.array(Figure).min(1),
    skipped: z.array(Skipped),
  })
  .strict()
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    const all = [...r.figures.map((f, i) => ({ name: f.name, path: ['figures', i, 'name'] })), ...r.skipped.map((s, i) => ({ name: s.name, path: ['skipped', i, 'name'] }))];
    for (const { name, path } of all) {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path, message: `figure name "${name}" is used twice` });
      seen.add(name);
    }
  });
export type Report = z.infer<typeof Report>;

/** Parse a report, or throw with every problem listed (a malformed result must fail the run, not be written). */
export function checkReport(report: unknown): Report {
  const r = Report.safeParse(report);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(report)'}: ${i.message}`);
  throw new Error(`bench/results.json would be malformed:\n${lines.join('\n')}`);
}

/** Does a value meet a target in this unit (ceiling for times and sizes, floor for rates)? */
export const meets = (unit: Unit, value: number, target: number): boolean => (HIGHER_IS_BETTER.has(unit) ? value >= target : value <= target);

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

/** Median and p95 of samples in ms (3 decimals). */
export function summarise(samples: readonly number[]): { median: number; p95: number } {
  const ms = [...samples].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 1000) / 1000;
  return { median: r(quantile(ms, 0.5)), p95: r(quantile(ms, 0.95)) };
}

/** Time fn over each input. */
export function time<T>(inputs: readonly T[], fn: (input: T) => unknown): { median: number; p95: number } {
  const ms: number[] = [];
  for (const input of inputs) {
    const t = performance.now();
    fn(input);
    ms.push(performance.now() - t);
  }
  return summarise(ms);
}

/** A figure with a target on its p95 (meetsTarget worked out from the unit), or none (null, saying why in targetNote). */
export function figure(f: Omit<Figure, 'meetsTarget' | 'target'> & { target: number | null }): Figure {
  return { ...f, meetsTarget: f.target === null ? null : meets(f.unit, f.p95, f.target) };
}
