import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { idleGenericAgent } from '@ao/testkit';
import { repoRoot, webDir } from './daemon';
import { busyLoopPrompt, expect, test, waitForOutput, waitForSession } from './fixtures';

const shots = join(webDir, 'test-results');

const tasks = [
  'Fix the flaky login test in auth.spec.ts',
  'Add pagination to the /users endpoint',
  'Upgrade the build to Node 20 and drop the polyfills',
  'Dark mode for the settings page',
  'Remove the legacy CSV exporter',
  'Retry webhook deliveries with backoff',
  'Cache the dependency graph between runs',
  'Split the payments module into its own package',
  'Translate the onboarding emails',
  'Speed up the search index rebuild',
];

const working = [
  'Migrate the billing cron jobs to the queue',
  'Refactor the session store into modules',
  'Add rate limits to the public API',
  'Fix the race in the upload retry',
];
const failing = [
  'Generate the API client from the spec',
  'Seed the staging database',
  'Record new test fixtures',
];

/**
 * The README's pictures: a board of ~60 sessions (two projects) in both densities, light and dark, and on a phone.
 * `AO_UPDATE_SCREENSHOT=1` copies them to docs/ (only on request, so a test run never changes a tracked file).
 */
test('board screenshots with 60 sessions (cards, rows, dark, phone)', async ({ loggedIn: page, daemon }) => {
  test.setTimeout(300_000);
  await daemon.addProject('api', idleGenericAgent(), { project: { name: 'Billing API' } });
  await daemon.spawnMany(
    'api',
    42,
    (i) => `${tasks[i % tasks.length]} (part ${Math.floor(i / tasks.length) + 1})`,
  );
  const busy = await daemon.spawnMany('demo', 8, (i) =>
    busyLoopPrompt(`busy${i}`, working[i % working.length]),
  );
  const exited = await daemon.spawnMany(
    'demo',
    4,
    (i) => `# ${failing[i % failing.length]}\necho "error: fixture users.json not found"; exit ${i + 1}`,
  );
  const killed = await daemon.spawnMany(
    'demo',
    6,
    (i) => `# ${tasks[(i + 3) % tasks.length]}\necho done-${i}`,
  );
  for (const s of killed) await waitForOutput(daemon, s.id, 'done-');
  for (const s of killed)
    expect((await daemon.api('POST', `/api/sessions/${s.id}/kill`, {})).status).toBe(200);
  for (const s of exited) await waitForSession(daemon, s.id, (x) => x.status === 'exited');
  const review = page.getByTestId('lane-review');
  // The idle `sleep` agents settle in Review once ao says it cannot tell what they do.
  await expect(review.getByTestId('lane-count')).toHaveText(String(42 + exited.length), { timeout: 120_000 });
  await expect(page.getByTestId('lane-working').getByTestId('lane-count')).toHaveText(String(busy.length));
  await expect(page.getByTestId('lane-done')).toContainText(`Done ${killed.length}`);
  await page.getByLabel('Search sessions').focus();
  await page.getByLabel('Search sessions').blur();

  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(shots, 'board.png') });
  await page.getByTestId('density-compact').click();
  await page.getByTestId('group-by-project').check();
  await expect(review.getByTestId('project-group').first()).toBeVisible();
  await page.screenshot({ path: join(shots, 'board-compact.png') });
  await page.getByTestId('group-by-project').uncheck();
  await page.getByTestId('density-comfortable').click();

  // A message from a card's dialog, and the page of a session whose agent ended.
  await page.locator(`[data-session-id="${busy[0]?.id}"]`).getByTestId('action-send').click();
  await page
    .getByTestId('send-form')
    .getByLabel('Message')
    .fill('Also update the changelog when you are done.');
  await page.getByTestId('send-form').getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('sent-message')).toBeVisible();
  await page.screenshot({ path: join(shots, 'send-dialog.png') });
  await page.keyboard.press('Escape');
  await page.goto(`${daemon.url}/session/?id=${exited[0]?.id}`);
  await expect(page.getByTestId('exit-panel')).toBeVisible();
  await expect(page.getByTestId('messages').getByTestId('message')).toHaveCount(1);
  await page.screenshot({ path: join(shots, 'detail-exited.png') });
  await page.goto(`${daemon.url}/`);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByTestId('session-card').first()).toBeVisible();
  await page.screenshot({ path: join(shots, 'board-dark.png') });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'board-phone.png') });
  // The theme toggle overrides the system preference.
  await page.getByTestId('theme-toggle').click(); // system → dark
  await page.getByTestId('theme-toggle').click(); // dark → light
  await expect(page.locator('html')).not.toHaveClass(/dark/);

  if (process.env['AO_UPDATE_SCREENSHOT']) {
    copyFileSync(join(shots, 'board.png'), join(repoRoot, 'docs', 'screenshot-board.png'));
    copyFileSync(join(shots, 'board-compact.png'), join(repoRoot, 'docs', 'screenshot-board-compact.png'));
  }
});
