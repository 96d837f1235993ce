import { join } from 'node:path';
import { webDir } from './daemon';
import { expect, test, waitForOutput } from './fixtures';

const shots = join(webDir, 'test-results');

test('board screenshots (light, dark, phone)', async ({ loggedIn: page, daemon }) => {
  const prompts = [
    'Fix the flaky login test in auth.spec.ts',
    'Add pagination to the /users endpoint',
    'Upgrade the build to Node 20 and drop the polyfills',
  ];
  const ids: string[] = [];
  for (const p of prompts) ids.push((await daemon.spawnSession(`${p}\necho ready-$((3*3))`)).id);
  const last = ids[ids.length - 1] ?? '';
  await waitForOutput(daemon, last, 'ready-9');
  expect((await daemon.api('POST', `/api/sessions/${last}/kill`, {})).status).toBe(200);
  await expect(page.getByTestId('lane-done')).toContainText('Done 1');
  await page.getByTestId('lane-done').locator('summary').click();
  await expect(page.getByTestId('session-card').filter({ visible: true })).toHaveCount(3);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(shots, 'board.png'), fullPage: true });

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByTestId('session-card').first()).toBeVisible();
  await page.screenshot({ path: join(shots, 'board-dark.png'), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'board-phone.png'), fullPage: true });
  // The theme toggle overrides the system preference.
  await page.getByTestId('theme-toggle').click(); // system → dark
  await page.getByTestId('theme-toggle').click(); // dark → light
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});
