import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  checkRunPayload,
  deliver,
  type FakeGitHub,
  git,
  pullRequestPayload,
  readMessages,
  signedDelivery,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import type { Page } from '@playwright/test';
import type { Daemon } from './daemon';
import { expect, test, waitForSession } from './fixtures';

const REPO = 'acme/queue';

const card = (page: Page, id: string) => page.locator(`[data-testid=session-card][data-session-id="${id}"]`);

/** The agent's work in its worktree: one file of its own, committed and pushed to the bare remote. */
async function pushWork(s: Session, file: string): Promise<string> {
  writeFileSync(join(s.worktreePath, file), `${s.id}\n`);
  await git(['add', '--', file], s.worktreePath);
  await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', `work of ${s.id}`], s.worktreePath);
  await git(['push', '-q', 'origin', s.branch], s.worktreePath);
  return git(['rev-parse', 'HEAD'], s.worktreePath);
}

async function webhook(daemon: Daemon, event: string, payload: Record<string, unknown>): Promise<void> {
  const secret = (await daemon.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
  const r = await deliver(daemon.url, signedDelivery(secret, event, payload));
  expect(r.status, `webhook ${event}`).toBeLessThan(300);
}

test('the merge queue on the board: two approved PRs in order, the first merge moves the second to the head', async ({
  page,
  daemon,
}) => {
  test.setTimeout(120_000);
  const gh: FakeGitHub = await startFakeGitHub();
  try {
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    const p = await daemon.addProject(
      'mq',
      { scms: { github }, github: { pollIntervalSec: 3600 }, merge: { queue: true, autoMerge: true } },
      { project: { name: 'Queue', repo: REPO } },
    );
    // GitHub backed by the project's bare remote: a merge lands there, and the next branch falls behind.
    gh.addRepo(REPO, { gitDir: p.remote });

    await page.goto(daemon.loginUrl);
    await expect(page.getByTestId('open-spawn')).toBeVisible();
    const sessions: Session[] = [];
    for (const task of ['task a', 'task b']) {
      const r = await daemon.api<{ session: Session }>('POST', '/api/sessions', {
        project: 'mq',
        prompt: task,
      });
      expect(r.status).toBe(201);
      sessions.push(r.body.session);
    }
    const [a, b] = sessions as [Session, Session];
    await waitFor(() => readMessages(p.messagesFile).length >= 2, 'prompts delivered');

    const panel = page.locator('[data-testid=merge-queue][data-project=mq]');
    await expect(panel).toHaveAttribute('data-enabled', 'true');
    // The demo project's queue is off: one line says how to turn it on.
    await expect(page.locator('[data-testid=merge-queue][data-project=demo]')).toContainText(
      'merge queue off',
    );

    // Both PRs approved, their check still running: in the queue, a (the older) first, neither merged yet.
    const runs = [];
    for (const [s, file] of [
      [a, 'a.txt'],
      [b, 'b.txt'],
    ] as const) {
      const sha = await pushWork(s, file);
      const pull = gh.addPull(REPO, { title: `work of ${s.id}`, head: { ref: s.branch, sha } });
      runs.push({
        s,
        sha,
        number: pull.number,
        run: gh.addCheckRun(REPO, { name: 'ci', headSha: sha, status: 'in_progress' }),
      });
      gh.addReview(REPO, { pull: pull.number, author: 'reviewer', state: 'APPROVED' });
      await webhook(
        daemon,
        'pull_request',
        pullRequestPayload(REPO, { number: pull.number, branch: s.branch, sha, action: 'opened' }),
      );
      await waitForSession(daemon, s.id, (x) => x.pr?.number === pull.number);
    }
    await expect(card(page, a.id).getByTestId('queue-line')).toContainText('queue #1 of 2');
    await expect(card(page, a.id).getByTestId('queue-reason')).toHaveText('checks running');
    await expect(card(page, b.id).getByTestId('queue-line')).toContainText('queue #2 of 2');
    await expect(panel.getByTestId('merge-queue-item')).toHaveCount(2);
    await expect(panel.getByTestId('merge-queue-item').first()).toHaveAttribute('data-session-id', a.id);

    // CI goes green on both: a merges, b (now behind main) is rebased by ao and heads the queue.
    for (const { s, sha, number, run } of runs) {
      run.status = 'completed';
      run.conclusion = 'success';
      run.completedAt = new Date().toISOString();
      await webhook(
        daemon,
        'check_run',
        checkRunPayload(REPO, { number, branch: s.branch, sha, conclusion: 'success', name: 'ci' }),
      );
    }
    await expect(panel.getByTestId('merge-queue-last')).toContainText(`#${runs[0]?.number} (${a.id})`);
    await expect(panel.getByTestId('merge-queue-item')).toHaveCount(1);
    await expect(panel.getByTestId('merge-queue-item').first()).toHaveAttribute('data-session-id', b.id);
    await expect(card(page, b.id).getByTestId('queue-line')).toContainText('queue #1 of 1');
    // ao rebases b once its agent is idle, then it waits for CI on its new head (none is reported here).
    await expect(card(page, b.id).getByTestId('queue-reason')).toHaveText(
      /rebases it once the agent is idle|rebas(ing|ed) onto .*main|no checks reported yet/,
    );
    await waitForSession(daemon, a.id, (x) => x.status === 'done');
    // A fresh page loads the queue from GET /api/merge-queue: the session page says the same.
    await page.goto(`${daemon.url}/session/?id=${encodeURIComponent(b.id)}`);
    await expect(page.getByTestId('session-detail').getByTestId('queue-line')).toContainText('queue #1 of 1');
  } finally {
    await gh.close();
  }
});
