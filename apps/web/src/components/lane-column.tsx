'use client';
import type { MergeQueueProject } from '@ao/shared/api-merge-queue';
import type { Escalation } from '@ao/shared/events-mcp';
import type { Lane, Session } from '@ao/shared/session';
import { memo, useMemo } from 'react';
import { type LaneItem, laneHints, laneItems, laneTitles } from '../lib/board';
import type { QueueSlot } from '../lib/merge-queue';
import type { Density } from '../lib/prefs';
import { whyLine } from '../lib/session-view';
import { EscalationCard } from './escalation-card';
import { MergeQueuePanel } from './merge-queue-panel';
import { SessionCard } from './session-card';
import { SessionRow } from './session-row';
import { VirtualList } from './virtual-list';

const laneAccents: Record<Lane, string> = {
  working: 'bg-sky-500',
  pending: 'bg-zinc-400',
  review: 'bg-amber-500',
  merge: 'bg-emerald-500',
  done: 'bg-zinc-300',
};

const itemKey = (i: LaneItem) => i.key;
const focusable = (i: LaneItem) => i.kind === 'session';
/** First guesses of heights before an item is measured (a card grows with a PR or an explanation line). */
const estimateCard = (i: LaneItem) =>
  i.kind === 'group' ? 28 : 142 + (i.session.pr ? 28 : 0) + (whyLine(i.session) ? 34 : 0);
const estimateRow = (i: LaneItem) => (i.kind === 'group' ? 28 : 50);

function GroupHeading({ name, count }: { name: string; count: number }) {
  return (
    <h3
      data-testid="project-group"
      className="flex items-center gap-2 px-1 pt-1 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400"
    >
      <span className="truncate">{name}</span>
      <span className="font-medium normal-case">{count}</span>
    </h3>
  );
}

export interface LaneProps {
  lane: Lane;
  sessions: Session[];
  now: number;
  density: Density;
  grouped: boolean;
  projectNames: ReadonlyMap<string, string>;
  /** Review only: the open escalations, shown above the sessions. */
  escalations?: readonly Escalation[];
  /** Open escalations per session id (a badge on the session's card). */
  escalatedSessions?: ReadonlyMap<string, readonly Escalation[]>;
  /** Merge only: every shown project's merge queue, as a panel above the sessions. */
  queues?: readonly MergeQueueProject[];
  /** Each queued session's place in its merge queue (a line on its card). */
  queueSlots?: ReadonlyMap<string, QueueSlot>;
}

/**
 * One lane: a region with its heading and count, and its own scroll area (the lanes scroll independently, within the
 * window's height), windowed so a lane of hundreds of sessions renders only what is on screen.
 */
export const LaneColumn = memo(function LaneColumn({
  lane,
  sessions,
  now,
  density,
  grouped,
  projectNames,
  escalations = [],
  escalatedSessions,
  queues = [],
  queueSlots,
}: LaneProps) {
  const items = useMemo(() => laneItems(sessions, grouped, projectNames), [sessions, grouped, projectNames]);
  const positions = useMemo(() => new Map(sessions.map((s, i) => [s.id, i + 1] as const)), [sessions]);
  const titleId = `lane-${lane}-title`;
  const Row = density === 'compact' ? SessionRow : SessionCard;
  return (
    <section
      data-testid={`lane-${lane}`}
      aria-labelledby={titleId}
      className="flex min-w-0 flex-col rounded-xl bg-zinc-100/80 p-2 dark:bg-zinc-900/50"
    >
      <header className="flex items-center gap-2 px-1 pb-2" title={laneHints[lane]}>
        <span className={`h-2 w-2 rounded-full ${laneAccents[lane]}`} />
        <h2 id={titleId} className="text-sm font-semibold">
          {laneTitles[lane]}
        </h2>
        <span
          data-testid="lane-count"
          className="rounded-full bg-zinc-200 px-1.5 text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
        >
          {sessions.length}
        </span>
      </header>
      {escalations.length > 0 ? (
        <div data-testid="escalations" className="mb-2 space-y-2">
          {escalations.map((e) => (
            <EscalationCard key={e.id} escalation={e} now={now} />
          ))}
        </div>
      ) : null}
      <MergeQueuePanel queues={queues} names={projectNames} now={now} />
      {sessions.length === 0 ? (
        escalations.length > 0 ? null : (
          <p className="px-1 py-3 text-center text-xs text-zinc-400 dark:text-zinc-500">{laneHints[lane]}</p>
        )
      ) : (
        <VirtualList
          key={density}
          items={items}
          itemKey={itemKey}
          focusable={focusable}
          estimate={density === 'compact' ? estimateRow : estimateCard}
          gap={density === 'compact' ? 4 : 8}
          labelledBy={titleId}
          testId="lane-scroll"
          className="-mx-1 max-h-[75dvh] overflow-y-auto overscroll-contain px-1 py-0.5 md:max-h-[calc(100dvh-11rem)]"
          renderItem={(item, meta) =>
            item.kind === 'group' ? (
              <GroupHeading name={item.name} count={item.count} />
            ) : (
              <Row
                session={item.session}
                now={now}
                tabIndex={meta.active ? 0 : -1}
                posInSet={positions.get(item.session.id)}
                setSize={sessions.length}
                escalations={escalatedSessions?.get(item.session.id)?.length ?? 0}
                queue={queueSlots?.get(item.session.id)}
              />
            )
          }
        />
      )}
    </section>
  );
});
