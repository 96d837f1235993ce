import { idleGenericAgent } from '@ao/testkit';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const BULK = 50;
const DEMO = 10;
const TOTAL = BULK + DEMO;

/** The sum of the lane counts and the Done count: every session the board shows. */
async function shownOnBoard(page: Page): Promise<number> {
  const lanes = await page.getByTestId('lane-count').allTextContents();
  const done = (await page.getByTestId('lane-done').locator('summary span').textContent()) ?? '0';
  return [...lanes, done].reduce((n, t) => n + Number(t), 0);
}

test.describe('a board with many sessions', () => {
  test('lanes scroll on their own and are windowed; rows by keyboard; compact density and grouping stick', async ({
    loggedIn: page,
    daemon,
  }) => {
    test.setTimeout(300_000);
    await daemon.addProject('bulk', idleGenericAgent(), { project: { name: 'Bulk' } });
    await daemon.spawnMany('bulk', BULK, (i) => `Bulk task ${i}`);
    await daemon.spawnMany('demo', DEMO, (i) => `echo demo-row-${i}`);
    await expect.poll(() => shownOnBoard(page), { timeout: 60_000 }).toBe(TOTAL);
    // Idle agents with no PR all end up in Review (bash once quiet; `sleep` once ao says it cannot tell).
    const review = page.getByTestId('lane-review');
    await expect(review.getByTestId('lane-count')).toHaveText(String(TOTAL), { timeout: 120_000 });

    // Windowed: far fewer cards in the DOM than sessions in the lane; the lane scrolls, the page does not.
    const scroller = review.getByTestId('lane-scroll');
    const rendered = await review.getByTestId('session-card').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(TOTAL / 2);
    const box = await scroller.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    expect(box.scroll).toBeGreaterThan(box.client * 3);
    expect(box.client).toBeLessThanOrEqual(900);
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(review.locator(`[aria-posinset="${TOTAL}"]`)).toBeVisible();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await expect(review.locator('[aria-posinset="1"]')).toBeVisible();

    // Keyboard: the lane is a region with a heading; rows are focusable and arrow keys walk the whole lane.
    await expect(page.getByRole('region', { name: 'Review' })).toBeVisible();
    const first = review.locator('[aria-posinset="1"]');
    await expect(first).toHaveAttribute('tabindex', '0');
    await first.focus();
    await page.keyboard.press('End');
    await expect(page.locator(':focus')).toHaveAttribute('aria-posinset', String(TOTAL));
    await expect(page.locator(':focus')).toBeInViewport();
    await page.keyboard.press('ArrowUp');
    await expect(page.locator(':focus')).toHaveAttribute('aria-posinset', String(TOTAL - 1));
    await page.keyboard.press('Home');
    await expect(page.locator(':focus')).toHaveAttribute('aria-posinset', '1');
    await page.keyboard.press('Tab'); // into the row: its link first
    await expect(page.locator(':focus')).toHaveAttribute('href', /\/session\/\?id=/);

    // Compact rows: more sessions per screen; the choice survives a reload.
    await page.getByTestId('density-compact').click();
    await expect(page.getByTestId('density-compact')).toHaveAttribute('aria-pressed', 'true');
    await expect(review.locator('[data-density=compact]').first()).toBeVisible();
    const compact = await review.getByTestId('session-card').count();
    expect(compact).toBeGreaterThan(rendered);
    expect(compact).toBeLessThan(TOTAL);
    await page.reload();
    await expect(review.locator('[data-density=compact]').first()).toBeVisible();
    await expect(page.getByTestId('density-compact')).toHaveAttribute('aria-pressed', 'true');

    // Grouped by project, within the lane; also remembered.
    await page.getByTestId('group-by-project').check();
    // Both projects' headings, with their counts, walking down the lane (only what is near the view is rendered).
    const groups = review.getByTestId('project-group');
    await expect(groups.first()).toBeVisible();
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          for (const t of await groups.allTextContents()) seen.add(t);
          await review.getByTestId('lane-scroll').evaluate((el) => el.scrollBy(0, 300));
          return [...seen].sort();
        },
        { timeout: 60_000, intervals: [200] },
      )
      .toEqual([`Bulk${BULK}`, `Demo${DEMO}`]);
    await page.reload();
    await expect(page.getByTestId('group-by-project')).toBeChecked();
    await page.getByTestId('density-comfortable').click();
    await expect(review.locator('[data-density=compact]')).toHaveCount(0);
  });
});
