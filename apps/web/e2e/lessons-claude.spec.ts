import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import Database from 'better-sqlite3';
// The daemon's tests' local Anthropic Messages API (only node: imports), which drives the real Claude Code CLI.
import { startAnthropicMock } from '../../daemon/test/mocks/anthropic-mock';
import { repoRoot } from './daemon';
import { expect, test } from './fixtures';

const CLAUDE_BIN =
  process.env['AO_TEST_CLAUDE_BIN'] ||
  join(repoRoot, 'test-agents/node_modules/claude-code-pinned/bin/claude.exe');
const EDITED = 'Run npm run lint before pushing (LESSON-b7e).';

test('a lesson accepted in the browser reaches the next real Claude Code session (its system prompt)', async ({
  loggedIn: page,
  daemon,
}) => {
  const mock = await startAnthropicMock();
  const root = mkdtempSync(join(tmpdir(), 'ao-web-lessons-claude-'));
  try {
    const configDir = join(root, 'claude');
    mkdirSync(configDir);
    writeFileSync(join(configDir, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
    await daemon.addProject('cl', {
      agent: 'claude-code',
      agents: {
        'claude-code': {
          binary: CLAUDE_BIN,
          configDir,
          permissions: 'skip',
          model: 'claude-sonnet-4-5',
          env: {
            ANTHROPIC_BASE_URL: mock.url,
            ANTHROPIC_API_KEY: 'sk-ant-api03-ao-web-lessons-0123456789abcdefghij',
            DISABLE_AUTOUPDATER: '1',
            CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          },
        },
      },
    });
    // A proposal, as a retro leaves it (the row; the retro itself is covered by lessons.spec.ts).
    const db = new Database(join(daemon.dataDir, 'ao.db'));
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare(
        `INSERT INTO lessons (project_id, text, proposed_text, state, source, created_at)
         VALUES ('cl', 'Run the lint check locally.', 'Run the lint check locally.', 'proposed', 'retro', ?)`,
      ).run(new Date().toISOString());
    } finally {
      db.close();
    }
    await page.goto(`${daemon.url}/lessons/`);
    const proposed = page.getByTestId('lessons-proposed').getByTestId('lesson');
    await proposed.getByRole('button', { name: 'Edit' }).click();
    await proposed.getByTestId('lesson-edit').fill(EDITED);
    await proposed.getByRole('button', { name: 'Accept edited' }).click();
    await expect(page.getByTestId('lessons-accepted').getByTestId('lesson-text')).toHaveText(EDITED);

    const res = await daemon.api<{ session: Session }>('POST', '/api/sessions', {
      project: 'cl',
      prompt: 'LESSON-TASK say hi',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const req = await mock.waitForRequest((r) => r.main && r.lastUserText.includes('LESSON-TASK'), 90_000);
    expect(JSON.stringify(req.body.system)).toContain(`1. ${EDITED}`);
    await daemon.api('POST', `/api/sessions/${res.body.session.id}/kill`, { force: true });
  } finally {
    await mock.close();
    rmSync(root, { recursive: true, force: true });
  }
});
