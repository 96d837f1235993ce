import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import type { Page } from '@playwright/test';
import { type Daemon, webDir } from './daemon';
import { expect, test, waitForSession } from './fixtures';
import { type GitHubProject, pushCommit, REPO, startGitHubProject } from './github-fixture';

const shots = join(webDir, 'test-results');
const LANE_MS = 60_000; // lane moves wait on the agent going idle (screen stable for 5 s) under a loaded machine

const issues = [
  { number: 42, title: 'Fix login redirect', body: 'Users land on /home after login.', labels: ['bug'] },
  { number: 43, title: 'Add pagination to /users', body: 'Return 50 per page.', labels: ['api'] },
  { number: 44, title: 'Upgrade to Node 20', body: 'Drop the polyfills.', labels: ['chore'] },
  { number: 45, title: 'Dark mode for settings', body: 'Follow the system theme.', labels: ['ui'] },
  { number: 46, title: 'Remove the legacy exporter', body: 'Nobody uses it.', labels: ['cleanup'] },
];

const card = (page: Page, id: string) => page.locator(`[data-testid=session-card][data-session-id="${id}"]`);

async function getSession(daemon: Daemon, id: string): Promise<Session> {
  return (await daemon.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
}

/** A session started from an issue through the API, with a PR opened on GitHub and announced by a webhook. */
async function sessionWithPr(
  daemon: Daemon,
  g: GitHubProject,
  issue: number,
  checks: Array<{ name: string; conclusion: 'success' | 'failure' | null }>,
): Promise<Session> {
  const r = await daemon.api<{ session: Session }>('POST', '/api/sessions', { project: g.project, issue });
  expect(r.status).toBe(201);
  const s = r.body.session;
  const sha = await pushCommit(s.worktreePath, s.branch, `work on #${issue}`);
  const pull = g.gh.addPull(REPO, { title: s.title, head: { ref: s.branch, sha } });
  for (const c of checks) {
    g.gh.addCheckRun(REPO, {
      name: c.name,
      headSha: sha,
      status: c.conclusion === null ? 'in_progress' : 'completed',
      conclusion: c.conclusion,
      log: c.conclusion === 'failure' ? `##[error]${c.name} failed for #${issue}\n` : undefined,
    });
  }
  await g.deliver('pull_request', g.prPayload('opened', { number: pull.number, branch: s.branch, sha }));
  await waitForSession(daemon, s.id, (x) => x.pr?.number === pull.number);
  return s;
}

test('a GitHub issue through the whole PR loop on a live board, merged from the UI', async ({
  page,
  daemon,
}) => {
  test.setTimeout(420_000);
  const g = await startGitHubProject(daemon, issues);
  try {
    await page.goto(daemon.loginUrl);
    await expect(page.getByTestId('open-spawn')).toBeVisible();
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    // Spawn from the issue picker, which lists the fake GitHub's open issues.
    await page.getByTestId('open-spawn').click();
    const form = page.getByTestId('spawn-form');
    await form.locator('select[name=project]').selectOption(g.project);
    await form.getByRole('tab', { name: 'Issue' }).click();
    const picker = form.getByTestId('issue-picker');
    await expect(picker.getByRole('button')).toHaveCount(issues.length);
    await picker.getByRole('button', { name: /#42\s*Fix login redirect/ }).click();
    await expect(form.locator('input[name=issue]')).toHaveValue('42');
    await form.getByTestId('spawn-submit').click();
    await expect(form).toBeHidden();

    const first = page.getByTestId('session-card').filter({ hasText: 'Fix login redirect' });
    await expect(first).toHaveCount(1);
    const id = (await first.getAttribute('data-session-id')) ?? '';
    const main = card(page, id);
    await expect(main).toHaveAttribute('data-lane', 'working');
    await expect.poll(() => g.messages().some((m) => m.includes('/home after login'))).toBe(true);
    const s = await getSession(daemon, id);
    expect(s.branch).toBe('ao/42-fix-login-redirect');

    // The agent pushes and opens a PR; CI is running: Pending.
    let sha = await pushCommit(s.worktreePath, s.branch, 'fix redirect');
    const pull = g.gh.addPull(REPO, { title: 'Fix login redirect', head: { ref: s.branch, sha } });
    const pr = () => ({ number: pull.number, branch: s.branch, sha });
    const test1 = g.gh.addCheckRun(REPO, { name: 'test', headSha: sha, status: 'in_progress' });
    await g.deliver('pull_request', g.prPayload('opened', pr()));
    await expect(main).toHaveAttribute('data-lane', 'pending', { timeout: LANE_MS });
    await expect(main).toContainText(`#${pull.number}`);

    // CI fails: back to Working, and the agent gets the failing log.
    test1.status = 'completed';
    test1.conclusion = 'failure';
    test1.completedAt = new Date().toISOString();
    g.gh
      .repo(REPO)
      .jobLogs.set(test1.id, 'Run npm test\n##[error]expected 302 to be 200 at login.test.ts:14\n');
    await g.deliver('check_run', g.checkRunPayload(sha, s.branch, 'failure'));
    await expect(main).toHaveAttribute('data-lane', 'working', { timeout: LANE_MS });
    await expect
      .poll(() => g.messages().some((m) => m.includes('expected 302 to be 200')), { timeout: LANE_MS })
      .toBe(true);

    // The fix is pushed; the new run is in progress: Pending again.
    sha = await pushCommit(s.worktreePath, s.branch, 'really fix redirect');
    pull.head.sha = sha;
    const test2 = g.gh.addCheckRun(REPO, { name: 'test', headSha: sha, status: 'in_progress' });
    const lint = g.gh.addCheckRun(REPO, { name: 'lint', headSha: sha, status: 'in_progress' });
    await g.deliver('pull_request', g.prPayload('synchronize', pr()));
    await expect(main).toHaveAttribute('data-lane', 'pending', { timeout: LANE_MS });

    // Green, nobody requested as reviewer, a review comment left open: Review (the user's own).
    for (const run of [test2, lint]) {
      run.status = 'completed';
      run.conclusion = 'success';
      run.completedAt = new Date().toISOString();
    }
    g.gh.addThread(REPO, {
      pull: pull.number,
      path: 'src/auth/redirect.ts',
      line: 27,
      comments: [{ author: 'octocat', body: 'Keep the original query string when redirecting.' }],
    });
    await g.deliver('pull_request_review_comment', g.reviewCommentPayload(pr()));
    await g.deliver('check_run', g.checkRunPayload(sha, s.branch, 'success'));
    await expect(main).toHaveAttribute('data-lane', 'review', { timeout: LANE_MS });

    // The detail page (client-side navigation): every check with its link, the open thread with file:line.
    await main.getByRole('link', { name: /Fix login redirect/ }).click();
    const panel = page.getByTestId('pr-panel');
    await expect(panel).toBeVisible();
    for (const run of [test2, lint]) {
      const row = panel
        .locator('li')
        .filter({ has: page.getByRole('link', { name: run.name, exact: true }) });
      await expect(row.getByRole('link')).toHaveAttribute(
        'href',
        g.gh.render.checkRun(REPO, run.id).html_url,
      );
      await expect(row).toContainText('success');
    }
    await expect(panel).toContainText('Unresolved threads (1)');
    await expect(panel).toContainText('src/auth/redirect.ts:27');
    await expect(panel).toContainText('Keep the original query string');
    await page.screenshot({ path: join(shots, 'github-detail.png'), fullPage: true });
    await page.goBack();
    await expect(main).toBeVisible();

    // More sessions, so that every lane has a card for the screenshot.
    const [pendingS, failingS, reviewS] = await Promise.all([
      sessionWithPr(daemon, g, 43, [{ name: 'test', conclusion: null }]),
      sessionWithPr(daemon, g, 44, [
        { name: 'build', conclusion: 'success' },
        { name: 'test', conclusion: 'failure' },
      ]),
      sessionWithPr(daemon, g, 45, [{ name: 'test', conclusion: 'success' }]),
    ]);
    const killed = (
      await daemon.api<{ session: Session }>('POST', '/api/sessions', { project: g.project, issue: 46 })
    ).body.session;
    await expect.poll(() => g.messages().some((m) => m.includes('Nobody uses it.'))).toBe(true);
    expect((await daemon.api('POST', `/api/sessions/${killed.id}/kill`, {})).status).toBe(200);

    // Approved: Merge.
    g.gh.addReview(REPO, { pull: pull.number, author: 'reviewer', state: 'APPROVED' });
    await g.deliver('pull_request_review', g.reviewPayload('approved', pr()));
    await expect(main).toHaveAttribute('data-lane', 'merge', { timeout: LANE_MS });
    await expect(card(page, pendingS.id)).toHaveAttribute('data-lane', 'pending', { timeout: LANE_MS });
    await expect(card(page, failingS.id)).toHaveAttribute('data-lane', 'working', { timeout: LANE_MS });
    await expect(card(page, reviewS.id)).toHaveAttribute('data-lane', 'review', { timeout: LANE_MS });
    await expect(card(page, killed.id)).toHaveAttribute('data-lane', 'done');
    await page.getByTestId('lane-done').locator('summary').click();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: join(shots, 'github-board-lanes.png'), fullPage: true });

    // Merge from the card: the PR is merged on GitHub and the card goes to Done.
    await main.getByTestId('action-merge').click();
    await expect(main).toHaveAttribute('data-lane', 'done', { timeout: LANE_MS });
    await expect(page.getByTestId('lane-done').locator(`[data-session-id="${id}"]`)).toHaveCount(1);
    expect(g.gh.requestsTo('PUT', `/repos/${REPO}/pulls/${pull.number}/merge`)).toHaveLength(1);
    expect(g.gh.repo(REPO).pulls.get(pull.number)?.merged).toBe(true);
    // The runtime and worktree are cleaned up (the status passes through `killed`), then the session is done.
    await expect(main.getByTestId('activity-badge')).toHaveText('done', { timeout: LANE_MS });
    await expect(main.getByTestId('action-restore')).toHaveCount(0);
    const merged = await getSession(daemon, id);
    expect({ status: merged.status, reason: merged.statusReason, pr: merged.pr?.state }).toEqual({
      status: 'done',
      reason: 'PR merged',
      pr: 'merged',
    });
    await page.screenshot({ path: join(shots, 'github-board-merged.png'), fullPage: true });
    // Nothing above reloaded the page: every move came over the live event stream.
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
  } finally {
    await g.cleanup();
  }
});
