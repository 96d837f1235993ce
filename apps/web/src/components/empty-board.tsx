'use client';
import type { ReactNode } from 'react';

function Step({ n, children }: { n: number; children: ReactNode }) {
  return (
    <li className="flex gap-3">
      <span className="grid h-6 w-6 shrink-0 place-items-center rounded-full bg-indigo-600 text-xs font-bold text-white">
        {n}
      </span>
      <span className="pt-0.5">{children}</span>
    </li>
  );
}

const code = 'rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[13px] dark:bg-zinc-800';

/** What to do first when there is nothing on the board. */
export function EmptyBoard({ hasProjects }: { hasProjects: boolean }) {
  return (
    <div
      data-testid="empty-board"
      className="mx-auto mt-6 max-w-xl rounded-2xl border border-dashed border-zinc-300 bg-white p-6 text-sm leading-6 dark:border-zinc-700 dark:bg-zinc-900"
    >
      <h2 className="text-lg font-semibold">No sessions yet</h2>
      <p className="mt-1 text-zinc-500 dark:text-zinc-400">
        Each session is one agent working on one task in its own worktree and branch.
      </p>
      <ol className="mt-4 space-y-3">
        {hasProjects ? null : (
          <Step n={1}>
            In your repository, run <code className={code}>ao init</code>: it writes{' '}
            <code className={code}>ao.config.yaml</code> and registers the project with this running daemon.
            The project is ready at once; no restart needed.
          </Step>
        )}
        <Step n={hasProjects ? 1 : 2}>
          Start an agent: <code className={code}>ao start --prompt &quot;Fix the flaky test&quot;</code>, or{' '}
          <code className={code}>ao start --issue 42</code>.
        </Step>
        <Step n={hasProjects ? 2 : 3}>
          Or press <strong>+ New session</strong> above and describe the task here.
        </Step>
      </ol>
    </div>
  );
}
