'use client';
import type { Session } from '@ao/shared/session';
import Link from 'next/link';
import { memo } from 'react';
import { taskLabel } from '../lib/board';
import { formatAge, formatCost, issueLabel } from '../lib/format';
import type { QueueSlot } from '../lib/merge-queue';
import { broughtBack } from '../lib/session-view';
import { ActivityBadge, BroughtBackChip, PrChips, QueuedChip, stateLabel } from './badges';
import { ConflictLines } from './conflict-lines';
import { QueueLine } from './queue-line';
import { SessionActions } from './session-actions';
import { SessionWhy } from './session-why';
import { Chip } from './ui';

/**
 * The session page's address. Links to it are not prefetched: every card in view would fetch the page's route data
 * from the daemon on each board load (dozens of requests with a few hundred sessions), for pages rarely opened.
 */
export function sessionHref(id: string): string {
  return `/session/?id=${encodeURIComponent(id)}`;
}

/** What a screen reader says for a card or row: task, id, state. */
export function sessionLabel(s: Session): string {
  return `${taskLabel(s)} (${s.id}), ${stateLabel(s).label}`;
}

export interface RowProps {
  session: Session;
  now: number;
  /** 0 for the one row of a lane in the tab order, else -1 (arrow keys move between rows). */
  tabIndex?: number;
  posInSet?: number;
  setSize?: number;
  /** Open escalations about this session (a badge). */
  escalations?: number;
  /** Its place in its project's merge queue, if it is in one. */
  queue?: QueueSlot;
}

/**
 * One card on the board: the task, who works on it, why it is where it is, its PR, age and cost. Memoized: an event
 * about one session re-renders that card only (the store keeps the other sessions' objects), not all of them.
 */
export const SessionCard = memo(function SessionCard({
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
      data-session-id={s.id}
      data-lane={s.lane}
      data-row=""
      tabIndex={tabIndex}
      aria-label={sessionLabel(s)}
      aria-posinset={posInSet}
      aria-setsize={setSize}
      className={`group rounded-lg border bg-white p-3 shadow-sm transition hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 dark:bg-zinc-900 ${s.escalated || escalations > 0 ? 'border-amber-400 dark:border-amber-600' : 'border-zinc-200 dark:border-zinc-800'}`}
    >
      <Link
        href={sessionHref(s.id)}
        prefetch={false}
        className="block text-sm font-medium leading-snug text-zinc-900 hover:text-indigo-600 dark:text-zinc-100 dark:hover:text-indigo-400"
      >
        {s.issue ? <span className="mr-1 font-mono text-zinc-500">{issueLabel(s.issue)}</span> : null}
        <span className="line-clamp-2">{s.issue ? s.issue.title : taskLabel(s)}</span>
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
        <span className="font-mono text-zinc-700 dark:text-zinc-300">{s.id}</span>
        <span>·</span>
        <span>{s.agent}</span>
        <ActivityBadge session={s} />
        <QueuedChip count={s.queuedMessages} />
        {broughtBack(s) ? <BroughtBackChip /> : null}
        {escalations > 0 ? (
          <span data-testid="escalation-badge">
            <Chip tone="warn" title="The orchestrator asks you to decide (see the escalation in Review)">
              {escalations === 1 ? 'escalated to you' : `${escalations} escalations`}
            </Chip>
          </span>
        ) : null}
      </div>
      <div className="mt-1.5 empty:hidden">
        <SessionWhy session={s} />
      </div>
      <ConflictLines session={s} />
      <QueueLine slot={queue} />
      {s.pr ? (
        <div className="mt-2">
          <PrChips pr={s.pr} />
        </div>
      ) : null}
      <div className="mt-2 flex items-center justify-between text-xs text-zinc-500 dark:text-zinc-400">
        <span title={`created ${s.createdAt}`}>{formatAge(s.lastActivityAt ?? s.createdAt, now)}</span>
        <span title={`${s.usage.tokensIn} in / ${s.usage.tokensOut} out`}>{formatCost(s.usage.costUsd)}</span>
      </div>
      <div className="mt-2 border-t border-zinc-100 pt-2 dark:border-zinc-800">
        <SessionActions session={s} size="card" />
      </div>
    </article>
  );
});
