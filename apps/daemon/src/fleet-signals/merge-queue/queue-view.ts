import type { MergeQueueItem, MergeQueueLastMerged, MergeQueueProject } from '@ao/shared/api-merge-queue';
import type { LoadedProject } from '../../projects/project-service';
import { brokenBase, type QueueEntry } from './queue-order';

/** What the service remembers of a PR's last step (`rebasing`, `merging`, or why it waits after one). */
export interface QueueNote {
  state: MergeQueueItem['state'];
  reason: string;
}

/** States in which a PR is moving (or may move) now. */
const MOVING = new Set<MergeQueueItem['state']>(['ready', 'merging', 'rebasing']);

/**
 * A project's queue as the API, the CLI and the dashboard show it: the order, each PR's state and why it waits, what
 * merged last, and why nothing can move when that is so.
 */
export function queueView(
  project: LoadedProject,
  entries: readonly QueueEntry[],
  notes: ReadonlyMap<string, QueueNote>,
  lastMerged: MergeQueueLastMerged | null,
): MergeQueueProject {
  const { merge, project: p } = project.config;
  const items = entries.map((e): MergeQueueItem => {
    const note = notes.get(e.row.id);
    return {
      sessionId: e.row.id,
      prNumber: e.pr.number,
      branch: e.row.branch,
      position: e.position,
      state: note?.state ?? (e.ready ? 'ready' : 'waiting'),
      reason: note?.reason ?? e.reason,
      blockedBy: e.blockedBy,
    };
  });
  return {
    project: project.id,
    enabled: merge.queue,
    autoMerge: merge.autoMerge,
    base: p.defaultBranch,
    held: heldReason(merge.queue, p.repo, p.defaultBranch, items),
    lastMerged,
    items,
  };
}

function heldReason(
  enabled: boolean,
  repo: string | undefined | null,
  base: string,
  items: readonly MergeQueueItem[],
): string | null {
  if (!enabled)
    return 'merge.queue is off: ao merges nothing by itself (set merge: { queue: true } to turn it on)';
  if (!repo) return 'the project has no GitHub repository (project.repo): the queue cannot merge';
  const broken = items.some((i) => i.reason.startsWith(brokenBase(base)));
  if (broken && !items.some((i) => MOVING.has(i.state)))
    return `${base} is broken (its own checks fail): no PR can go until it is green again`;
  return null;
}
