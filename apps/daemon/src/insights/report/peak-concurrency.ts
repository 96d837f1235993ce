import { query, type ReportWindow } from './window';

/** The most sessions alive at once in the period (a sweep over start and end times; a live session has no end). */
export function peakConcurrency(w: ReportWindow): number {
  const rows = query<{ start: string; end: string | null }>(
    w,
    `SELECT started_at AS start, ended_at AS end FROM session_outcomes
      WHERE $P AND started_at < @u AND (ended_at IS NULL OR ended_at >= @s)`,
  );
  const points: Array<[string, number]> = [];
  for (const r of rows) {
    points.push([r.start.localeCompare(w.since) < 0 ? w.since : r.start, 1]); // ISO times compare as text
    if (r.end) points.push([r.end, -1]);
  }
  // Ends sort before starts at the same instant: a session that replaces another is not counted with it.
  points.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  let now = 0;
  let peak = 0;
  for (const [, d] of points) {
    now += d;
    if (now > peak) peak = now;
  }
  return peak;
}
