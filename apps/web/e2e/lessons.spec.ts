import { join } from 'node:path';
import type { Lesson } from '@ao/shared/lessons';
import Database from 'better-sqlite3';
import type { Daemon } from './daemon';
import { expect, test, waitForSession } from './fixtures';

/**
 * A session ends with a CI history (the fixture: rows of ao's own `ci_cycles`, as the GitHub loop writes them) where
 * one check failed and was fixed twice: its retro proposes a lesson, which appears live on the lessons page.
 */
async function endWithRepeatedFailures(daemon: Daemon, check: string): Promise<void> {
  const s = await daemon.spawnSession('sleep 600');
  const db = new Database(join(daemon.dataDir, 'ao.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const cycle = db.prepare(
      `INSERT INTO ci_cycles (session_id, failed_head, failed_at, checks, fixed_head, flaky) VALUES (?, ?, ?, ?, ?, 0)`,
    );
    const at = new Date().toISOString();
    cycle.run(s.id, 'h1', at, JSON.stringify([check]), 'h2');
    cycle.run(s.id, 'h2', at, JSON.stringify([check]), 'h3');
  } finally {
    db.close();
  }
  const r = await daemon.api('POST', `/api/sessions/${s.id}/kill`, { force: true });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await waitForSession(daemon, s.id, (x) => x.status === 'killed');
}

test('lessons: a retro proposal shows live; accept it edited (plain text), reject another', async ({
  loggedIn: page,
  daemon,
}) => {
  await page.getByRole('link', { name: 'Lessons' }).click();
  await expect(page.getByText('No lessons yet.')).toBeVisible();

  await endWithRepeatedFailures(daemon, 'lint');
  const proposed = page.getByTestId('lessons-proposed').getByTestId('lesson');
  await expect(proposed).toHaveCount(1); // from the event stream: the page does not poll
  await expect(proposed.getByTestId('lesson-text')).toContainText(
    'Run the `lint` check locally before pushing',
  );

  const edited = 'Run <b>npm run lint</b> before pushing.';
  await proposed.getByRole('button', { name: 'Edit' }).click();
  await proposed.getByTestId('lesson-edit').fill(edited);
  await proposed.getByRole('button', { name: 'Accept edited' }).click();
  const accepted = page.getByTestId('lessons-accepted').getByTestId('lesson');
  await expect(accepted.getByTestId('lesson-text')).toHaveText(edited); // shown as text, never as HTML
  await expect(accepted.locator('b')).toHaveCount(0);
  await expect(page.getByTestId('lessons-proposed')).toHaveCount(0);

  await endWithRepeatedFailures(daemon, 'unit tests');
  await expect(proposed).toHaveCount(1);
  await proposed.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByTestId('lessons-proposed')).toHaveCount(0);
  await expect(page.getByTestId('lessons-rejected')).toHaveCount(0);
  await page.getByLabel('show rejected').check();
  await expect(page.getByTestId('lessons-rejected').getByTestId('lesson-text')).toContainText('`unit tests`');

  // The page loads on its own too (its URL opened directly), with what the API says.
  await page.goto(`${daemon.url}/lessons/`);
  await expect(page.getByTestId('lessons-accepted').getByTestId('lesson-text')).toHaveText(edited);
  const { lessons } = (await daemon.api<{ lessons: Lesson[] }>('GET', '/api/lessons?all=1')).body;
  expect(lessons.map((l) => [l.state, l.text, l.decidedBy])).toEqual([
    ['rejected', expect.stringContaining('`unit tests`'), 'human'],
    ['accepted', edited, 'human'],
  ]);
});
