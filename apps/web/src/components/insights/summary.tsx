import type { Report } from '@ao/shared/report';
import type { ReactNode } from 'react';
import { formatPercent } from '../../lib/insights';

const int = (n: number) => n.toLocaleString('en-US');

function Tile({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-xl border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        {label}
      </div>
      <div className="mt-1 text-xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

/** The report's totals as tiles. */
export function TotalsTiles({ totals }: { totals: Report['totals'] }) {
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 xl:grid-cols-7" data-testid="insights-totals">
      <Tile label="Sessions" value={int(totals.sessions)} testId="total-sessions" />
      <Tile label="PRs created" value={int(totals.prsCreated)} testId="total-prs-created" />
      <Tile label="PRs merged" value={int(totals.prsMerged)} testId="total-prs-merged" />
      <Tile label="Commits" value={int(totals.commits)} testId="total-commits" />
      <Tile label="Lines added" value={int(totals.linesAdded)} testId="total-lines" />
      <Tile
        label="AI co-authored"
        value={`${int(totals.aiCommits)} (${formatPercent(totals.aiShare)})`}
        testId="total-ai"
      />
      <Tile label="Peak agents" value={int(totals.peakConcurrentAgents)} testId="total-peak" />
    </div>
  );
}

export function SmallTable({
  title,
  head,
  rows,
  testId,
  empty,
  total = rows.length,
  onShowAll,
}: {
  title: string;
  head: string[];
  rows: ReactNode[][];
  testId: string;
  empty: string;
  /** Rows in all, when `rows` holds only the first ones; `onShowAll` shows the rest. */
  total?: number;
  onShowAll?: () => void;
}) {
  return (
    <section
      aria-label={title}
      className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      {rows.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid={testId}>
            <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
              <tr>
                {head.map((h) => (
                  <th key={h} className="py-1 pr-3 font-semibold">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {rows.map((r, i) => (
                <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
                  {r.map((c, j) => (
                    <td key={j} className="py-1 pr-3">
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {total > rows.length && onShowAll ? (
            <button
              type="button"
              onClick={onShowAll}
              className="mt-2 text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            >
              Show all {total.toLocaleString('en-US')}
            </button>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-zinc-500">{empty}</p>
      )}
    </section>
  );
}

/** Models, review comments' fate and the longest fix loops: the report's small sections. */
export function ReportTables({ report }: { report: Report }) {
  const rc = report.reviewComments;
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <SmallTable
        title="Co-authored commits by model"
        head={['Model', 'Commits']}
        rows={report.models.map((m) => [m.model, int(m.commits)])}
        testId="insights-models"
        empty="No co-authored commit in this period."
      />
      <SmallTable
        title="Review comments"
        head={['Fixed', 'Explained away', 'Deferred', 'Open']}
        rows={[[rc.fixed, rc.explained, rc.deferred, rc.open].map(int)]}
        testId="insights-review-comments"
        empty=""
      />
      <SmallTable
        title="Longest fix loops"
        head={['Session', 'Checks', 'Minutes', 'Fixed']}
        rows={report.fixLoops.map((l) => [
          l.session,
          l.checks.join(', '),
          String(l.minutes),
          l.fixed ? 'yes' : 'no',
        ])}
        testId="insights-fix-loops"
        empty="No CI failure in this period."
      />
    </div>
  );
}
