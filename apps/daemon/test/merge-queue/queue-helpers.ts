import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MergeQueueReply } from '@ao/shared/api-merge-queue';
import type { AoEvent } from '@ao/shared/events';
import type { Session } from '@ao/shared/session';
import { type FakeGitHub, git, waitFor } from '@ao/testkit';
import type { TestDaemon } from '../helpers/daemon';

/** What the merge-queue tests share: acting as the agent in a worktree, as GitHub's CI and reviewer, reading events. */

export type QueueEvent = Extract<AoEvent, { type: `merge_queue.${string}` }>;

export async function commitIn(cwd: string, files: Record<string, string>, message: string): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(cwd, name), text);
    await git(['add', '--', name], cwd);
  }
  await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], cwd);
  return git(['rev-parse', 'HEAD'], cwd);
}

/** A worktree as git sees it: HEAD, its branch, every change (untracked included). */
export async function snapshot(cwd: string) {
  return {
    head: await git(['rev-parse', 'HEAD'], cwd),
    ref: await git(['symbolic-ref', 'HEAD'], cwd),
    status: await git(['status', '--porcelain=v1', '--untracked-files=all'], cwd),
  };
}

export function queueEvents(d: TestDaemon): QueueEvent[] {
  return d.app.bus.since(0).filter((e): e is QueueEvent => e.type.startsWith('merge_queue.'));
}

export function eventsOf<T extends QueueEvent['type']>(
  d: TestDaemon,
  type: T,
  sessionId?: string,
): Array<Extract<QueueEvent, { type: T }>> {
  return queueEvents(d).filter(
    (e): e is Extract<QueueEvent, { type: T }> =>
      e.type === type && (!sessionId || ('sessionId' in e.data && e.data.sessionId === sessionId)),
  );
}

/** The agent's PR, approved and green on its pushed head (read from the bare remote), linked to the session. */
export async function openApprovedGreenPr(
  d: TestDaemon,
  gh: FakeGitHub,
  repo: string,
  s: Session,
): Promise<number> {
  const sha = await git(['rev-parse', `refs/heads/${s.branch}`], gh.repo(repo).gitDir as string);
  const pull = gh.addPull(repo, { title: `work of ${s.id}`, head: { ref: s.branch, sha } });
  gh.addCheckRun(repo, { name: 'ci', headSha: sha });
  gh.addReview(repo, { pull: pull.number, author: 'reviewer', state: 'APPROVED' });
  await d.app.github.loop.refresh(s.id);
  return pull.number;
}

/** GitHub's CI: every branch ao rebases gets a green check on its new head (then ao re-reads the PR). */
export function greenCiAfterRebase(d: TestDaemon, gh: FakeGitHub, repo: string): () => void {
  return d.app.bus.subscribe((e) => {
    if (e.type === 'merge_queue.rebased') gh.addCheckRun(repo, { name: 'ci', headSha: e.data.to });
  });
}

export async function queueOf(d: TestDaemon, project: string) {
  const res = await d.api<MergeQueueReply>('GET', `/api/merge-queue?project=${project}`);
  return res.body.projects[0];
}

export function waitForEvent<T extends QueueEvent['type']>(
  d: TestDaemon,
  type: T,
  sessionId: string,
  timeoutMs = 60_000,
) {
  return waitFor(() => eventsOf(d, type, sessionId)[0], `${type} of ${sessionId}`, timeoutMs);
}
