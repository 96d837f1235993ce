'use client';
import type { MergeQueueProject } from '@ao/shared/api-merge-queue';
import { formatAge } from '../lib/format';
import { autoMergeText, queueText } from '../lib/merge-queue';
import { Chip } from './ui';

const ago = (age: string) => (age === 'just now' || age === '—' ? age : `${age} ago`);

/**
 * The merge queue of each project, at the top of the Merge lane (README "Merge queue"): the PRs in the order they
 * merge with each one's state and reason, what merged last and when, and why the queue is held, if it is. A project
 * whose queue is off gets one line saying how to turn it on.
 */
export function MergeQueuePanel({
  queues,
  names,
  now,
}: {
  queues: readonly MergeQueueProject[];
  names: ReadonlyMap<string, string>;
  now: number;
}) {
  if (!queues.length) return null;
  return (
    <div data-testid="merge-queue-panel" className="mb-2 space-y-2">
      {queues.map((q) => (
        <ProjectQueue key={q.project} queue={q} name={names.get(q.project) ?? q.project} now={now} />
      ))}
    </div>
  );
}

function ProjectQueue({ queue: q, name, now }: { queue: MergeQueueProject; name: string; now: number }) {
  if (!q.enabled) {
    return (
      <p
        data-testid="merge-queue"
        data-project={q.project}
        data-enabled="false"
        className="px-1 text-xs text-zinc-500 dark:text-zinc-400"
      >
        <span className="font-medium">{name}</span>: merge queue off. Set{' '}
        <code className="font-mono">merge: {'{ queue: true }'}</code> in its ao.config.yaml to merge approved,
        green PRs one at a time.
      </p>
    );
  }
  return (
    <section
      data-testid="merge-queue"
      data-project={q.project}
      data-enabled="true"
      aria-label={`Merge queue of ${name}`}
      className="rounded-lg border border-emerald-200 bg-white p-2 text-xs dark:border-emerald-900 dark:bg-zinc-900"
    >
      <h3 className="flex flex-wrap items-baseline gap-x-2 font-semibold">
        <span>Merge queue</span>
        <span className="font-normal text-zinc-500 dark:text-zinc-400">
          {name} → {q.base} · {autoMergeText(q.autoMerge)}
        </span>
      </h3>
      {q.held ? (
        <p data-testid="merge-queue-held" className="mt-1 text-amber-700 dark:text-amber-400">
          Held: {q.held}
        </p>
      ) : null}
      {q.lastMerged ? (
        <p data-testid="merge-queue-last" className="mt-1 text-zinc-600 dark:text-zinc-300">
          Last merged: <span className="font-mono">#{q.lastMerged.prNumber}</span> ({q.lastMerged.sessionId}){' '}
          <time dateTime={q.lastMerged.at} title={q.lastMerged.at}>
            {ago(formatAge(q.lastMerged.at, now))}
          </time>
        </p>
      ) : null}
      {q.items.length ? (
        <ol className="mt-1 space-y-0.5">
          {q.items.map((item) => {
            const t = queueText({ item, total: q.items.length, base: q.base });
            return (
              <li
                key={item.sessionId}
                data-testid="merge-queue-item"
                data-session-id={item.sessionId}
                data-queue-state={item.state}
                className="flex min-w-0 items-center gap-1.5"
              >
                <span className="w-4 shrink-0 text-right text-zinc-400">{item.position}.</span>
                <span className="shrink-0 font-mono">#{item.prNumber}</span>
                <span className="shrink-0 font-mono text-zinc-500">{item.sessionId}</span>
                <span className="shrink-0 whitespace-nowrap">
                  <Chip tone={t.tone}>{item.state === 'merging' ? 'merging now' : item.state}</Chip>
                </span>
                <span className="truncate text-zinc-600 dark:text-zinc-300" title={item.reason}>
                  {item.reason}
                </span>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="mt-1 text-zinc-500 dark:text-zinc-400">Empty: no open PR of a live session.</p>
      )}
    </section>
  );
}
