import type { CheckClass } from '@ao/shared/config-checks';

/** One outcome of a check as the classify query returns it (newest first). */
export interface OutcomeRow {
  headSha: string;
  branch: string | null;
  prNumber: number | null;
  onDefault: boolean;
  failed: boolean;
  at: string;
}

/** The failing check being classified: where it failed. */
export interface FailureAt {
  sha: string;
  branch: string | null;
  prNumber: number | null;
}

export interface ClassifyThresholds {
  flipRate: number;
  window: number;
  unrelatedPrs: number;
  /** Failures on other PRs count towards a broken base only if this recent (ms). */
  unrelatedWithinMs: number;
  defaultBranch: string;
}

export interface Classification {
  class: CheckClass;
  reason: string;
  /** For a broken base: what one notification is sent per (the first failing default-branch commit, or the PRs). */
  baseKey?: string;
}

const short = (sha: string) => sha.slice(0, 7);
const MIN_FLIP_PAIRS = 4;

/**
 * A failing check's class from its recent outcomes (`recent`: newest first, any branch; `onDefault`: the default
 * branch's, newest first). Broken base first (a re-run cannot fix it), then flaky, else real.
 */
export function classify(
  failure: FailureAt,
  recent: readonly OutcomeRow[],
  onDefault: readonly OutcomeRow[],
  t: ClassifyThresholds,
  now: Date = new Date(),
): Classification {
  return (
    brokenOnDefault(onDefault, t) ??
    failingElsewhere(failure, recent, onDefault, t, now) ??
    flippedOnOneCommit(recent) ??
    flipRate(recent, t) ?? {
      class: 'real',
      reason: `failed on ${short(failure.sha)}; ${onDefault.length ? `passing on ${t.defaultBranch}` : 'no history on the default branch'}, no sign of flakiness`,
    }
  );
}

/** The default branch's latest run of the check failed: broken since the first failure of that streak. */
function brokenOnDefault(rows: readonly OutcomeRow[], t: ClassifyThresholds): Classification | null {
  if (!rows[0]?.failed) return null;
  let since = rows[0];
  for (const r of rows) {
    if (!r.failed) break;
    since = r;
  }
  return {
    class: 'broken-base',
    reason: `also failing on ${t.defaultBranch} since ${since.at} (${short(since.headSha)})`,
    baseKey: `${t.defaultBranch}:${since.headSha}`,
  };
}

/**
 * The latest run on enough other recent PRs (branches) failed too, since the default branch last passed: a failure
 * the default branch passed after says nothing about the base now (else PRs failing for reasons of their own, all held
 * and never re-run, would keep each other held for a day).
 */
function failingElsewhere(
  failure: FailureAt,
  recent: readonly OutcomeRow[],
  onDefault: readonly OutcomeRow[],
  t: ClassifyThresholds,
  now: Date,
): Classification | null {
  const basePassed = onDefault.find((r) => !r.failed)?.at ?? '';
  const latest = new Map<string, OutcomeRow>();
  for (const r of recent) {
    const where = r.branch ?? (r.prNumber !== null ? `#${r.prNumber}` : null);
    if (r.onDefault || !where || where === failure.branch || latest.has(where)) continue;
    if (now.getTime() - Date.parse(r.at) > t.unrelatedWithinMs) continue;
    latest.set(where, r);
  }
  for (const [where, r] of latest) if (r.at <= basePassed) latest.delete(where);
  const failing = [...latest.entries()]
    .filter(([, r]) => r.failed)
    .map(([where]) => where)
    .sort();
  const count = failing.length + 1;
  if (count < t.unrelatedPrs) return null;
  return {
    class: 'broken-base',
    reason: `fails on ${count} unrelated PRs`,
    baseKey: `prs:${now.toISOString().slice(0, 10)}`,
  };
}

/** The check failed and then passed on one commit (a re-run passed): it is flaky. */
function flippedOnOneCommit(recent: readonly OutcomeRow[]): Classification | null {
  const failedAt = new Set<string>();
  // Oldest first: a pass after a failure on the same commit.
  for (let i = recent.length - 1; i >= 0; i--) {
    const r = recent[i];
    if (!r) continue;
    if (r.failed) failedAt.add(r.headSha);
    else if (failedAt.has(r.headSha))
      return { class: 'flaky', reason: `failed then passed on ${short(r.headSha)}` };
  }
  return null;
}

/** Share of consecutive runs on one branch whose outcome differs, over the last `window` runs. */
function flipRate(recent: readonly OutcomeRow[], t: ClassifyThresholds): Classification | null {
  const last = recent.slice(0, t.window);
  const lastOn = new Map<string, boolean>();
  let pairs = 0;
  let flips = 0;
  for (let i = last.length - 1; i >= 0; i--) {
    const r = last[i];
    if (!r) continue;
    const where = r.onDefault ? ':default' : (r.branch ?? `#${r.prNumber ?? '?'}`);
    const before = lastOn.get(where);
    if (before !== undefined) {
      pairs++;
      if (before !== r.failed) flips++;
    }
    lastOn.set(where, r.failed);
  }
  if (pairs < MIN_FLIP_PAIRS) return null;
  const rate = flips / pairs;
  if (rate < t.flipRate) return null;
  return { class: 'flaky', reason: `flip rate ${Math.round(rate * 100)}% over last ${last.length} runs` };
}
