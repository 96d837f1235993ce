import { expect, test } from './fixtures';

test.describe('live updates', () => {
  test('a daemon restart shows the banner, then reconnects and misses nothing', async ({
    loggedIn: page,
    daemon,
  }) => {
    const first = await daemon.spawnSession('echo before-restart');
    await expect(page.locator(`[data-session-id="${first.id}"]`)).toBeVisible();

    await daemon.stop();
    await expect(page.getByTestId('connection-banner')).toBeVisible();
    await daemon.restart();
    await expect(page.getByTestId('connection-banner')).toBeHidden({ timeout: 60_000 });

    const second = await daemon.spawnSession('echo after-restart');
    await expect(page.locator(`[data-session-id="${second.id}"]`)).toBeVisible();
    await expect(page.locator(`[data-session-id="${first.id}"]`)).toBeVisible();
  });

  test('the page title counts only what needs the user, not idle agents in Review', async ({
    loggedIn: page,
    daemon,
  }) => {
    await daemon.spawnSession('echo one');
    await daemon.spawnSession('echo two');
    // Idle agents without a PR land in Review (somebody should look) but are not the human's decision.
    await expect(page.getByTestId('lane-review').getByTestId('session-card')).toHaveCount(2, {
      timeout: 60_000,
    });
    await expect(page).toHaveTitle('ao');
    await expect(page.getByTestId('needs-you')).toHaveCount(0);
  });
});
