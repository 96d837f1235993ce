import type { Db } from '../../db/open-db';

/** What every section of a report reads: the period, the projects, the database. */
export interface ReportWindow {
  db: Db;
  /** ISO times; `since` inclusive, `until` exclusive. */
  since: string;
  until: string;
  projectIds: readonly string[];
}

/**
 * Runs a read query with named parameters `@s`/`@u` (the period) and `$P`, replaced by a test that `column` (default
 * `project_id`) is one of the window's projects.
 */
export function query<T>(w: ReportWindow, sql: string, column = 'project_id'): T[] {
  const names = w.projectIds.map((_, i) => `@p${i}`);
  const test = names.length ? `${column} IN (${names.join(', ')})` : '0';
  const params: Record<string, string> = { s: w.since, u: w.until };
  w.projectIds.forEach((id, i) => {
    params[`p${i}`] = id;
  });
  const text = sql.replaceAll('$P', test);
  const used = Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`@${k}\\b`).test(text)));
  return w.db.$client.prepare(text).all(used) as T[];
}
