'use client';
import Link from 'next/link';
import { useBoard, useStore } from '../lib/board-store';
import { sessionHref } from './session-card';

const listed = 8;

/** After a restart that brought sessions back on their own (the `daemon.recovered` event): which ones, dismissible. */
export function RecoveredBanner() {
  const { board } = useBoard();
  const store = useStore();
  const r = board.recovered;
  if (!r) return null;
  const n = r.restored.length;
  return (
    <div
      role="status"
      data-testid="recovered-banner"
      className="border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/70 dark:text-sky-100"
    >
      <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-medium">
          {n} session{n === 1 ? ' was' : 's were'} brought back after a restart:
        </span>
        {r.restored.slice(0, listed).map((id) => (
          <Link key={id} href={sessionHref(id)} prefetch={false} className="font-mono text-xs underline">
            {id}
          </Link>
        ))}
        {n > listed ? <span className="text-xs">and {n - listed} more</span> : null}
        <button
          type="button"
          onClick={() => store.dismissRecovered()}
          className="ml-auto rounded px-2 py-0.5 text-xs font-medium hover:bg-sky-100 dark:hover:bg-sky-900"
        >
          Dismiss
        </button>
      </div>
    </div>
  );
}
