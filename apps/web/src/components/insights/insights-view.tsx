'use client';
import type { Report } from '@ao/shared/report';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, request } from '../../lib/api';
import { useBoard } from '../../lib/board-store';
import { takeEarlyReport } from '../../lib/early-report';
import { effectText, isEmptyReport, isRange, type Range, reportPath } from '../../lib/insights';
import { ErrorText } from '../ui';
import { CiChart, DailyChart, ReviewersChart } from './charts';
import { InsightsToolbar } from './insights-toolbar';
import { SessionsTable } from './sessions-table';
import { ReportTables, SmallTable, TotalsTiles } from './summary';

/** Reads `?range=&project=` once; the choices are written back to the address (a reload or a link keeps them). */
interface Choice {
  range: Range;
  project: string | null;
}

function choiceFromAddress(): Choice {
  const q = new URLSearchParams(window.location.search);
  const range = q.get('range');
  return { range: isRange(range) ? range : '30d', project: q.get('project') || null };
}

/** The Insights page: what `ao report` says, with charts, for a range and a project. */
export function InsightsView() {
  const { board } = useBoard();
  // Read after mount: the exported HTML was rendered without an address.
  const [choice, setChoice] = useState<Choice | null>(null);
  useEffect(() => setChoice(choiceFromAddress()), []);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);

  const load = useCallback(async (range: Range, project: string | null, signal: { stale: boolean }) => {
    setLoading(true);
    try {
      const path = reportPath(range, project);
      const r = (await takeEarlyReport(path)) ?? (await request<Report>('GET', path));
      if (signal.stale) return;
      setReport(r);
      setError(null);
    } catch (e) {
      if (signal.stale) return;
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      if (!signal.stale) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (!choice) return;
    const signal = { stale: false };
    void load(choice.range, choice.project, signal);
    const q = new URLSearchParams({ range: choice.range });
    if (choice.project) q.set('project', choice.project);
    window.history.replaceState(null, '', `?${q}`);
    return () => {
      signal.stale = true;
    };
  }, [choice, load, nonce]);

  return (
    <div className="mx-auto max-w-[1600px] space-y-4 px-3 py-4 sm:px-5" data-testid="insights">
      <InsightsToolbar
        projects={board.projects}
        range={choice?.range ?? '30d'}
        project={choice?.project ?? null}
        onRange={(range) => setChoice((c) => ({ project: c?.project ?? null, range }))}
        onProject={(project) => setChoice((c) => ({ range: c?.range ?? '30d', project }))}
        onRefresh={() => setNonce((n) => n + 1)}
        loading={loading}
      />
      <ErrorText error={error} />
      {report ? <ReportBody report={report} /> : null}
    </div>
  );
}

/** Rows of the CI table shown before "Show all" (a 90-day report may list thousands of branches). */
const CI_ROWS = 30;

function ReportBody({ report }: { report: Report }) {
  const [ciShown, setCiShown] = useState(CI_ROWS);
  const period = `${report.since.slice(0, 10)} → ${report.until.slice(0, 10)}`;
  if (isEmptyReport(report)) {
    return (
      <div
        data-testid="insights-empty"
        className="rounded-xl border border-dashed border-zinc-300 p-10 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
      >
        <p className="font-semibold text-zinc-700 dark:text-zinc-200">Nothing to show for {period}.</p>
        <p className="mt-1">
          Sessions, commits, CI runs and reviews appear here as agents work. Try a longer range.
        </p>
      </div>
    );
  }
  return (
    <>
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="insights-period">
        {period} · projects: {report.projects.join(', ') || '(none)'}
      </p>
      {report.unreadable.map((u) => (
        <ErrorText key={u.project} error={`Commits of ${u.project} not counted: ${u.error}`} />
      ))}
      <TotalsTiles totals={report.totals} />
      <DailyChart report={report} />
      <div className="grid gap-4 lg:grid-cols-2">
        <CiChart report={report} />
        <ReviewersChart report={report} />
      </div>
      <ReportTables report={report} />
      <SmallTable
        title="Lessons and their effect (sessions before vs after each was accepted)"
        head={['Lesson', 'Project', 'Accepted', 'Before', 'After']}
        rows={report.lessons.map((l) => [
          l.text,
          l.project,
          l.acceptedAt.slice(0, 10),
          effectText(l.before),
          effectText(l.after),
        ])}
        testId="insights-lessons"
        empty="No accepted lesson yet: finished sessions propose them on the Lessons page."
      />
      <SmallTable
        title="CI self-correction"
        head={['Session', 'Branch', 'Failures', 'Fix cycles', 'Flaky', 'Successes', 'What happened']}
        total={report.ci.length}
        rows={report.ci
          .slice(0, ciShown)
          .map((c) => [c.session, c.branch, c.failures, c.fixCycles, c.flaky, c.successes, c.outcome])}
        testId="insights-ci-table"
        empty="No branch met CI in this period."
        onShowAll={() => setCiShown(Number.POSITIVE_INFINITY)}
      />
      {report.sessions ? <SessionsTable list={report.sessions} /> : null}
    </>
  );
}
