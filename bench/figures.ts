/** One figure of `bench/results.json`: a method's timing beside a simpler method timed in the same run. */
export interface Figure {
  name: string;
  /** 'ms': lower is better and the target is a ceiling; 'changes/s': higher is better and the target is a floor. */
  unit: 'ms' | 'changes/s';
  median: number;
  p95: number;
  size: number;
  /** The target this figure must meet (p95), or null where none is set yet. */
  target: number | null;
  baseline: { method: string; median: number; p95: number } | null;
  method: string;
  samples: number;
  meetsTarget: boolean | null;
}

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
