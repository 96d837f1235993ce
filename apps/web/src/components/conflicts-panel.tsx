'use client';
import type { Session } from '@ao/shared/session';
import { conflictText, dependencyText } from '../lib/conflict-text';
import { Panel } from './pr-panel';

/** The session page's predicted conflicts, every file of each, and its dependencies (README "Predicted conflicts"). */
export function ConflictsPanel({ session: s }: { session: Session }) {
  const deps = [dependencyText('blocked by', s.blockedBy), dependencyText('blocks', s.blocks)].filter(
    (t): t is string => t !== null,
  );
  if (!s.conflicts.length && !deps.length) return null;
  return (
    <Panel title="Predicted conflicts">
      <ul data-testid="conflicts-panel" className="space-y-2 text-xs">
        {deps.map((text) => (
          <li key={text}>{text}</li>
        ))}
        {s.conflicts.map((c) => (
          <li key={`${c.with}:${c.kind}`} data-conflict-with={c.with} data-conflict-kind={c.kind}>
            <div
              className={
                c.kind === 'conflict'
                  ? 'text-red-600 dark:text-red-400'
                  : 'text-amber-600 dark:text-amber-400'
              }
            >
              {conflictText(c)}
            </div>
            <ul className="mt-0.5 ml-3 font-mono text-zinc-600 dark:text-zinc-400">
              {c.files.map((f) => (
                <li key={f} className="break-all whitespace-pre-wrap">
                  {f}
                </li>
              ))}
              {c.fileCount > c.files.length ? <li>… and {c.fileCount - c.files.length} more</li> : null}
            </ul>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
