'use client';
import type { PullRequest } from '@ao/shared/session';
import type { ReactNode } from 'react';
import { CiChip, ReviewChip } from './badges';
import { Chip, type Tone } from './ui';

function checkTone(c: PullRequest['checks'][number]): Tone {
  if (c.status !== 'completed') return 'warn';
  if (c.conclusion === 'success') return 'good';
  if (c.conclusion === 'neutral' || c.conclusion === 'skipped') return 'neutral';
  return 'bad';
}

const mergeable: Record<PullRequest['mergeable'], [string, Tone]> = {
  unknown: ['mergeability unknown', 'neutral'],
  mergeable: ['no conflicts', 'good'],
  conflicting: ['merge conflicts', 'bad'],
};

/** Everything about the session's PR: checks with links, CI, review decision, unresolved threads, mergeability. */
export function PrPanel({ pr }: { pr: PullRequest | null }) {
  if (!pr) {
    return (
      <Panel title="Pull request">
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No PR yet.</p>
      </Panel>
    );
  }
  const [mLabel, mTone] = mergeable[pr.mergeable];
  return (
    <Panel title="Pull request">
      <div data-testid="pr-panel" className="space-y-3 text-sm">
        <a href={pr.url} target="_blank" rel="noreferrer" className="block font-medium hover:underline">
          <span className="font-mono text-indigo-600 dark:text-indigo-400">#{pr.number}</span> {pr.title}
        </a>
        <div className="flex flex-wrap gap-1">
          <Chip tone={pr.state === 'merged' ? 'good' : pr.state === 'closed' ? 'bad' : 'info'}>
            {pr.draft ? 'draft' : pr.state}
          </Chip>
          <CiChip pr={pr} />
          <ReviewChip pr={pr} />
          <Chip tone={mTone}>{mLabel}</Chip>
          {pr.reviewersRequested > 0 ? <Chip>{pr.reviewersRequested} reviewer(s) requested</Chip> : null}
        </div>
        {pr.checks.length ? (
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {pr.checks.map((c) => (
              <li key={c.name} className="px-2 py-1.5">
                <div className="flex items-center justify-between gap-2">
                  {c.url ? (
                    <a href={c.url} target="_blank" rel="noreferrer" className="truncate hover:underline">
                      {c.name}
                    </a>
                  ) : (
                    <span className="truncate">{c.name}</span>
                  )}
                  <span className="flex shrink-0 gap-1">
                    {c.verdict ? (
                      <Chip tone={verdictTone[c.verdict.class]} title={c.verdict.reason}>
                        {verdictLabel[c.verdict.class]}
                      </Chip>
                    ) : null}
                    <Chip tone={checkTone(c)}>{c.conclusion ?? c.status.replace('_', ' ')}</Chip>
                  </span>
                </div>
                {c.verdict ? (
                  <p data-testid="check-verdict" className="mt-0.5 text-xs text-zinc-500">
                    {c.verdict.reason}
                    {c.verdict.action ? ` · ${verdictAction[c.verdict.action]}` : ''}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-zinc-500">No checks reported.</p>
        )}
        {pr.unresolvedThreads.length ? (
          <div className="space-y-2">
            <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
              Unresolved threads ({pr.unresolvedThreads.length})
            </h4>
            {pr.unresolvedThreads.map((t, i) => (
              <div key={i} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                <div className="flex items-center justify-between gap-2 text-xs text-zinc-500">
                  <span className="truncate font-mono">
                    {t.path ? `${t.path}${t.line !== null ? `:${t.line}` : ''}` : 'general'}
                  </span>
                  <span>@{t.author}</span>
                </div>
                <p className="mt-1 line-clamp-4 whitespace-pre-wrap text-sm">{t.body}</p>
                {t.url ? (
                  <a
                    href={t.url}
                    target="_blank"
                    rel="noreferrer"
                    className="text-xs text-indigo-600 hover:underline"
                  >
                    open
                  </a>
                ) : null}
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </Panel>
  );
}

export function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h3 className="mb-3 text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

/** A failing check's class (see `ao checks`): flaky is re-run once, a broken base wakes nobody, real wakes the agent. */
const verdictLabel = { flaky: 'flaky', 'broken-base': 'broken base', real: 'real failure' } as const;
const verdictTone = { flaky: 'warn', 'broken-base': 'warn', real: 'bad' } as const;
const verdictAction = {
  rerun: 're-run once before waking the agent',
  notified: 'nobody woken; you were told',
  held: 'nobody woken',
  woke: 'agent woken',
} as const;
