'use client';
import type { Report } from '@ao/shared/report';
import { useState } from 'react';
import { sessionCells } from '../../lib/insights';

/** Rows shown before "Show all" (the first paint of a long period stays small). */
const FIRST_ROWS = 50;

const HEAD = [
  'Session',
  'Task',
  'Agent / model',
  'Cost',
  'First PR',
  'CI',
  'Review rounds',
  'End',
  'Time to merge',
];

/** One row a session of the period, newest first (the report's `sessions` list). */
export function SessionsTable({ list }: { list: NonNullable<Report['sessions']> }) {
  const [shown, setShown] = useState(FIRST_ROWS);
  return (
    <section
      aria-label="Sessions"
      className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="mb-2 text-sm font-semibold">
        Sessions{' '}
        <span className="font-normal text-zinc-500" data-testid="sessions-count">
          {list.rows.length < list.total
            ? `(latest ${list.rows.length} of ${list.total})`
            : `(${list.total})`}
        </span>
      </h2>
      {list.rows.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="insights-sessions">
            <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
              <tr>
                {HEAD.map((h) => (
                  <th key={h} className="whitespace-nowrap py-1 pr-3 font-semibold">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {list.rows.slice(0, shown).map((row) => {
                const c = sessionCells(row);
                return (
                  <tr
                    key={c.id}
                    data-session-id={c.id}
                    className="border-t border-zinc-100 dark:border-zinc-800"
                  >
                    <td className="whitespace-nowrap py-1 pr-3 font-mono text-xs">
                      <a
                        href={`/session/?id=${encodeURIComponent(c.id)}`}
                        className="text-indigo-600 hover:underline dark:text-indigo-400"
                      >
                        {c.id}
                      </a>
                    </td>
                    <td className="max-w-[22rem] truncate py-1 pr-3" title={c.task}>
                      {c.task}
                    </td>
                    <td className="whitespace-nowrap py-1 pr-3">{c.agent}</td>
                    <td className="py-1 pr-3" data-col="cost">
                      {c.cost}
                    </td>
                    <td className="whitespace-nowrap py-1 pr-3" data-col="first-pr">
                      {c.firstPr}
                    </td>
                    <td className="whitespace-nowrap py-1 pr-3" data-col="ci">
                      {c.ci}
                    </td>
                    <td className="py-1 pr-3" data-col="reviews">
                      {c.reviews}
                    </td>
                    <td className="py-1 pr-3" data-col="end">
                      {c.end}
                    </td>
                    <td className="whitespace-nowrap py-1 pr-3" data-col="merge">
                      {c.merge}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {list.rows.length > shown ? (
            <button
              type="button"
              data-testid="sessions-show-all"
              onClick={() => setShown(list.rows.length)}
              className="mt-2 text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            >
              Show all {list.rows.length}
            </button>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-zinc-500">No session in this period.</p>
      )}
    </section>
  );
}
