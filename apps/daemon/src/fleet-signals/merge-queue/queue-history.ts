import type { MergeQueueLastMerged } from '@ao/shared/api-merge-queue';
import type { Db } from '../../db/open-db';

/** One of the queue's own events of an earlier run. */
export interface MergeQueueHistory {
  type: 'merge_queue.merged' | 'merge_queue.rebased' | 'merge_queue.rebase_needed';
  at: string;
  data: unknown;
}

/** The newest of the queue's own events a restarted daemon reads back (older ones concern long-merged PRs). */
const RECALL = 5000;

/** The merge queue's events of earlier runs (merged, rebased, rebase_needed), oldest first. */
export function queueHistory(db: Db): MergeQueueHistory[] {
  const rows = db.$client
    .prepare(
      `SELECT type, at, data FROM events
        WHERE type IN ('merge_queue.merged', 'merge_queue.rebased', 'merge_queue.rebase_needed')
        ORDER BY id DESC LIMIT ?`,
    )
    .all(RECALL) as Array<{ type: MergeQueueHistory['type']; at: string; data: string }>;
  return rows.reverse().map((r) => ({ type: r.type, at: r.at, data: JSON.parse(r.data) as unknown }));
}

/** What earlier runs did, from their events (oldest first): what merged last per project, the rebases tried or asked. */
export function recallHistory(history: readonly MergeQueueHistory[]) {
  const lastMerged = new Map<string, MergeQueueLastMerged>();
  const tried = new Set<string>();
  for (const e of history) {
    if (e.type === 'merge_queue.merged') {
      const d = e.data as { project: string; sessionId: string; prNumber: number };
      lastMerged.set(d.project, { sessionId: d.sessionId, prNumber: d.prNumber, at: e.at });
    } else {
      const attempt = (e.data as { attempt?: unknown }).attempt;
      if (typeof attempt === 'string') tried.add(attempt);
    }
  }
  return { lastMerged, tried };
}
