// Small statistics and formatting helpers for the benchmark output.

/** The p-th percentile (0..100) by nearest rank of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values) {
  return {
    n: values.length,
    min: round(Math.min(...values)),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((a, b) => a + b, 0) / values.length),
  };
}

export const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function formatSummary(label, s, unit = 'ms') {
  return `${label}: p50 ${s.p50} ${unit}, p95 ${s.p95} ${unit}, min ${s.min}, max ${s.max}, mean ${s.mean} (n=${s.n})`;
}

/** "met" / "NOT met" line for a goal. */
export function goal(label, value, limit, unit) {
  const ok = value <= limit;
  console.log(`goal ${ok ? 'met    ' : 'NOT met'}: ${label} = ${value} ${unit} (goal <= ${limit} ${unit})`);
  return ok;
}
