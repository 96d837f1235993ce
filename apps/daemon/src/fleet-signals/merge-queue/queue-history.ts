import type { Db } from '../../db/open-db';
import type { MergeQueueHistory } from './merge-queue-service';

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
