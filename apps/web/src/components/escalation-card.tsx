'use client';
import type { EscalationDecision } from '@ao/shared/escalations';
import type { Escalation } from '@ao/shared/events-mcp';
import Link from 'next/link';
import { memo, useState } from 'react';
import { api } from '../lib/api';
import { useStore } from '../lib/board-store';
import { actionLabel } from '../lib/escalation-text';
import { formatAge } from '../lib/format';
import { sessionHref } from './session-card';
import { Button, Chip, ErrorText, errorMessage, inputClass } from './ui';

/**
 * A decision the orchestrator handed to the human: its summary, the decision it recommends (and what accepting
 * carries out), and Accept / Reject / Answer. Everything shown is an agent's text: rendered as plain text only.
 * A resolved escalation leaves the list (from the reply, or the `escalation.resolved` event, whichever comes first).
 */
export const EscalationCard = memo(function EscalationCard({
  escalation: e,
  now,
}: {
  escalation: Escalation;
  now: number;
}) {
  const store = useStore();
  const [answering, setAnswering] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<EscalationDecision | null>(null);
  const [error, setError] = useState<string | null>(null);

  const resolve = async (decision: EscalationDecision, answer?: string) => {
    setBusy(decision);
    setError(null);
    try {
      const r = await api.resolveEscalation(e.id, decision, answer);
      store.escalation(r.escalation);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <article
      data-testid="escalation-card"
      data-escalation-id={e.id}
      aria-label={`Escalation ${e.id}${e.sessionId ? ` about ${e.sessionId}` : ''}`}
      className="space-y-2 rounded-lg border border-amber-400 bg-amber-50 p-3 text-sm shadow-sm dark:border-amber-700 dark:bg-amber-950/40"
    >
      <div className="flex items-center gap-2 text-xs">
        <Chip tone="warn">escalation #{e.id}</Chip>
        {e.sessionId ? (
          <Link href={sessionHref(e.sessionId)} prefetch={false} className="font-mono hover:underline">
            {e.sessionId}
          </Link>
        ) : (
          <span className="text-zinc-500">{e.project ?? 'fleet'}</span>
        )}
        <span className="ml-auto text-zinc-500 dark:text-zinc-400">{formatAge(e.createdAt, now)}</span>
      </div>
      <p data-testid="escalation-summary" className="whitespace-pre-wrap break-words">
        {e.summary}
      </p>
      <p data-testid="escalation-recommendation" className="whitespace-pre-wrap break-words">
        <span className="font-semibold">Recommends: </span>
        {e.recommendation}
      </p>
      {e.action ? (
        <p data-testid="escalation-action" className="text-xs text-zinc-600 dark:text-zinc-300">
          Accept will {actionLabel(e.action)}
        </p>
      ) : null}
      {e.error ? <ErrorText error={`Last attempt failed: ${e.error}`} /> : null}
      <ErrorText error={error} />
      <div className="flex flex-wrap gap-1.5">
        <Button
          variant="primary"
          data-testid="escalation-accept"
          disabled={busy !== null}
          onClick={() => void resolve('accept')}
        >
          {busy === 'accept' ? 'Accepting…' : 'Accept'}
        </Button>
        <Button
          data-testid="escalation-reject"
          disabled={busy !== null}
          onClick={() => void resolve('reject')}
        >
          Reject
        </Button>
        <Button
          variant="ghost"
          data-testid="escalation-answer"
          aria-expanded={answering}
          disabled={busy !== null}
          onClick={() => setAnswering(!answering)}
        >
          Answer
        </Button>
      </div>
      {answering ? (
        <form
          className="space-y-1.5"
          onSubmit={(ev) => {
            ev.preventDefault();
            if (text.trim()) void resolve('answer', text.trim());
          }}
        >
          <textarea
            data-testid="escalation-answer-text"
            aria-label="Your answer"
            className={inputClass}
            rows={3}
            maxLength={8000}
            value={text}
            onChange={(ev) => setText(ev.target.value)}
            placeholder="Your answer for the orchestrator"
          />
          <Button
            type="submit"
            variant="primary"
            data-testid="escalation-answer-send"
            disabled={busy !== null || !text.trim()}
          >
            {busy === 'answer' ? 'Sending…' : 'Send answer'}
          </Button>
        </form>
      ) : null}
    </article>
  );
});
