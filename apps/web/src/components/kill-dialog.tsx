'use client';
import { useState } from 'react';
import { ApiError, api } from '../lib/api';
import { useBoard, useStore } from '../lib/board-store';
import { Button, Dialog, ErrorText, errorMessage } from './ui';

/** Confirm a kill; optionally remove the worktree; a 409 unsafe_worktree offers to force. */
export function KillDialog({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  return (
    <Dialog open title={`Kill ${sessionId}?`} onClose={onClose}>
      <KillForm sessionId={sessionId} onDone={onClose} />
    </Dialog>
  );
}

function KillForm({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const store = useStore();
  const worktreePath = useBoard().board.sessions.get(sessionId)?.worktreePath ?? '';
  const [removeWorktree, setRemoveWorktree] = useState(false);
  const [unsafe, setUnsafe] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function kill(force: boolean) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.kill(sessionId, { removeWorktree, force: force || undefined });
      store.upsert(r.session);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'unsafe_worktree') setUnsafe(e.message);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4" data-testid="kill-form">
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        The agent stops and the runtime is closed. You can restore the session later unless its worktree is
        removed.
      </p>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={removeWorktree}
          onChange={(e) => setRemoveWorktree(e.target.checked)}
          className="h-4 w-4 accent-rose-600"
        />
        Also remove the worktree{' '}
        <code className="truncate font-mono text-xs text-zinc-500">{worktreePath}</code>
      </label>
      {unsafe ? (
        <div
          role="alert"
          className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-200"
        >
          <p className="font-semibold">The worktree has work that would be lost</p>
          <p>{unsafe}</p>
          <Button variant="danger" disabled={busy} onClick={() => void kill(true)} data-testid="kill-force">
            Kill anyway (force)
          </Button>
        </div>
      ) : null}
      <ErrorText error={error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button variant="danger" disabled={busy} onClick={() => void kill(false)} data-testid="kill-confirm">
          {busy ? 'Killing…' : 'Kill session'}
        </Button>
      </div>
    </div>
  );
}
