'use client';
import type { Session } from '@ao/shared/session';
import { formatTime } from '../lib/format';
import { exitSummary, parseFix } from '../lib/session-view';
import { Panel } from './pr-panel';
import { FixCommand } from './session-why';

/** How the agent's program ended: its exit code or signal, when, the fix if ao knows one, and its last lines. */
export function ExitPanel({ session: s }: { session: Session }) {
  if (!s.exit) return null;
  const { fix } = parseFix(s.statusReason ?? '');
  return (
    <Panel title="Exit">
      <div data-testid="exit-panel" className="space-y-2 text-sm">
        <p>
          <span className="font-semibold text-rose-700 dark:text-rose-300" data-testid="exit-summary">
            {s.agent} {exitSummary(s.exit)}
          </span>{' '}
          <span className="text-xs text-zinc-500">at {formatTime(s.exit.at)}</span>
        </p>
        {s.statusReason ? <p className="text-xs text-zinc-600 dark:text-zinc-300">{s.statusReason}</p> : null}
        {fix ? (
          <div className="text-xs">
            <FixCommand fix={fix} />
          </div>
        ) : null}
        {s.exit.lastLines.length ? (
          <>
            <div className="text-[11px] font-semibold uppercase tracking-wide text-zinc-500">Last lines</div>
            <pre
              data-testid="exit-lines"
              className="max-h-56 overflow-auto rounded-md bg-zinc-950 p-2 font-mono text-xs leading-5 text-zinc-100"
            >
              {s.exit.lastLines.join('\n')}
            </pre>
          </>
        ) : (
          <p className="text-xs text-zinc-500">It printed nothing before it ended.</p>
        )}
      </div>
    </Panel>
  );
}
