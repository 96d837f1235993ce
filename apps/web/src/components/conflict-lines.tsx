'use client';
import type { Session } from '@ao/shared/session';
import { conflictFilesTitle, conflictText, dependencyText } from '../lib/conflict-text';

/** How many predicted conflicts a card shows (the session page and the API have them all). */
const SHOWN = 2;

/**
 * A card's predicted conflicts with other sessions and the base, conflicts first, and what the session waits for or
 * holds up (README "Predicted conflicts").
 */
export function ConflictLines({ session }: { session: Session }) {
  const list = session.conflicts;
  const deps = [dependencyText('blocked by', session.blockedBy), dependencyText('blocks', session.blocks)];
  if (!list.length && !deps.some(Boolean)) return null;
  const hidden = list.length - SHOWN;
  return (
    <ul data-testid="conflicts" className="mt-1.5 space-y-0.5 text-xs">
      {deps.map((text) =>
        text ? (
          <li key={text} data-testid="dependency" className="truncate text-zinc-600 dark:text-zinc-300">
            {text}
          </li>
        ) : null,
      )}
      {list.slice(0, SHOWN).map((c) => (
        <li
          key={`${c.with}:${c.kind}`}
          data-conflict-with={c.with}
          data-conflict-kind={c.kind}
          title={conflictFilesTitle(c)}
          className={`truncate ${c.kind === 'conflict' ? 'text-red-600 dark:text-red-400' : 'text-amber-600 dark:text-amber-400'}`}
        >
          {conflictText(c)}
        </li>
      ))}
      {hidden > 0 ? <li className="text-zinc-500">and {hidden} more</li> : null}
    </ul>
  );
}
