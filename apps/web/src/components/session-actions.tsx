'use client';
import type { Session } from '@ao/shared/session';
import { useState } from 'react';
import { api } from '../lib/api';
import { useStore } from '../lib/board-store';
import { KillDialog } from './kill-dialog';
import { SendDialog } from './send-dialog';
import { Button, errorMessage } from './ui';

const restorable = new Set<Session['status']>(['killed', 'runtime_lost', 'failed']);

/** Kill / restore / send / merge for one session; errors are shown right here, where the action was taken. */
export function SessionActions({ session, compact = false }: { session: Session; compact?: boolean }) {
  const store = useStore();
  const [dialog, setDialog] = useState<'kill' | 'send' | null>(null);
  const [busy, setBusy] = useState<'restore' | 'merge' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const size = compact ? 'px-2 py-0.5 text-xs' : '';
  const live = session.status === 'running' || session.status === 'spawning';
  const canMerge = session.pr?.state === 'open';

  async function run(kind: 'restore' | 'merge') {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'restore') store.upsert((await api.restore(session.id)).session);
      else await api.merge(session.id);
    } catch (e) {
      setError(`${kind === 'merge' ? 'Merge' : 'Restore'} failed: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: stops clicks from opening the card's link
    // biome-ignore lint/a11y/useKeyWithClickEvents: same
    <div className="space-y-1" onClick={(e) => e.stopPropagation()}>
      <div className="flex flex-wrap gap-1.5">
        {live ? (
          <Button className={size} onClick={() => setDialog('send')} data-testid="action-send">
            Message
          </Button>
        ) : null}
        {canMerge ? (
          <Button
            variant={session.lane === 'merge' ? 'primary' : 'secondary'}
            className={size}
            disabled={busy !== null}
            onClick={() => void run('merge')}
            data-testid="action-merge"
          >
            {busy === 'merge' ? 'Merging…' : 'Merge'}
          </Button>
        ) : null}
        {restorable.has(session.status) ? (
          <Button
            className={size}
            disabled={busy !== null}
            onClick={() => void run('restore')}
            data-testid="action-restore"
          >
            {busy === 'restore' ? 'Restoring…' : 'Restore'}
          </Button>
        ) : null}
        {session.status !== 'killed' && session.status !== 'done' ? (
          <Button
            variant="ghost"
            className={`${size} text-rose-600 dark:text-rose-400`}
            onClick={() => setDialog('kill')}
            data-testid="action-kill"
          >
            Kill
          </Button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      ) : null}
      <KillDialog session={session} open={dialog === 'kill'} onClose={() => setDialog(null)} />
      <SendDialog session={session} open={dialog === 'send'} onClose={() => setDialog(null)} />
    </div>
  );
}
