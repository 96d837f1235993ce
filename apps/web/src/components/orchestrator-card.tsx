'use client';
import type { Session } from '@ao/shared/session';
import Link from 'next/link';
import { formatAge } from '../lib/format';
import { AskOrchestrator } from './ask-orchestrator';
import { ActivityBadge } from './badges';
import { sessionHref } from './session-card';

/**
 * The orchestrator's card, above the lanes: the agent that oversees the fleet (woken by events, acting through ao's
 * MCP tools). Its page has the live terminal like any session.
 */
export function OrchestratorCard({ session: s, now }: { session: Session; now: number }) {
  return (
    <div
      data-testid="orchestrator-card"
      data-session-id={s.id}
      className="flex flex-wrap items-center gap-3 rounded-xl border border-indigo-300/60 bg-indigo-50/60 px-4 py-2 dark:border-indigo-700/50 dark:bg-indigo-950/30"
    >
      <span className="text-xs font-semibold uppercase tracking-wide text-indigo-700 dark:text-indigo-300">
        Orchestrator
      </span>
      <Link prefetch={false} href={sessionHref(s.id)} className="font-medium hover:underline">
        {s.title}
      </Link>
      <ActivityBadge session={s} />
      <span className="text-xs text-zinc-500">
        {s.agent} · {s.id} · active {formatAge(s.lastActivityAt ?? s.createdAt, now)}
      </span>
      <Link
        prefetch={false}
        href={sessionHref(s.id)}
        className="ml-auto text-xs text-indigo-700 hover:underline dark:text-indigo-300"
      >
        live terminal →
      </Link>
      {s.status === 'running' ? <AskOrchestrator project={s.project} /> : null}
    </div>
  );
}
