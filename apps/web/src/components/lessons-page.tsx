'use client';
import type { Lesson } from '@ao/shared/lessons';
import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { useStore } from '../lib/board-store';
import { lessonGroups, upsertLesson } from '../lib/lessons';
import { Button, Chip, ErrorText, errorMessage, inputClass } from './ui';

/** One lesson: its text (plain text), where it came from, and for a proposal accept / edit / reject. */
function LessonItem({ lesson: l, onDone }: { lesson: Lesson; onDone: (l: Lesson) => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(l.text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decide = async (verb: 'accept' | 'reject', edited?: string) => {
    setBusy(true);
    setError(null);
    try {
      onDone((await api.decideLesson(l.id, verb, edited)).lesson);
      setEditing(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const tone = l.state === 'accepted' ? 'good' : l.state === 'rejected' ? 'bad' : 'warn';
  return (
    <li data-testid="lesson" data-lesson-id={l.id} data-state={l.state} className="space-y-2 py-3">
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
        <Chip tone={tone}>{l.state}</Chip>
        <span>#{l.id}</span>
        <span>{l.project}</span>
        <span>{l.sessionId ? `from ${l.source} of ${l.sessionId}` : `from ${l.source}`}</span>
        {l.decidedBy ? (
          <span>· {`${l.state} by ${l.decidedBy} ${l.decidedAt?.slice(0, 16).replace('T', ' ')}`}</span>
        ) : null}
      </div>
      {editing ? (
        <textarea
          data-testid="lesson-edit"
          aria-label="Lesson text"
          className={inputClass}
          rows={2}
          maxLength={500}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      ) : (
        <p data-testid="lesson-text" className="whitespace-pre-wrap text-sm">
          {l.text}
        </p>
      )}
      {l.reason ? <p className="text-xs text-zinc-500">{l.reason}</p> : null}
      {l.state === 'proposed' ? (
        <div className="flex gap-2">
          <Button
            variant="primary"
            disabled={busy}
            onClick={() => decide('accept', editing && text !== l.text ? text : undefined)}
          >
            {editing ? 'Accept edited' : 'Accept'}
          </Button>
          {editing ? null : (
            <Button disabled={busy} onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          <Button variant="danger" disabled={busy} onClick={() => decide('reject')}>
            Reject
          </Button>
        </div>
      ) : null}
      <ErrorText error={error} />
    </li>
  );
}

/**
 * The lessons page: proposals from finished sessions' retros to accept (as worded or edited) or reject, and the
 * accepted lessons new sessions are given. Loaded once, then kept current from the event stream (no polling).
 */
export function LessonsPage() {
  const store = useStore();
  const [lessons, setLessons] = useState<Lesson[] | null>(null);
  const [showRejected, setShowRejected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const off = store.onEvent((e) => {
      if (e.type === 'lesson.proposed' || e.type === 'lesson.decided')
        setLessons((list) => (list ? upsertLesson(list, e.data.lesson) : list));
    });
    api
      .lessons()
      .then((r) => setLessons(r.lessons))
      .catch((e: unknown) => setError(errorMessage(e)));
    return off;
  }, [store]);
  const put = (l: Lesson) => setLessons((list) => upsertLesson(list ?? [], l));
  const groups = lessonGroups(lessons ?? [], showRejected);
  const section = (title: string, list: Lesson[], testid: string) =>
    list.length ? (
      <section data-testid={testid}>
        <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h2>
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {list.map((l) => (
            <LessonItem key={`${l.id}:${l.state}`} lesson={l} onDone={put} />
          ))}
        </ul>
      </section>
    ) : null;
  return (
    <main className="mx-auto max-w-3xl space-y-5 px-3 py-4 sm:px-5">
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold">Lessons</h1>
        <label className="ml-auto flex items-center gap-1.5 text-xs text-zinc-500">
          <input type="checkbox" checked={showRejected} onChange={(e) => setShowRejected(e.target.checked)} />
          show rejected
        </label>
      </div>
      <p className="text-sm text-zinc-500">
        Accepted lessons are given to new sessions of their project through the agent&apos;s system prompt.
      </p>
      <ErrorText error={error} />
      {lessons && !lessons.length ? <p className="text-sm">No lessons yet.</p> : null}
      {section('Proposed', groups.proposed, 'lessons-proposed')}
      {section('Accepted', groups.accepted, 'lessons-accepted')}
      {section('Rejected', groups.rejected, 'lessons-rejected')}
    </main>
  );
}
