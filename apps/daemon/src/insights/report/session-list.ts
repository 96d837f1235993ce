import type { Report, SessionReportRow } from '@ao/shared/report';
import { query, type ReportWindow } from './window';

type Row = Omit<SessionReportRow, 'models' | 'firstPrMinutes' | 'mergeMinutes'> & {
  models: string;
  firstPrAt: string | null;
  mergedAt: string | null;
};

/** Minutes between two ISO times, to a tenth; null when the end is unknown. */
function minutesBetween(start: string, end: string | null): number | null {
  if (!end) return null;
  return Math.round(((Date.parse(end) - Date.parse(start)) / 60_000) * 10) / 10;
}

/**
 * The sessions that lived in the period (started before its end, not ended before its start), newest first, at most
 * `limit`, with how many there are in all: task, agent and models, cost, time to first PR, CI cycles, review rounds,
 * the end and the time to merge.
 */
export function sessionList(w: ReportWindow, limit: number): NonNullable<Report['sessions']> {
  const live = `$P AND started_at < @u AND (ended_at IS NULL OR ended_at >= @s)`;
  const [count] = query<{ n: number }>(w, `SELECT count(*) AS n FROM session_outcomes WHERE ${live}`);
  const rows = query<Row>(
    w,
    `SELECT session_id AS session, project_id AS project, task, title, agent, models, cost_usd AS costUsd,
            tokens_in + tokens_out AS tokens, started_at AS startedAt, first_pr_at AS firstPrAt,
            ci_failures AS ciFailures, ci_fix_cycles AS fixCycles, ci_flaky_cycles AS flakyCycles,
            review_rounds AS reviewRounds, end_state AS endState, merged_at AS mergedAt
       FROM session_outcomes WHERE ${live}
      ORDER BY started_at DESC, session_id LIMIT ${Math.max(0, Math.floor(limit))}`,
  );
  return {
    total: count?.n ?? 0,
    rows: rows.map(({ models, firstPrAt, mergedAt, ...r }) => ({
      ...r,
      models: JSON.parse(models) as string[],
      firstPrMinutes: minutesBetween(r.startedAt, firstPrAt),
      mergeMinutes: r.endState === 'merged' ? minutesBetween(r.startedAt, mergedAt) : null,
    })),
  };
}
