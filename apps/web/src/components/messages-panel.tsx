'use client';
import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { useBoard, useStore } from '../lib/board-store';
import { firstLine, formatTime } from '../lib/format';
import { MessageState } from './message-state';
import { Panel } from './pr-panel';
import { errorMessage } from './ui';

const kinds = { prompt: 'first prompt', message: 'message', reaction: 'reaction' } as const;

/** Every message to the agent (its first prompt included) with its state: the messages route, then live events. */
export function MessagesPanel({ sessionId }: { sessionId: string }) {
  const store = useStore();
  const { board } = useBoard();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api
      .messages(sessionId)
      .then((r) => {
        if (!cancelled) store.messages(sessionId, r.messages);
      })
      .catch((e) => {
        if (!cancelled) setError(`Could not load the messages: ${errorMessage(e)}`);
      });
    return () => {
      cancelled = true;
    };
  }, [sessionId, store]);
  const list = [...(board.messages.get(sessionId) ?? [])].reverse();
  return (
    <Panel title="Messages">
      {error ? <p className="mb-2 text-xs text-rose-600">{error}</p> : null}
      {list.length === 0 ? (
        <p className="text-xs text-zinc-500">No messages to this agent yet.</p>
      ) : (
        <ol data-testid="messages" className="max-h-80 space-y-2 overflow-y-auto pr-1">
          {list.map((m) => (
            <li key={m.id} className="text-xs" data-testid="message" data-state={m.state}>
              <div className="flex items-center gap-2">
                <MessageState state={m.state} detail={m.detail} />
                <span className="text-zinc-500">
                  {kinds[m.kind]} · {formatTime(m.updatedAt)}
                </span>
              </div>
              <div className="mt-0.5 break-words font-mono text-zinc-800 dark:text-zinc-200" title={m.text}>
                {firstLine(m.text, 200)}
              </div>
              {m.detail ? <div className="text-zinc-500">{m.detail}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
