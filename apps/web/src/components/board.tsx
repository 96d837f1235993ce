'use client';
import { useLayoutEffect, useMemo, useState } from 'react';
import { type BoardFilter, boardLanes, escalationsBySession, groupByLane, orchestrators } from '../lib/board';
import { useBoard } from '../lib/board-store';
import { queueSlots, shownQueues } from '../lib/merge-queue';
import { readDensity, readGroupByProject, writeDensity, writeGroupByProject } from '../lib/prefs';
import { BoardToolbar, type ViewPrefs } from './board-toolbar';
import { BriefingPanel } from './briefing-panel';
import { DoneRow } from './done-row';
import { EmptyBoard } from './empty-board';
import { LaneColumn } from './lane-column';
import { OrchestratorCard } from './orchestrator-card';
import { useNow } from './use-now';

function Skeleton() {
  return (
    <div data-testid="board-loading" className="grid gap-3 md:grid-cols-2 xl:grid-cols-4" aria-busy="true">
      {boardLanes.map((l) => (
        <div key={l} className="h-64 animate-pulse rounded-xl bg-zinc-200/70 dark:bg-zinc-800/50" />
      ))}
    </div>
  );
}

/** The density and grouping the user chose last (localStorage), and a setter that remembers them. */
function useViewPrefs(): [ViewPrefs, (v: ViewPrefs) => void] {
  // Read after mount: the exported HTML was rendered without localStorage, and hydration must match it.
  const [view, setView] = useState<ViewPrefs>({ density: 'comfortable', grouped: false });
  useLayoutEffect(() => setView({ density: readDensity(), grouped: readGroupByProject() }), []);
  const set = (v: ViewPrefs) => {
    writeDensity(v.density);
    writeGroupByProject(v.grouped);
    setView(v);
  };
  return [view, set];
}

/** The board: four lanes and a collapsed Done row, live from the event stream. */
export function Board() {
  const { board, queues } = useBoard();
  const now = useNow();
  const [filter, setFilter] = useState<BoardFilter>({ project: null, query: '' });
  const [view, setView] = useViewPrefs();
  const lanes = useMemo(() => groupByLane(board.sessions.values(), filter), [board.sessions, filter]);
  const leads = useMemo(() => orchestrators(board.sessions.values()), [board.sessions]);
  const names = useMemo(() => new Map(board.projects.map((p) => [p.id, p.name] as const)), [board.projects]);
  // Newest first; a project filter hides other projects' escalations (fleet-wide ones always show).
  const escalations = useMemo(
    () =>
      [...board.escalations.values()]
        .filter((e) => !filter.project || !e.project || e.project === filter.project)
        .sort((a, b) => b.id - a.id),
    [board.escalations, filter.project],
  );
  const bySession = useMemo(() => escalationsBySession(board.escalations.values()), [board.escalations]);
  const slots = useMemo(() => queueSlots(queues), [queues]);
  const mergeQueues = useMemo(() => shownQueues(queues, filter.project), [queues, filter.project]);

  return (
    <div className="mx-auto max-w-[1600px] space-y-3 p-3 sm:p-5" data-density={view.density}>
      <BoardToolbar
        projects={board.projects}
        filter={filter}
        onFilter={setFilter}
        view={view}
        onView={setView}
      />
      <BriefingPanel />
      {!board.loaded ? (
        <Skeleton />
      ) : board.sessions.size === 0 && escalations.length === 0 ? (
        <EmptyBoard hasProjects={board.projects.length > 0} />
      ) : (
        <>
          {leads.map((s) => (
            <OrchestratorCard key={s.id} session={s} now={now} />
          ))}
          <div className="grid items-start gap-3 md:grid-cols-2 xl:grid-cols-4">
            {boardLanes.map((lane) => (
              <LaneColumn
                key={lane}
                lane={lane}
                sessions={lanes[lane]}
                now={now}
                density={view.density}
                grouped={view.grouped}
                projectNames={names}
                escalations={lane === 'review' ? escalations : undefined}
                escalatedSessions={bySession}
                queues={lane === 'merge' ? mergeQueues : undefined}
                queueSlots={slots}
              />
            ))}
          </div>
          <DoneRow sessions={lanes.done} now={now} density={view.density} />
        </>
      )}
    </div>
  );
}
