'use client';
import { useEffect, useState } from 'react';
import { api, type Briefing } from '../lib/api';
import { useBoard } from '../lib/board-store';
import { formatAge } from '../lib/format';
import { ErrorText, errorMessage } from './ui';
import { useNow } from './use-now';

const ago = (age: string) => (age === 'just now' || age === '—' ? age : `${age} ago`);

/**
 * The orchestrator's latest briefing per project (and the fleet's), collapsible. The text is an agent's: shown as
 * plain text (never rendered as HTML or markdown). Reloaded when a `briefing.published` event arrives.
 */
export function BriefingPanel() {
  const { board } = useBoard();
  const now = useNow();
  const [briefings, setBriefings] = useState<Briefing[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(true);

  // Runs again whenever board.briefingAt changes: a new briefing was published.
  useEffect(() => {
    let live = true;
    api.briefings().then(
      (r) => {
        if (!live) return;
        setBriefings(r.briefings);
        setError(null);
      },
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [board.briefingAt]);

  if (briefings.length === 0 && !error) return null;
  const name = (p: string) => (p === '*' ? 'Fleet' : (board.projects.find((x) => x.id === p)?.name ?? p));
  return (
    <section
      data-testid="briefing-panel"
      aria-labelledby="briefing-title"
      className="rounded-xl border border-indigo-200 bg-indigo-50/60 p-3 dark:border-indigo-900 dark:bg-indigo-950/30"
    >
      <button
        type="button"
        aria-expanded={open}
        data-testid="briefing-toggle"
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-2 text-left text-sm font-semibold"
      >
        <span aria-hidden>{open ? '▾' : '▸'}</span>
        <span id="briefing-title">Briefing</span>
        <span className="text-xs font-normal text-zinc-500 dark:text-zinc-400">from the orchestrator</span>
      </button>
      <ErrorText error={error} />
      {open ? (
        <div className="mt-2 space-y-3">
          {briefings.map((b) => (
            <article key={b.project} data-testid="briefing" data-project={b.project}>
              <h3 className="flex items-baseline gap-2 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
                <span>{name(b.project)}</span>
                <time dateTime={b.publishedAt} title={b.publishedAt} className="font-normal normal-case">
                  {ago(formatAge(b.publishedAt, now))}
                </time>
              </h3>
              <pre
                data-testid="briefing-text"
                className="mt-1 max-h-80 overflow-y-auto whitespace-pre-wrap break-words font-sans text-sm text-zinc-800 dark:text-zinc-200"
              >
                {b.text}
              </pre>
            </article>
          ))}
        </div>
      ) : null}
    </section>
  );
}
