'use client';
import { type QueueSlot, queueText } from '../lib/merge-queue';
import { Chip } from './ui';

/**
 * A card's place in its project's merge queue: "queue #2 of 5", "merging now", with the queue's reason ("rebased onto
 * main: waiting for checks on the new head", "behind main: the agent was asked to rebase (…)"). README "Merge queue".
 */
export function QueueLine({ slot }: { slot: QueueSlot | undefined }) {
  if (!slot) return null;
  const t = queueText(slot);
  return (
    <div
      data-testid="queue-line"
      data-queue-position={slot.item.position}
      data-queue-state={slot.item.state}
      className="mt-1.5 flex min-w-0 items-center gap-1.5 text-xs"
    >
      <span className="shrink-0 whitespace-nowrap">
        <Chip tone={t.tone} title="Its place in the merge queue (merge.queue)">
          {t.label}
        </Chip>
      </span>
      <span data-testid="queue-reason" className="truncate text-zinc-600 dark:text-zinc-300" title={t.detail}>
        {t.detail}
      </span>
    </div>
  );
}

/** The compact row's version: the place only, the reason on hover. */
export function QueueChip({ slot }: { slot: QueueSlot | undefined }) {
  if (!slot) return null;
  const t = queueText(slot);
  return (
    <span
      data-testid="queue-line"
      data-queue-position={slot.item.position}
      data-queue-state={slot.item.state}
    >
      <Chip tone={t.tone} title={t.detail}>
        {t.label}
      </Chip>
    </span>
  );
}
