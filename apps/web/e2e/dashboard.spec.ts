import { join } from 'node:path';
import { webDir } from './daemon';
import { expect, test, waitForOutput, waitForSession } from './fixtures';

const shots = join(webDir, 'test-results');

test.describe('session lifecycle from the dashboard', () => {
  test('spawn from the UI, see the card in Working, drive the terminal, kill and restore', async ({
    loggedIn: page,
    daemon,
  }) => {
    await expect(page.getByTestId('empty-board')).toBeVisible();

    await page.getByTestId('open-spawn').click();
    const form = page.getByTestId('spawn-form');
    await expect(form.locator('select[name=project]')).toHaveValue('demo');
    await form.locator('textarea[name=prompt]').fill('echo prompt-$((20+3))-arrived');
    await form.getByTestId('spawn-submit').click();
    await expect(form).toBeHidden();

    const card = page.getByTestId('session-card').first();
    await expect(page.getByTestId('lane-working').getByTestId('session-card')).toHaveCount(1);
    const id = await card.getAttribute('data-session-id');
    expect(id).toMatch(/^demo-\d+$/);
    await expect(card).toContainText('echo prompt-$((20+3))-arrived');

    await card.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/session/\\?id=${id}$`));
    await expect(page.getByTestId('detail-id')).toHaveText(id ?? '');
    const term = page.locator('[data-testid=terminal] .xterm-rows');
    // The generic agent types the prompt into bash: its output proves the prompt ran.
    await expect(term).toContainText('prompt-23-arrived', { timeout: 60_000 });

    await page.getByTestId('terminal').click();
    await page.keyboard.type('echo hi-from-e2e-$((6*7))');
    await page.keyboard.press('Enter');
    await expect(term).toContainText('hi-from-e2e-42');
    await page.screenshot({ path: join(shots, 'detail.png') });

    await page.getByTestId('action-kill').click();
    await page.getByTestId('kill-confirm').click();
    await expect(page.getByTestId('action-restore')).toBeVisible();
    await expect(page.getByTestId('terminal-state')).toContainText('No live runtime');
    await waitForSession(daemon, id ?? '', (s) => s.status === 'killed');

    await page.getByTestId('action-restore').click();
    await waitForSession(daemon, id ?? '', (s) => s.status === 'running');
    await expect(page.getByTestId('terminal-state')).toHaveText('Live terminal');
    await page.getByTestId('terminal').click();
    await page.keyboard.type('echo back-$((40+2))');
    await page.keyboard.press('Enter');
    await expect(term).toContainText('back-42');
  });

  test('cards appear and move between lanes live, without a reload', async ({ loggedIn: page, daemon }) => {
    await expect(page.getByTestId('empty-board')).toBeVisible();
    const s = await daemon.spawnSession('echo live-$((2+2))');
    const card = page.locator(`[data-testid=session-card][data-session-id="${s.id}"]`);
    await expect(card).toBeVisible();
    await waitForOutput(daemon, s.id, 'live-4');
    const r = await daemon.api('POST', `/api/sessions/${s.id}/kill`, {});
    expect(r.status).toBe(200);
    await expect(page.getByTestId('lane-done').locator(`[data-session-id="${s.id}"]`)).toHaveCount(1);
    await expect(page.getByTestId('lane-done')).toContainText('Done 1');
  });

  test('search and project filter narrow the board', async ({ loggedIn: page, daemon }) => {
    await daemon.spawnSession('echo alpha-task');
    await daemon.spawnSession('echo beta-task');
    await expect(page.getByTestId('session-card')).toHaveCount(2);
    await page.getByLabel('Search sessions').fill('beta');
    await expect(page.getByTestId('session-card')).toHaveCount(1);
    await expect(page.getByTestId('session-card')).toContainText('beta-task');
    await page.getByLabel('Search sessions').fill('');
    await page.getByLabel('Project', { exact: true }).selectOption('demo');
    await expect(page.getByTestId('session-card')).toHaveCount(2);
  });
});
