import type { Db } from '../db/open-db';

/**
 * CI fail → fix cycles of a session's PR: a failure on a head opens a cycle (once per head); success on a later head
 * fixes every open cycle; success on the same head (a re-run) closes it without counting as a fix.
 */
export class CiCycles {
  private readonly open;
  private readonly fix;
  private readonly mark;
  private readonly counts;

  constructor(db: Db) {
    this.open = db.$client.prepare(
      `INSERT OR IGNORE INTO ci_cycles (session_id, failed_head, failed_at, checks, flaky) VALUES (?, ?, ?, ?, ?)`,
    );
    this.fix = db.$client.prepare(
      `UPDATE ci_cycles SET fixed_head = ?, fixed_at = ? WHERE session_id = ? AND fixed_head IS NULL`,
    );
    this.mark = db.$client.prepare(
      `UPDATE ci_cycles SET flaky = ? WHERE session_id = ? AND failed_head = ? AND (? = 1 OR flaky IS NULL)`,
    );
    this.counts = db.$client.prepare(
      `SELECT count(*) AS failures,
              coalesce(sum(fixed_head IS NOT NULL AND fixed_head <> failed_head), 0) AS fixes,
              coalesce(sum(flaky = 1), 0) AS flaky
         FROM ci_cycles WHERE session_id = ?`,
    );
  }

  /** `flaky`: what the checks policy has said of the failure so far (null: nothing yet; `classified` may say later). */
  failed(sessionId: string, head: string, checks: string[], flaky: boolean | null, at: string): void {
    this.open.run(sessionId, head, at, JSON.stringify(checks), flaky === null ? null : flaky ? 1 : 0);
  }

  /**
   * A failing check of `head` was classified (the checks policy's `checks.classified`): a flaky one marks the head's
   * cycle flaky; a real or broken-base one marks it not flaky unless a flaky check of the same head already did.
   */
  classified(sessionId: string, head: string, flaky: boolean): void {
    this.mark.run(flaky ? 1 : 0, sessionId, head, flaky ? 1 : 0);
  }

  passed(sessionId: string, head: string, at: string): void {
    this.fix.run(head, at, sessionId);
  }

  countsOf(sessionId: string): { failures: number; fixes: number; flaky: number } {
    return this.counts.get(sessionId) as { failures: number; fixes: number; flaky: number };
  }
}
