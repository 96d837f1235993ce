'use client';
import type { Session } from '@ao/shared/session';
import type { TimelineEntry } from '../lib/event-store';
import { formatTime } from '../lib/format';
import { evidenceText } from './badges';
import { Panel } from './pr-panel';

const dots: Record<TimelineEntry['tone'], string> = {
  neutral: 'bg-zinc-400',
  good: 'bg-emerald-500',
  warn: 'bg-amber-500',
  bad: 'bg-rose-500',
};

/** What happened to the session since the page opened, newest first, with the evidence behind each change. */
export function ActivityTimeline({
  session,
  entries,
}: {
  session: Session;
  entries: readonly TimelineEntry[];
}) {
  const items = [...entries].reverse();
  return (
    <Panel title="Activity">
      <div
        className="mb-3 rounded-md bg-zinc-50 p-2 text-xs dark:bg-zinc-950/60"
        data-testid="current-evidence"
      >
        <div className="font-semibold">Why it is here now</div>
        <pre className="mt-1 whitespace-pre-wrap font-sans text-zinc-600 dark:text-zinc-300">
          {evidenceText(session.evidence, session.statusReason)}
        </pre>
      </div>
      {items.length === 0 ? (
        <p className="text-xs text-zinc-500">No changes seen since this page opened.</p>
      ) : (
        <ol data-testid="timeline" className="max-h-80 space-y-2 overflow-y-auto pr-1">
          {items.map((e) => (
            <li key={e.id} className="flex gap-2 text-xs">
              <span className={`mt-1 h-2 w-2 shrink-0 rounded-full ${dots[e.tone]}`} />
              <div className="min-w-0">
                <div className="text-zinc-800 dark:text-zinc-200">{e.text}</div>
                <div className="text-zinc-500">
                  {formatTime(e.at)}
                  {e.evidence
                    ? ` · ${e.evidence.source} (${e.evidence.confidence}): ${e.evidence.detail}`
                    : ''}
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
