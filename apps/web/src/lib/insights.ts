import type { Report, SessionReportRow } from '@ao/shared/report';

/** The Insights page's data, shaped for its charts and tables (no React, no chart library: unit-tested). */

export const RANGES = ['7d', '30d', '90d'] as const;
export type Range = (typeof RANGES)[number];
/** Sessions the table asks the report for (newest first). */
export const SESSION_LIMIT = 200;

export function isRange(v: string | null): v is Range {
  return (RANGES as readonly string[]).includes(v ?? '');
}

/** `GET /api/report` for a range and an optional project, with the session list. */
export function reportPath(range: Range, project: string | null): string {
  const q = new URLSearchParams({ since: range, sessions: String(SESSION_LIMIT) });
  if (project) q.set('project', project);
  return `/api/report?${q}`;
}

const DAY_MS = 86_400_000;

/** Every UTC day from `since` to `until` (the report lists only days with activity), zeros where none. */
export function fillDays(r: Pick<Report, 'since' | 'until' | 'days'>): Report['days'] {
  const byDay = new Map(r.days.map((d) => [d.day, d]));
  const start = Date.parse(`${r.since.slice(0, 10)}T00:00:00Z`);
  const end = Date.parse(r.until);
  const out: Report['days'] = [];
  for (let t = start; t < end && out.length < 400; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, mainCommits: 0, branchCommits: 0, linesAdded: 0, prsMerged: 0 });
  }
  return out;
}

/** Columns for a chart: x values, then one array per series (uPlot's aligned data). */
export interface Columns {
  x: number[];
  series: { label: string; values: number[] }[];
}

/** Daily activity: x in unix seconds (noon UTC of each day, so bars sit on their day). */
export function dailyColumns(r: Pick<Report, 'since' | 'until' | 'days'>): Columns {
  const days = fillDays(r);
  return {
    x: days.map((d) => Date.parse(`${d.day}T12:00:00Z`) / 1000),
    series: [
      { label: 'main commits', values: days.map((d) => d.mainCommits) },
      { label: 'branch commits', values: days.map((d) => d.branchCommits) },
      { label: 'PRs merged', values: days.map((d) => d.prsMerged) },
      { label: 'lines added', values: days.map((d) => d.linesAdded) },
    ],
  };
}

/** Categories (branches, reviewer kinds) with their series; x is 0..n-1 and `labels` names each. */
export interface Categories extends Columns {
  labels: string[];
}

/** CI fail → fix per branch: the branches with the most failures first, at most `max`. */
export function ciColumns(ci: Report['ci'], max = 15): Categories {
  const rows = [...ci]
    .sort((a, b) => b.failures - a.failures || a.branch.localeCompare(b.branch))
    .slice(0, max);
  return {
    labels: rows.map((c) => c.branch),
    x: rows.map((_, i) => i),
    series: [
      { label: 'failures', values: rows.map((c) => c.failures) },
      { label: 'fix cycles', values: rows.map((c) => c.fixCycles) },
      { label: 'flaky', values: rows.map((c) => c.flaky) },
      { label: 'successes', values: rows.map((c) => c.successes) },
    ],
  };
}

/** Reviews and inline comments by reviewer kind (human, bot, agent). */
export function reviewerColumns(reviewers: Report['reviewers']): Categories {
  return {
    labels: reviewers.map((r) => r.kind),
    x: reviewers.map((_, i) => i),
    series: [
      { label: 'reviews', values: reviewers.map((r) => r.reviews) },
      { label: 'inline comments', values: reviewers.map((r) => r.inlineComments) },
    ],
  };
}

/** Nothing happened in the period: no session, no commit, no review. */
export function isEmptyReport(r: Report): boolean {
  const t = r.totals;
  return (
    t.sessions === 0 &&
    t.commits === 0 &&
    t.prsMerged === 0 &&
    r.ci.length === 0 &&
    r.reviewers.every((x) => x.reviews === 0 && x.inlineComments === 0) &&
    (r.sessions?.total ?? 0) === 0
  );
}

/** "—", "45m", "3h 05m", "2d 4h". */
/** One side of a lesson's effect: `n=12 · 58% first try · 0.75 fix cycles` (or `n=0`). */
export function effectText(side: Report['lessons'][number]['before']): string {
  if (!side.sessions) return 'n=0';
  const rate = side.firstTryRate === null ? '—' : `${Math.round(side.firstTryRate * 100)}%`;
  const fixes = side.meanFixCycles === null ? '—' : String(Math.round(side.meanFixCycles * 100) / 100);
  return `n=${side.sessions} · ${rate} first try · ${fixes} fix cycles`;
}

export function formatMinutes(m: number | null): string {
  if (m === null || !Number.isFinite(m)) return '—';
  const total = Math.max(0, Math.round(m));
  if (total < 60) return `${total}m`;
  const h = Math.floor(total / 60);
  if (h < 48) return `${h}h ${String(total % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function formatPercent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** A session's row as the table shows it. */
export interface SessionCells {
  id: string;
  task: string;
  agent: string;
  cost: string;
  firstPr: string;
  /** "2 / 1 fixed · 1 flaky" style: failures, fix cycles, flaky apart. */
  ci: string;
  reviews: string;
  end: string;
  merge: string;
}

export function sessionCells(s: SessionReportRow): SessionCells {
  const task = s.task.startsWith('issue:') ? `#${s.task.slice(6)}` : '';
  return {
    id: s.session,
    task: [task, s.title].filter(Boolean).join(' ') || s.task,
    agent: s.models.length ? `${s.agent} · ${s.models.join(', ')}` : s.agent,
    cost: `$${s.costUsd.toFixed(2)}`,
    firstPr: formatMinutes(s.firstPrMinutes),
    ci:
      s.ciFailures === 0
        ? '0'
        : `${s.ciFailures} failed, ${s.fixCycles} fixed${s.flakyCycles ? `, ${s.flakyCycles} flaky` : ''}`,
    reviews: String(s.reviewRounds),
    end: s.endState ?? 'live',
    merge: formatMinutes(s.mergeMinutes),
  };
}
