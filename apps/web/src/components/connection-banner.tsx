'use client';
import { useContext, useSyncExternalStore } from 'react';
import { BoardContext } from '../lib/board-store';
import type { FeedStatus } from '../lib/event-feed';

const noop = () => () => {};

/** The "daemon unreachable" banner: shown while the event stream is down (it reconnects by itself). */
export function ConnectionBanner({ status }: { status?: FeedStatus }) {
  const store = useContext(BoardContext);
  const live = useSyncExternalStore(
    store?.subscribe ?? noop,
    () => store?.get().feed ?? 'live',
    () => 'live' as const,
  );
  const s = status ?? live;
  if (s !== 'down') return null;
  return (
    <div
      role="status"
      data-testid="connection-banner"
      className="sticky top-0 z-30 flex items-center justify-center gap-2 bg-amber-400 px-4 py-1.5 text-sm font-medium text-amber-950"
    >
      <span className="h-2 w-2 animate-ping rounded-full bg-amber-900" />
      The ao daemon is unreachable. Reconnecting… nothing will be missed.
    </div>
  );
}
