import type { Db } from '../db/open-db';

/**
 * Seam for a flaky-failure classification (check outcomes are classified elsewhere): says whether the failure of
 * `checks` on `head` was flaky, or null when nothing is known. Without one, no cycle is counted as flaky.
 */
export type FlakyClassifier = (sessionId: string, head: string, checks: readonly string[]) => boolean | null;

/**
 * CI fail → fix cycles of a session's PR: a failure on a head opens a cycle (once per head); success on a later head
 * fixes every open cycle; success on the same head (a re-run) closes it without counting as a fix.
 */
export class CiCycles {
  private readonly open;
  private readonly fix;
  private readonly counts;

  constructor(
    db: Db,
    private readonly classify: FlakyClassifier = () => null,
  ) {
    this.open = db.$client.prepare(
      `INSERT OR IGNORE INTO ci_cycles (session_id, failed_head, failed_at, checks, flaky) VALUES (?, ?, ?, ?, ?)`,
    );
    this.fix = db.$client.prepare(
      `UPDATE ci_cycles SET fixed_head = ?, fixed_at = ? WHERE session_id = ? AND fixed_head IS NULL`,
    );
    this.counts = db.$client.prepare(
      `SELECT count(*) AS failures,
              coalesce(sum(fixed_head IS NOT NULL AND fixed_head <> failed_head), 0) AS fixes,
              coalesce(sum(flaky = 1), 0) AS flaky
         FROM ci_cycles WHERE session_id = ?`,
    );
  }

  failed(sessionId: string, head: string, checks: string[], at: string): void {
    const flaky = this.classify(sessionId, head, checks);
    this.open.run(sessionId, head, at, JSON.stringify(checks), flaky === null ? null : flaky ? 1 : 0);
  }

  passed(sessionId: string, head: string, at: string): void {
    this.fix.run(head, at, sessionId);
  }

  countsOf(sessionId: string): { failures: number; fixes: number; flaky: number } {
    return this.counts.get(sessionId) as { failures: number; fixes: number; flaky: number };
  }
}
