'use client';
import type { Session } from '@ao/shared/session';
import { useState } from 'react';
import type { Density } from '../lib/prefs';
import { SessionCard } from './session-card';
import { SessionRow } from './session-row';
import { Button } from './ui';

const page = 24;

/** Finished sessions: a collapsed row under the lanes, shown a page at a time. */
export function DoneRow({ sessions, now, density }: { sessions: Session[]; now: number; density: Density }) {
  const [shown, setShown] = useState(page);
  const Row = density === 'compact' ? SessionRow : SessionCard;
  const rest = sessions.length - shown;
  return (
    <details data-testid="lane-done" className="rounded-xl bg-zinc-100/80 p-2 dark:bg-zinc-900/50">
      <summary className="cursor-pointer select-none px-1 text-sm font-semibold">
        Done <span className="ml-1 text-xs font-medium text-zinc-500">{sessions.length}</span>
      </summary>
      <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {sessions.slice(0, shown).map((s) => (
          <Row key={s.id} session={s} now={now} tabIndex={0} />
        ))}
      </div>
      {rest > 0 ? (
        <div className="mt-2 flex justify-center">
          <Button onClick={() => setShown((n) => n + page)} data-testid="done-more">
            Show {Math.min(page, rest)} more of {rest}
          </Button>
        </div>
      ) : null}
    </details>
  );
}
