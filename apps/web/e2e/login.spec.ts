import { expect, test } from './fixtures';

test.describe('login', () => {
  test('the login URL printed by ao up signs in', async ({ page, daemon }) => {
    await page.goto(daemon.loginUrl);
    await expect(page).toHaveURL(`${daemon.url}/`);
    await expect(page.getByTestId('open-spawn')).toBeVisible();
    await expect(page.getByTestId('empty-board')).toContainText('ao start --prompt');
  });

  test('without a cookie the login screen asks for the token; a wrong one is refused', async ({
    page,
    daemon,
  }) => {
    await page.goto(`${daemon.url}/`);
    await expect(page.getByText('ao up', { exact: true })).toBeVisible();
    const field = page.getByLabel('Access token');
    await field.fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('form [role=alert]')).toBeVisible();
    await expect(page.getByTestId('open-spawn')).toHaveCount(0);
    await field.fill(daemon.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('open-spawn')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('open-spawn')).toBeVisible();
  });
});
