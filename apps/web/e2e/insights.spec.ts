import { join } from 'node:path';
import type { Report } from '@ao/shared/report';
import { idleGenericAgent, makeProject } from '@ao/testkit';
import type { Page } from '@playwright/test';
import { webDir } from './daemon';
import { expect, test } from './fixtures';
import { ageHistory, seedCommits, seedOutcomes } from './insights-fixture';

/** Waits until the three charts are drawn on their canvases (uPlot's draw hook marks each box). */
async function chartsDrawn(page: Page): Promise<void> {
  for (const id of ['chart-daily', 'chart-ci', 'chart-reviewers']) {
    await expect(page.locator(`[data-testid=${id}][data-drawn="1"] canvas`)).toHaveCount(1);
  }
}

const row = (page: Page, id: string) =>
  page.locator(`[data-testid=insights-sessions] tr[data-session-id="${id}"]`);

test('the Insights page draws the report of a seeded history and follows range and project', async ({
  loggedIn: page,
  daemon,
}) => {
  const now = Date.now();
  seedCommits(daemon.repo, now);
  seedOutcomes(daemon.dataDir, now);
  const api = (await daemon.api<Report>('GET', '/api/report?since=30d')).body;
  expect(api.totals).toMatchObject({ sessions: 4, prsCreated: 3, prsMerged: 2 });
  expect(api.totals.aiCommits).toBe(3);

  await page.getByTestId('nav-insights').click();
  await expect(page).toHaveURL(/\/insights\/\?range=30d$/);
  await chartsDrawn(page);

  // Axes named in text beside each canvas, and the series in uPlot's legend.
  await expect(page.getByTestId('insights-daily').getByTestId('chart-axes')).toContainText('x: day (UTC)');
  await expect(page.getByTestId('insights-daily').getByTestId('chart-axes')).toContainText(
    'right axis: lines added',
  );
  const legend = page.locator('[data-testid=chart-daily] .u-legend');
  for (const s of ['main commits', 'branch commits', 'PRs merged', 'lines added'])
    await expect(legend).toContainText(s);
  await expect(page.locator('[data-testid=chart-ci] .u-legend')).toContainText('fix cycles');
  await expect(page.locator('[data-testid=chart-reviewers] .u-legend')).toContainText('inline comments');
  await expect(page.getByTestId('insights-ci').getByTestId('chart-axes')).toContainText('x: branch (3 of 3');
  // The canvas holds drawn pixels (not a blank box).
  const inked = await page.locator('[data-testid=chart-daily] canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx) return 0;
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(500);

  // Totals as the API (and the fixture) say.
  await expect(page.getByTestId('total-sessions')).toHaveText('4');
  await expect(page.getByTestId('total-prs-created')).toHaveText('3');
  await expect(page.getByTestId('total-prs-merged')).toHaveText('2');
  await expect(page.getByTestId('total-commits')).toHaveText(api.totals.commits.toLocaleString('en-US'));
  await expect(page.getByTestId('total-ai')).toContainText('3 (');
  await expect(page.getByTestId('insights-models')).toContainText('claude-sonnet-4-5');
  await expect(page.locator('[data-testid=insights-models] tbody td').nth(1)).toHaveText('3');
  await expect(page.getByText('No accepted lesson yet')).toBeVisible();
  await expect(page.locator('[data-testid=insights-review-comments] tbody td')).toHaveText([
    '1',
    '1',
    '0',
    '0',
  ]);
  await expect(page.getByTestId('insights-ci-table')).toContainText('self-corrected, merged');
  await expect(page.getByTestId('insights-ci-table')).toContainText('still failing');

  // The table per session: the fixture's numbers.
  await expect(page.getByTestId('sessions-count')).toHaveText('(4)');
  const r901 = row(page, 'demo-901');
  await expect(r901).toContainText('#42 Fix the parser');
  await expect(r901).toContainText('claude-code · claude-sonnet-4-5');
  await expect(r901.locator('[data-col=cost]')).toHaveText('$1.25');
  await expect(r901.locator('[data-col=first-pr]')).toHaveText('30m');
  await expect(r901.locator('[data-col=ci]')).toHaveText('2 failed, 2 fixed, 1 flaky');
  await expect(r901.locator('[data-col=reviews]')).toHaveText('3');
  await expect(r901.locator('[data-col=end]')).toHaveText('merged');
  await expect(r901.locator('[data-col=merge]')).toHaveText('4h 00m');
  await expect(row(page, 'demo-902').locator('[data-col=end]')).toHaveText('live');
  await expect(row(page, 'demo-902').locator('[data-col=first-pr]')).toHaveText('1h 30m');
  await expect(row(page, 'demo-903').locator('[data-col=first-pr]')).toHaveText('—');

  await page.screenshot({ path: join(webDir, 'test-results', 'insights-30d.png'), fullPage: true });

  // 7 days: the session of 20 days ago drops out (since=7d asked of the API).
  const week = page.waitForRequest((r) => r.url().includes('/api/report?since=7d'));
  await page.getByTestId('range-7d').click();
  await week;
  await expect(page.getByTestId('sessions-count')).toHaveText('(3)');
  await expect(page.getByTestId('total-sessions')).toHaveText('3');
  await expect(row(page, 'demo-900')).toHaveCount(0);
  await expect(page).toHaveURL(/range=7d/);
  await chartsDrawn(page);

  // The theme: the charts are drawn again in the other colours.
  await page.evaluate(() => document.documentElement.classList.toggle('dark'));
  await chartsDrawn(page);

  // Another project, with nothing in the period (its history is 100 days old): the empty state (project=other asked).
  const fixture = await makeProject('other', idleGenericAgent(), {
    project: { name: 'Other' },
    tmpPrefix: 'ao-web-e2e-',
  });
  try {
    ageHistory(fixture.repo, 100, now);
    expect((await daemon.api('POST', '/api/projects', { configPath: fixture.configPath })).status).toBe(201);
    await emptyOther(page);
  } finally {
    fixture.cleanup();
  }
});

async function emptyOther(page: Page): Promise<void> {
  await expect(page.getByRole('combobox', { name: 'Project' }).locator('option[value=other]')).toHaveCount(1);
  const other = page.waitForRequest((r) => /\/api\/report\?since=7d.*project=other/.test(r.url()));
  await page.getByRole('combobox', { name: 'Project' }).selectOption('other');
  await other;
  await expect(page.getByTestId('insights-empty')).toContainText('Nothing to show');
  await expect(page.locator('[data-testid=chart-daily]')).toHaveCount(0);

  // A reload keeps the choice (the address carries it).
  await page.reload();
  await expect(page.getByTestId('insights-empty')).toBeVisible();
  await expect(page.getByTestId('range-7d')).toHaveAttribute('aria-pressed', 'true');
}
