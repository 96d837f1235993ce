'use client';
import type { Lane, Session } from '@ao/shared/session';
import { useMemo, useState } from 'react';
import { type BoardFilter, boardLanes, groupByLane, laneHints, laneTitles } from '../lib/board';
import { useBoard } from '../lib/board-store';
import { EmptyBoard } from './empty-board';
import { SessionCard } from './session-card';
import { inputClass } from './ui';
import { useNow } from './use-now';

const laneAccents: Record<Lane, string> = {
  working: 'bg-sky-500',
  pending: 'bg-zinc-400',
  review: 'bg-amber-500',
  merge: 'bg-emerald-500',
  done: 'bg-zinc-300',
};

function LaneColumn({ lane, sessions, now }: { lane: Lane; sessions: Session[]; now: number }) {
  return (
    <section
      data-testid={`lane-${lane}`}
      aria-label={laneTitles[lane]}
      className="flex min-w-0 flex-col rounded-xl bg-zinc-100/80 p-2 dark:bg-zinc-900/50"
    >
      <header className="flex items-center gap-2 px-1 pb-2" title={laneHints[lane]}>
        <span className={`h-2 w-2 rounded-full ${laneAccents[lane]}`} />
        <h2 className="text-sm font-semibold">{laneTitles[lane]}</h2>
        <span
          data-testid="lane-count"
          className="rounded-full bg-zinc-200 px-1.5 text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
        >
          {sessions.length}
        </span>
      </header>
      <div className="flex flex-col gap-2">
        {sessions.map((s) => (
          <SessionCard key={s.id} session={s} now={now} />
        ))}
        {sessions.length === 0 ? (
          <p className="px-1 py-3 text-center text-xs text-zinc-400 dark:text-zinc-500">{laneHints[lane]}</p>
        ) : null}
      </div>
    </section>
  );
}

function DoneRow({ sessions, now }: { sessions: Session[]; now: number }) {
  return (
    <details data-testid="lane-done" className="rounded-xl bg-zinc-100/80 p-2 dark:bg-zinc-900/50">
      <summary className="cursor-pointer select-none px-1 text-sm font-semibold">
        Done <span className="ml-1 text-xs font-medium text-zinc-500">{sessions.length}</span>
      </summary>
      <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {sessions.map((s) => (
          <SessionCard key={s.id} session={s} now={now} />
        ))}
      </div>
    </details>
  );
}

function Skeleton() {
  return (
    <div data-testid="board-loading" className="grid gap-3 md:grid-cols-2 xl:grid-cols-4" aria-busy="true">
      {boardLanes.map((l) => (
        <div key={l} className="h-64 animate-pulse rounded-xl bg-zinc-200/70 dark:bg-zinc-800/50" />
      ))}
    </div>
  );
}

/** The board: four lanes and a collapsed Done row, live from the event stream. */
export function Board() {
  const { board } = useBoard();
  const now = useNow();
  const [filter, setFilter] = useState<BoardFilter>({ project: null, query: '' });
  const lanes = useMemo(() => groupByLane(board.sessions.values(), filter), [board.sessions, filter]);

  return (
    <div className="mx-auto max-w-[1600px] space-y-3 p-3 sm:p-5">
      <div className="flex flex-col gap-2 sm:flex-row">
        <select
          aria-label="Project"
          className={`${inputClass} sm:w-56`}
          value={filter.project ?? ''}
          onChange={(e) => setFilter({ ...filter, project: e.target.value || null })}
        >
          <option value="">All projects</option>
          {board.projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <input
          type="search"
          aria-label="Search sessions"
          placeholder="Search task, id, branch, agent, PR…"
          className={inputClass}
          value={filter.query}
          onChange={(e) => setFilter({ ...filter, query: e.target.value })}
        />
      </div>
      {!board.loaded ? (
        <Skeleton />
      ) : board.sessions.size === 0 ? (
        <EmptyBoard hasProjects={board.projects.length > 0} />
      ) : (
        <>
          <div className="grid items-start gap-3 md:grid-cols-2 xl:grid-cols-4">
            {boardLanes.map((lane) => (
              <LaneColumn key={lane} lane={lane} sessions={lanes[lane]} now={now} />
            ))}
          </div>
          <DoneRow sessions={lanes.done} now={now} />
        </>
      )}
    </div>
  );
}
