'use client';
import type { Delivery } from '@ao/shared/api';
import type { Message } from '@ao/shared/session';
import { type FormEvent, useState } from 'react';
import { api } from '../lib/api';
import { useBoard } from '../lib/board-store';
import { firstLine } from '../lib/format';
import { deliveryView } from '../lib/messages';
import { MessageState } from './message-state';
import { Button, Dialog, ErrorText, errorMessage, inputClass } from './ui';

/**
 * Send a (multi-line) message to the agent. Each message sent from here is listed with its state, live: `queued`
 * (the agent is busy and takes it with its next turn), then `delivered` or `dropped` as the daemon's events say.
 */
export function SendDialog({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  return (
    <Dialog open title={`Message ${sessionId}`} onClose={onClose} wide>
      <SendForm sessionId={sessionId} onDone={onClose} />
    </Dialog>
  );
}

interface SentHere {
  reply: Delivery;
  text: string;
}

function SendForm({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const { board } = useBoard();
  const session = board.sessions.get(sessionId);
  const known = board.messages.get(sessionId) ?? [];
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<SentHere[]>([]);
  const [busy, setBusy] = useState(false);
  const gone = session && session.status !== 'running' && session.status !== 'spawning';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.send(sessionId, message);
      setSent((list) => [...list, { reply: r.delivery, text: message }]);
      setMessage('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-3" data-testid="send-form">
      <textarea
        className={`${inputClass} min-h-36 font-mono`}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
        }}
        placeholder="Tell the agent what to do next. Ctrl+Enter sends."
        aria-label="Message"
      />
      {gone ? (
        <p className="text-sm text-amber-700 dark:text-amber-300" data-testid="send-not-running">
          This session is {session.status.replace('_', ' ')}: restore it before sending. What you typed stays
          here.
        </p>
      ) : null}
      {sent.length ? (
        <ul className="space-y-2" data-testid="sent-messages" aria-live="polite">
          {sent.map((m) => (
            <SentLine key={m.reply.id} sent={m} row={known.find((x) => x.id === m.reply.id)} />
          ))}
        </ul>
      ) : null}
      <ErrorText error={error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Close</Button>
        <Button variant="primary" type="submit" disabled={busy || !message.trim() || Boolean(gone)}>
          {busy ? 'Sending…' : 'Send'}
        </Button>
      </div>
    </form>
  );
}

/** One message sent from this dialog: the row the events keep up to date, else what the send answered. */
export function SentLine({ sent, row }: { sent: SentHere; row: Message | undefined }) {
  const state = row?.state ?? sent.reply.state;
  const detail = row ? row.detail : sent.reply.detail;
  const view = deliveryView(state, state === 'sent' ? null : detail);
  return (
    <li
      className="rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
      data-testid="sent-message"
      data-state={state}
    >
      <div className="flex items-center gap-2">
        <MessageState state={state} />
        <span className="min-w-0 truncate font-mono text-xs text-zinc-600 dark:text-zinc-300">
          {firstLine(sent.text, 80)}
        </span>
      </div>
      <p className="mt-1 text-zinc-700 dark:text-zinc-300">{view.text}</p>
    </li>
  );
}
