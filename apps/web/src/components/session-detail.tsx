'use client';
import type { Session } from '@ao/shared/session';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { laneTitles, taskLabel } from '../lib/board';
import { useBoard } from '../lib/board-store';
import { formatCost, formatTime, formatTokens } from '../lib/format';
import { queueSlots } from '../lib/merge-queue';
import { broughtBack } from '../lib/session-view';
import { ActivityTimeline } from './activity-timeline';
import { ActivityBadge, BroughtBackChip, PrChips, QueuedChip } from './badges';
import { ConflictsPanel } from './conflicts-panel';
import { ExitPanel } from './exit-panel';
import { MessagesPanel } from './messages-panel';
import { Panel, PrPanel } from './pr-panel';
import { QueueLine } from './queue-line';
import { SessionActions } from './session-actions';
import { SessionWhy } from './session-why';
import { TerminalView } from './terminal-view';
import { Chip } from './ui';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] font-semibold uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="truncate text-sm" title={typeof children === 'string' ? children : undefined}>
        {children}
      </dd>
    </div>
  );
}

function Facts({ s }: { s: Session }) {
  return (
    <Panel title="Details">
      <dl data-testid="session-facts" className="grid grid-cols-2 gap-3">
        <Fact label="Model">{s.usage.model ?? '—'}</Fact>
        <Fact label="Cost">{formatCost(s.usage.costUsd)}</Fact>
        <Fact label="Tokens in">{formatTokens(s.usage.tokensIn)}</Fact>
        <Fact label="Tokens out">{formatTokens(s.usage.tokensOut)}</Fact>
        <Fact label="Agent">{s.agent}</Fact>
        <Fact label="Runtime">{s.runtime}</Fact>
        <Fact label="Branch">
          <span className="font-mono">{s.branch}</span>
        </Fact>
        <Fact label="Base">
          <span className="font-mono">{s.baseBranch}</span>
        </Fact>
        <div className="col-span-2">
          <Fact label="Worktree">
            <span className="font-mono text-xs">{s.worktreePath}</span>
          </Fact>
        </div>
        <Fact label="Created">{formatTime(s.createdAt)}</Fact>
        <Fact label="Status">{s.statusReason ? `${s.status}: ${s.statusReason}` : s.status}</Fact>
      </dl>
    </Panel>
  );
}

function Missing({ text }: { text: string }) {
  return (
    <div className="mx-auto max-w-xl p-8 text-center text-sm text-zinc-500">
      <p>{text}</p>
      <Link href="/" className="mt-3 inline-block text-indigo-600 hover:underline">
        ← Back to the board
      </Link>
    </div>
  );
}

/** `/session/?id=…`: the live terminal, the activity timeline, the PR, and the session's facts. */
export function SessionDetail({ id }: { id: string | null }) {
  const { board, queues } = useBoard();
  if (!id) return <Missing text="No session id in the address." />;
  const s = board.sessions.get(id);
  if (!s)
    return board.loaded ? <Missing text={`Session ${id} does not exist.`} /> : <Missing text="Loading…" />;
  const live = s.status === 'running' || s.status === 'spawning';
  return (
    <div className="mx-auto max-w-[1600px] space-y-4 p-3 sm:p-5" data-testid="session-detail">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0 space-y-1">
          <Link href="/" className="text-xs text-zinc-500 hover:text-indigo-600">
            ← Board
          </Link>
          <h1 className="text-lg font-semibold leading-snug sm:text-xl">{taskLabel(s)}</h1>
          <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
            <span className="font-mono text-zinc-700 dark:text-zinc-300" data-testid="detail-id">
              {s.id}
            </span>
            <Chip tone="info">{laneTitles[s.lane]}</Chip>
            <ActivityBadge session={s} />
            {s.pr ? <PrChips pr={s.pr} /> : null}
            <QueuedChip count={s.queuedMessages} />
            {broughtBack(s) ? <BroughtBackChip /> : null}
            {s.escalated ? <Chip tone="warn">escalated</Chip> : null}
          </div>
          <div className="max-w-3xl">
            <SessionWhy session={s} full />
            <QueueLine slot={queueSlots(queues).get(s.id)} />
          </div>
        </div>
        <SessionActions session={s} />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="h-[60vh] min-h-[360px] lg:col-span-2">
          <TerminalView key={`${s.id}-${live}`} id={s.id} live={live} />
        </div>
        <div className="space-y-4">
          <ExitPanel session={s} />
          <Facts s={s} />
          <MessagesPanel sessionId={s.id} />
          <PrPanel pr={s.pr} />
          <ConflictsPanel session={s} />
          <ActivityTimeline session={s} entries={board.timelines.get(s.id) ?? []} />
        </div>
      </div>
    </div>
  );
}
