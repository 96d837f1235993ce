'use client';
import Link from 'next/link';
import { memo } from 'react';
import { taskLabel } from '../lib/board';
import { formatAge } from '../lib/format';
import { broughtBack } from '../lib/session-view';
import { ActivityBadge, BroughtBackChip, CiChip, QueuedChip, ReviewChip } from './badges';
import { QueueChip } from './queue-line';
import { SessionActions } from './session-actions';
import { type RowProps, sessionHref, sessionLabel } from './session-card';
import { SessionWhy } from './session-why';
import { Chip } from './ui';

/** The compact density: one session in two short lines with the same chips as its card (PR, CI, review, queue). */
export const SessionRow = memo(function SessionRow({
  session: s,
  now,
  tabIndex = -1,
  posInSet,
  setSize,
  escalations = 0,
  queue,
}: RowProps) {
  return (
    <article
      data-testid="session-card"
      data-density="compact"
      data-session-id={s.id}
      data-lane={s.lane}
      data-row=""
      tabIndex={tabIndex}
      aria-label={sessionLabel(s)}
      aria-posinset={posInSet}
      aria-setsize={setSize}
      className={`h-[50px] overflow-hidden rounded-md border bg-white px-2 py-1 text-xs focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 dark:bg-zinc-900 ${s.escalated || escalations > 0 ? 'border-amber-400 dark:border-amber-600' : 'border-zinc-200 dark:border-zinc-800'}`}
    >
      <div className="flex items-center gap-2">
        <Link
          href={sessionHref(s.id)}
          prefetch={false}
          className="min-w-0 flex-1 truncate font-medium text-zinc-900 hover:text-indigo-600 dark:text-zinc-100 dark:hover:text-indigo-400"
          title={taskLabel(s)}
        >
          {taskLabel(s)}
        </Link>
        <span className="shrink-0 font-mono text-zinc-500">{s.id}</span>
        <span className="shrink-0 text-zinc-400" title={`created ${s.createdAt}`}>
          {formatAge(s.lastActivityAt ?? s.createdAt, now)}
        </span>
      </div>
      <div className="mt-1 flex h-5 items-center gap-1.5 whitespace-nowrap">
        <ActivityBadge session={s} />
        {s.pr ? (
          <>
            <a
              href={s.pr.url}
              target="_blank"
              rel="noreferrer"
              className="font-mono font-semibold text-indigo-600 hover:underline dark:text-indigo-400"
            >
              #{s.pr.number}
            </a>
            <CiChip pr={s.pr} />
            <ReviewChip pr={s.pr} />
            <QueueChip slot={queue} />
          </>
        ) : null}
        <QueuedChip count={s.queuedMessages} />
        {broughtBack(s) ? <BroughtBackChip /> : null}
        {escalations > 0 ? (
          <span data-testid="escalation-badge">
            <Chip tone="warn" title="The orchestrator asks you to decide (see the escalation in Review)">
              escalated
            </Chip>
          </span>
        ) : null}
        <div className="min-w-0 flex-1">
          <SessionWhy session={s} oneLine />
        </div>
        <SessionActions session={s} size="row" />
      </div>
    </article>
  );
});
