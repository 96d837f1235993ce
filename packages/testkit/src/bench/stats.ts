/** Small statistics and formatting helpers for benchmark output. */

/** The p-th percentile (0..100) by nearest rank of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    min: round(Math.min(...values)),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((a, b) => a + b, 0) / values.length),
  };
}

export function formatSummary(label: string, s: Summary, unit = 'ms'): string {
  return `${label}: p50 ${s.p50} ${unit}, p95 ${s.p95} ${unit}, min ${s.min}, max ${s.max}, mean ${s.mean} (n=${s.n})`;
}

/** Prints a "goal met" / "goal NOT met" line for `value <= limit` and returns whether it was met. */
export function goal(label: string, value: number, limit: number, unit: string): boolean {
  const ok = value <= limit;
  console.log(`goal ${ok ? 'met    ' : 'NOT met'}: ${label} = ${value} ${unit} (goal <= ${limit} ${unit})`);
  return ok;
}
