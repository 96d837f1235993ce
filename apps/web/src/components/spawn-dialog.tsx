'use client';
import type { Project } from '@ao/shared/api';
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Issue } from '../lib/api';
import { useBoard, useStore } from '../lib/board-store';
import { issueLabel } from '../lib/format';
import { Button, Dialog, ErrorText, errorMessage, Field, inputClass } from './ui';

/** The "New session" dialog: project, agent, a free prompt or an issue, an optional branch. */
export function SpawnDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="New session" onClose={onClose} wide>
      <SpawnForm onDone={onClose} />
    </Dialog>
  );
}

function IssuePicker({
  project,
  value,
  onPick,
}: {
  project: string;
  value: string;
  onPick: (id: string) => void;
}) {
  const [issues, setIssues] = useState<Issue[] | null | 'loading'>('loading');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setIssues('loading');
    setError(null);
    api.issues(project).then(
      (r) => live && setIssues(r),
      (e: unknown) => {
        if (!live) return;
        setIssues(null);
        setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
  }, [project]);
  if (error)
    return <p className="text-xs text-rose-600 dark:text-rose-400">Could not list issues: {error}</p>;
  if (issues === null) return null; // the daemon has no issue route for this project: type the number instead
  if (issues === 'loading') return <p className="text-xs text-zinc-500">Loading open issues…</p>;
  if (issues.length === 0) return <p className="text-xs text-zinc-500">No open issues.</p>;
  return (
    <ul
      data-testid="issue-picker"
      className="max-h-48 divide-y divide-zinc-200 overflow-y-auto rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
    >
      {issues.map((i) => (
        <li key={i.key ?? i.number}>
          <button
            type="button"
            onClick={() => onPick(i.key ?? String(i.number))}
            className={`flex w-full items-start gap-2 px-3 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800 ${(i.key ?? String(i.number)) === value ? 'bg-indigo-50 dark:bg-indigo-950/50' : ''}`}
          >
            <span className="font-mono text-zinc-500">{issueLabel(i)}</span>
            <span className="flex-1">{i.title}</span>
            {i.labels.slice(0, 3).map((l) => (
              <span key={l} className="rounded bg-zinc-200 px-1.5 text-[10px] dark:bg-zinc-700">
                {l}
              </span>
            ))}
          </button>
        </li>
      ))}
    </ul>
  );
}

function pickProject(projects: readonly Project[]): string {
  return projects.find((p) => !p.error)?.id ?? projects[0]?.id ?? '';
}

function SpawnForm({ onDone }: { onDone: () => void }) {
  const { board } = useBoard();
  const store = useStore();
  const [project, setProject] = useState(() => pickProject(board.projects));
  const [agent, setAgent] = useState('');
  const [mode, setMode] = useState<'prompt' | 'issue'>('prompt');
  const [prompt, setPrompt] = useState('');
  const [issue, setIssue] = useState('');
  const [branch, setBranch] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = board.projects.find((p) => p.id === project);
  useEffect(() => {
    // Projects may arrive (or be added) after the dialog opened.
    if (!project && board.projects.length > 0) setProject(pickProject(board.projects));
  }, [project, board.projects]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.spawn({
        project: project || undefined,
        agent: agent.trim() || undefined,
        prompt: mode === 'prompt' ? prompt : undefined,
        issue: mode === 'issue' ? issue.trim() : undefined,
        branch: branch.trim() || undefined,
      });
      store.upsert(r.session);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  // A GitHub number (42, #42) or a Linear/Jira key (ENG-42): the daemon checks it the same way.
  const ready = mode === 'prompt' ? prompt.trim() !== '' : /^(#?\d+|[A-Z][A-Z0-9_]*-\d+)$/.test(issue.trim());
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="spawn-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Project" hint={current?.error ? `Config error: ${current.error}` : current?.path}>
          <select
            className={inputClass}
            name="project"
            value={project}
            onChange={(e) => setProject(e.target.value)}
          >
            {board.projects.length === 0 ? <option value="">No projects registered</option> : null}
            {board.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.id})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Agent" hint="Leave empty for the project's default.">
          <input
            className={inputClass}
            name="agent"
            value={agent}
            placeholder={current?.agent ?? 'default'}
            onChange={(e) => setAgent(e.target.value)}
          />
        </Field>
      </div>
      <div className="flex gap-1 rounded-lg bg-zinc-100 p-1 text-sm dark:bg-zinc-800" role="tablist">
        {(['prompt', 'issue'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            onClick={() => setMode(m)}
            className={`flex-1 rounded-md px-3 py-1.5 font-medium ${mode === m ? 'bg-white shadow dark:bg-zinc-950' : 'text-zinc-500'}`}
          >
            {m === 'prompt' ? 'Prompt' : 'Issue'}
          </button>
        ))}
      </div>
      {mode === 'prompt' ? (
        <Field label="Prompt">
          <textarea
            className={`${inputClass} min-h-32 font-mono`}
            name="prompt"
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            placeholder="What should the agent do?"
          />
        </Field>
      ) : (
        <div className="space-y-2">
          <Field label="Issue number or key">
            <input
              className={inputClass}
              name="issue"
              value={issue}
              onChange={(e) => setIssue(e.target.value)}
              placeholder="#123 or ENG-42"
            />
          </Field>
          {project ? <IssuePicker project={project} value={issue} onPick={setIssue} /> : null}
        </div>
      )}
      <Field label="Branch (optional)" hint="Default: derived from the task.">
        <input
          className={`${inputClass} font-mono`}
          name="branch"
          value={branch}
          onChange={(e) => setBranch(e.target.value)}
          placeholder="feat/my-change"
        />
      </Field>
      <ErrorText error={error} />
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button variant="primary" type="submit" disabled={busy || !ready} data-testid="spawn-submit">
          {busy ? 'Starting…' : 'Start session'}
        </Button>
      </div>
    </form>
  );
}
