import type { ReviewBody } from '@ao/shared/plugin';
import type { PullRequest } from '@ao/shared/session';
import type { Db } from '../db/open-db';
import { authorKindOf } from '../util/author-kind';

/**
 * Reviews and inline comments seen on a session's PR, by author kind, and what became of each comment: resolved on a
 * later head (`fixed`), resolved on the head it was made on (`explained`), open when the session ended (`deferred`).
 */
export class ReviewTracker {
  private readonly insert;
  private readonly openComments;
  private readonly resolve;
  private readonly defer;
  private readonly counts;

  constructor(
    db: Db,
    private readonly agentLogins: ReadonlySet<string> = new Set(),
  ) {
    const c = db.$client;
    this.insert = c.prepare(
      `INSERT OR IGNORE INTO review_items (session_id, key, kind, author, author_kind, first_seen_at, first_head)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.openComments = c.prepare(
      `SELECT key, first_head AS firstHead FROM review_items
        WHERE session_id = ? AND kind = 'comment' AND resolved_at IS NULL`,
    );
    this.resolve = c.prepare(
      `UPDATE review_items SET resolved_at = ?, outcome = ? WHERE session_id = ? AND key = ?`,
    );
    this.defer = c.prepare(
      `UPDATE review_items SET outcome = 'deferred' WHERE session_id = ? AND kind = 'comment' AND resolved_at IS NULL`,
    );
    this.counts = c.prepare(
      `SELECT coalesce(sum(kind = 'review'), 0) AS reviews,
              coalesce(sum(kind = 'comment' AND author_kind = 'human'), 0) AS human,
              coalesce(sum(kind = 'comment' AND author_kind = 'bot'), 0) AS bot,
              coalesce(sum(kind = 'comment' AND author_kind = 'agent'), 0) AS agent
         FROM review_items WHERE session_id = ?`,
    );
  }

  /** The PR's unresolved threads now: new ones are recorded, ones gone since are resolved. */
  threads(sessionId: string, pr: PullRequest, at: string): void {
    const seen = new Set<string>();
    for (const t of pr.unresolvedThreads) {
      const key = t.url ?? `${t.path ?? ''}:${t.line ?? ''}:${t.author}`;
      seen.add(key);
      this.insert.run(
        sessionId,
        key,
        'comment',
        t.author,
        authorKindOf(t.author, this.agentLogins),
        at,
        pr.headSha,
      );
    }
    for (const row of this.openComments.all(sessionId) as Array<{ key: string; firstHead: string | null }>) {
      if (seen.has(row.key)) continue;
      const outcome = row.firstHead && pr.headSha && row.firstHead !== pr.headSha ? 'fixed' : 'explained';
      this.resolve.run(at, outcome, sessionId, row.key);
    }
  }

  reviews(sessionId: string, bodies: readonly ReviewBody[], head: string | null, at: string): void {
    for (const r of bodies)
      this.insert.run(
        sessionId,
        r.id,
        'review',
        r.author,
        authorKindOf(r.author, this.agentLogins),
        at,
        head,
      );
  }

  /** The session ended: comments still open were deferred. */
  ended(sessionId: string): void {
    this.defer.run(sessionId);
  }

  countsOf(sessionId: string): { reviews: number; human: number; bot: number; agent: number } {
    return this.counts.get(sessionId) as { reviews: number; human: number; bot: number; agent: number };
  }
}
