import type { Session } from '@ao/shared/session';
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

  test('the page title counts the sessions that need the user', async ({ loggedIn: page, daemon }) => {
    await daemon.spawnSession('echo one');
    await daemon.spawnSession('echo two');
    const want = async () => {
      const r = await daemon.api<{ sessions: Session[] }>('GET', '/api/sessions');
      const n = r.body.sessions.filter((s) => s.lane === 'review').length;
      return n > 0 ? `(${n}) ao` : 'ao';
    };
    // The board and the title follow the daemon's lanes, whatever they settle on.
    await expect.poll(async () => (await page.title()) === (await want()), { timeout: 30_000 }).toBe(true);
    const reviewCards = await page.getByTestId('lane-review').getByTestId('session-card').count();
    expect(await page.title()).toBe(reviewCards > 0 ? `(${reviewCards}) ao` : 'ao');
  });
});
