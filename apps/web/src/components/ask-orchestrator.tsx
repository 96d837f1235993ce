'use client';
import type { Question } from '@ao/shared/questions';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../lib/api';
import { useStore } from '../lib/board-store';

/** How long the page waits on one request for the answer (the daemon holds it at most this long). */
const WAIT_SEC = 60;

type Ask = { question: Question; waiting: boolean } | null;

/**
 * Ask the orchestrator from the board: the question goes to it as a wake; its answer (`answer_human`) appears below
 * as plain text (it is agent-written, never rendered as HTML).
 */
export function AskOrchestrator({ project }: { project: string }) {
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<Ask>(null);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  // Parts of the answer show as they come (the live feed); the request below waits for the whole of it.
  const store = useStore();
  const askedId = asked?.question.id;
  useEffect(
    () =>
      store.onEvent((e) => {
        if (e.type !== 'question.progress' && e.type !== 'question.answered') return;
        const q = e.data.question;
        if (q.id !== askedId) return;
        setAsked((cur) => (cur?.question.answeredAt ? cur : { question: q, waiting: q.answeredAt === null }));
      }),
    [store, askedId],
  );

  async function follow(q: Question) {
    let current = q;
    while (alive.current && !current.answeredAt) {
      try {
        current = (await api.question(q.id, WAIT_SEC)).question;
      } catch (e) {
        if (alive.current) setError(e instanceof ApiError ? e.message : String(e));
        return;
      }
    }
    if (alive.current) setAsked({ question: current, waiting: false });
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const question = text.trim();
    if (!question) return;
    setError(null);
    try {
      const r = await api.ask(question, project);
      setText('');
      setAsked({ question: r.question, waiting: true });
      void follow(r.question);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <div className="w-full" data-testid="ask-orchestrator">
      <form onSubmit={submit} className="flex gap-2">
        <input
          aria-label="Ask the orchestrator"
          value={text}
          maxLength={4000}
          onChange={(e) => setText(e.target.value)}
          placeholder="Ask the orchestrator, e.g. which PR should merge first?"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button
          type="submit"
          disabled={!text.trim()}
          className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
        >
          Ask
        </button>
      </form>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {asked ? (
        <div className="mt-2 text-sm" data-testid="orchestrator-answer" data-question-id={asked.question.id}>
          <p className="text-zinc-500">
            #{asked.question.id}: {asked.question.text}
          </p>
          {asked.question.answer !== null ? (
            <>
              <pre className="mt-1 whitespace-pre-wrap font-sans">{asked.question.answer}</pre>
              {asked.question.answeredAt === null ? (
                <p className="mt-1 text-zinc-500" data-testid="answer-more">
                  more follows…
                </p>
              ) : null}
            </>
          ) : (
            <p className="mt-1 text-zinc-500">Waiting for the orchestrator's answer…</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
