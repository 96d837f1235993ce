'use client';
import type { Session } from '@ao/shared/session';
import { useState } from 'react';
import { api } from '../lib/api';
import { useStore } from '../lib/board-store';
import { useOpenDialog } from './dialog-host';
import { ChatIcon, XIcon } from './icons';
import { Button, errorMessage, IconButton } from './ui';

const restorable = new Set<Session['status']>(['killed', 'runtime_lost', 'failed', 'exited']);

type Size = 'page' | 'card' | 'row';
type Kind = 'restore' | 'merge' | 'terminal';
const FAILED: Record<Kind, string> = { restore: 'Restore', merge: 'Merge', terminal: 'Open in terminal' };

const sizes: Record<Size, string> = {
  page: '',
  card: 'px-2 py-0.5 text-xs',
  row: 'px-1.5! py-0! text-[11px]',
};

/**
 * Kill / restore / send / merge / open in terminal for one session; errors are shown right here, where the action was taken. The
 * message and kill dialogs belong to the board's dialog host, not to this component, so they outlive it.
 */
export function SessionActions({ session, size = 'page' }: { session: Session; size?: Size }) {
  const store = useStore();
  const openDialog = useOpenDialog();
  const [busy, setBusy] = useState<Kind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const cls = sizes[size];
  const row = size === 'row';
  const live = session.status === 'running' || session.status === 'spawning';
  const canMerge = session.pr?.state === 'open';

  async function run(kind: Kind) {
    setBusy(kind);
    setError(null);
    setNote(null);
    try {
      if (kind === 'restore') store.upsert((await api.restore(session.id)).session);
      else if (kind === 'terminal') setNote(`Opened in ${(await api.openTerminal(session.id)).terminal}`);
      else await api.merge(session.id);
    } catch (e) {
      setError(`${FAILED[kind]} failed: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: stops clicks from opening the card's link
    // biome-ignore lint/a11y/useKeyWithClickEvents: same
    <div className={row ? 'flex items-center gap-1' : 'space-y-1'} onClick={(e) => e.stopPropagation()}>
      <div className={`flex ${row ? 'flex-nowrap items-center gap-0.5' : 'flex-wrap gap-1.5'}`}>
        {live && row ? (
          <IconButton
            label={`Message ${session.id}`}
            onClick={() => openDialog({ kind: 'send', sessionId: session.id })}
            data-testid="action-send"
          >
            <ChatIcon />
          </IconButton>
        ) : null}
        {live && !row ? (
          <Button
            className={cls}
            onClick={() => openDialog({ kind: 'send', sessionId: session.id })}
            data-testid="action-send"
          >
            Message
          </Button>
        ) : null}
        {session.status === 'running' && size === 'page' ? (
          <Button
            className={cls}
            disabled={busy !== null}
            onClick={() => void run('terminal')}
            title="Open this session in a terminal window on the daemon's machine (terminal: in ao.config.yaml)"
            data-testid="action-open-terminal"
          >
            {busy === 'terminal' ? 'Opening…' : 'Open in terminal'}
          </Button>
        ) : null}
        {canMerge ? (
          <Button
            variant={session.lane === 'merge' ? 'primary' : 'secondary'}
            className={cls}
            disabled={busy !== null}
            onClick={() => void run('merge')}
            data-testid="action-merge"
          >
            {busy === 'merge' ? 'Merging…' : 'Merge'}
          </Button>
        ) : null}
        {restorable.has(session.status) ? (
          <Button
            className={cls}
            disabled={busy !== null}
            onClick={() => void run('restore')}
            data-testid="action-restore"
          >
            {busy === 'restore' ? 'Restoring…' : 'Restore'}
          </Button>
        ) : null}
        {session.status !== 'killed' && session.status !== 'done' && row ? (
          <IconButton
            label={`Kill ${session.id}`}
            className="text-rose-600 dark:text-rose-400"
            onClick={() => openDialog({ kind: 'kill', sessionId: session.id })}
            data-testid="action-kill"
          >
            <XIcon />
          </IconButton>
        ) : null}
        {session.status !== 'killed' && session.status !== 'done' && !row ? (
          <Button
            variant="ghost"
            className={`${cls} text-rose-600 dark:text-rose-400`}
            onClick={() => openDialog({ kind: 'kill', sessionId: session.id })}
            data-testid="action-kill"
          >
            Kill
          </Button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-rose-600 dark:text-rose-400" title={error}>
          {row ? 'failed' : error}
        </p>
      ) : null}
      {note && !error ? (
        <p role="status" className="text-xs text-slate-500 dark:text-slate-400">
          {note}
        </p>
      ) : null}
    </div>
  );
}
