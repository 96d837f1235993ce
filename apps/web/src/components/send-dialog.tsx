'use client';
import type { Session } from '@ao/shared/session';
import { type FormEvent, useState } from 'react';
import { api } from '../lib/api';
import { Button, Dialog, ErrorText, errorMessage, inputClass } from './ui';

/** Send a (multi-line) message to the agent; the daemon confirms delivery from the agent's own signals. */
export function SendDialog({
  session,
  open,
  onClose,
}: {
  session: Session;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} title={`Message ${session.id}`} onClose={onClose} wide>
      <SendForm session={session} onDone={onClose} />
    </Dialog>
  );
}

function SendForm({ session, onDone }: { session: Session; onDone: () => void }) {
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api.send(session.id, message);
      if (r.delivery.state === 'delivered') {
        onDone();
        return;
      }
      setResult(`Sent; delivery not confirmed yet${r.delivery.detail ? `: ${r.delivery.detail}` : ''}.`);
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
      {result ? <p className="text-sm text-sky-700 dark:text-sky-300">{result}</p> : null}
      <ErrorText error={error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Close</Button>
        <Button variant="primary" type="submit" disabled={busy || !message.trim()}>
          {busy ? 'Sending…' : 'Send'}
        </Button>
      </div>
    </form>
  );
}
