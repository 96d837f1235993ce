import type { MergeQueueItem, MergeQueueProject, MergeQueueReply } from '@ao/shared/api-merge-queue';
import type { AoEvent } from '@ao/shared/events';

/** Every project's merge queue (README "Merge queue"), by project id: from `GET /api/merge-queue`, then events. */
export type Queues = ReadonlyMap<string, MergeQueueProject>;

export const noQueues: Queues = new Map();

/** A `merge_queue.changed` event replaces its project's queue; any other event leaves the map as it is. */
export function withQueueEvent(queues: Queues, e: AoEvent): Queues {
  if (e.type !== 'merge_queue.changed') return queues;
  const next = new Map(queues);
  next.set(e.data.project, e.data.queue);
  return next;
}

/**
 * The reply of `GET /api/merge-queue`, merged into what events already brought: a project whose queue changed by an
 * event after the request was sent (`changedSince`) keeps the event's view (it is newer than the reply may be).
 */
export function withQueueReply(
  queues: Queues,
  reply: MergeQueueReply,
  changedSince: ReadonlySet<string>,
): Queues {
  const next = new Map<string, MergeQueueProject>();
  for (const q of reply.projects)
    next.set(q.project, changedSince.has(q.project) ? (queues.get(q.project) ?? q) : q);
  for (const id of changedSince) {
    const q = queues.get(id);
    if (q && !next.has(id)) next.set(id, q);
  }
  return next;
}

/** A session's place in its project's queue: the item and how many PRs the queue holds. */
export interface QueueSlot {
  item: MergeQueueItem;
  total: number;
  base: string;
}

/** Session id → its place in an enabled queue (a card shows it; sessions not in a queue are absent). */
export function queueSlots(queues: Queues): ReadonlyMap<string, QueueSlot> {
  const slots = new Map<string, QueueSlot>();
  for (const q of queues.values()) {
    if (!q.enabled) continue;
    for (const item of q.items) slots.set(item.sessionId, { item, total: q.items.length, base: q.base });
  }
  return slots;
}

export type QueueTone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

/** What a card says of its PR's place: "merging now", "queue #2 of 5", and the queue's own reason for the state. */
export interface QueueText {
  label: string;
  detail: string;
  tone: QueueTone;
}

/** Reasons that need someone: the agent was asked to rebase, a merge failed, checks fail, a blocker holds it. */
const TROUBLE =
  /asked to rebase|merge failed|checks failing|cannot check|blocked by|conflicts with|not approved/;

export function queueText({ item, total }: QueueSlot): QueueText {
  if (item.state === 'merging') return { label: 'merging now', detail: item.reason, tone: 'info' };
  const place = `queue #${item.position} of ${total}`;
  if (item.state === 'rebasing') return { label: `${place} · rebasing`, detail: item.reason, tone: 'info' };
  if (item.state === 'ready') return { label: place, detail: item.reason, tone: 'good' };
  return { label: place, detail: item.reason, tone: TROUBLE.test(item.reason) ? 'warn' : 'neutral' };
}

/** "auto-merge on" / "auto-merge off: a human merges" / "auto-merge for label ship-it". */
export function autoMergeText(auto: MergeQueueProject['autoMerge']): string {
  if (typeof auto !== 'boolean') return `auto-merge for PRs labelled ${JSON.stringify(auto.label)}`;
  return auto ? 'auto-merge on' : 'auto-merge off: a human merges';
}

/** The queues the Merge lane shows: the filtered project's, or every project's; enabled ones first, then by id. */
export function shownQueues(queues: Queues, project: string | null): MergeQueueProject[] {
  return [...queues.values()]
    .filter((q) => !project || q.project === project)
    .sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.project.localeCompare(b.project));
}
