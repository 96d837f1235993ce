import { expect, test, waitForOutput } from './fixtures';

test.describe('terminal', () => {
  test('a flood of output is acknowledged and the page keeps up', async ({ loggedIn: page, daemon }) => {
    const s = await daemon.spawnSession('echo ready-$((1+6))');
    await waitForOutput(daemon, s.id, 'ready-7');
    await page.goto(`${daemon.url}/session/?id=${s.id}`);
    const term = page.locator('[data-testid=terminal] .xterm-rows');
    await expect(page.getByTestId('terminal-state')).toHaveText('Live terminal');
    await page.getByTestId('terminal').click();
    // Several MiB through the socket: past the daemon's 512 KiB high-water mark many times over.
    await page.keyboard.type(
      'for i in $(seq 1 40); do cat /usr/share/dict/words 2>/dev/null || seq 1 60000; done; echo flood-done-$((2*21))',
    );
    await page.keyboard.press('Enter');
    await expect(term).toContainText('flood-done-42', { timeout: 120_000 });
    // Still interactive afterwards.
    await page.keyboard.type('echo after-$((9*9))');
    await page.keyboard.press('Enter');
    await expect(term).toContainText('after-81');
  });
});
