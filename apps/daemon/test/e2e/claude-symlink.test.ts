import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeBins } from '../agent-claude/claude-bins';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { text } from '../mocks/anthropic-mock';
import {
  type ClaudeEnv,
  claudePids,
  EventStream,
  killTmuxServer,
  startClaudeEnv,
  waitForExit,
} from './e2e-helpers';

/**
 * ao's data dir reached through a symlink (macOS `/tmp` → `/private/tmp`, a linked home or volume): Claude resolves
 * its cwd, so its trust entry and transcript folder use the real path. Without that, the TUI stops on the trust
 * dialog forever and the transcript (usage, queued-message confirmation) is never found.
 */
describe.each(claudeBins())(
  'claude-code ($name) through the daemon with a data dir behind a symlink (real CLI)',
  ({ path: bin }) => {
    let env: ClaudeEnv;
    let p: ProjectFixture;
    let d: TestDaemon;
    let events: EventStream;
    let base: string;
    const pids = new Set<number>();

    beforeAll(async () => {
      env = await startClaudeEnv();
      base = realpathSync(mkdtempSync(join(tmpdir(), 'ao-e2e-link-')));
      mkdirSync(join(base, 'real'));
      symlinkSync(join(base, 'real'), join(base, 'link'));
      p = await makeProject('demo', {
        agent: 'claude-code',
        agents: { 'claude-code': { ...env.agentSettings('skip'), binary: bin } },
      });
      d = await startTestDaemon({ dataDir: join(base, 'link') });
      const added = await d.api('POST', '/api/projects', { configPath: p.configPath });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      events = new EventStream(d.url, d.token);
    }, 60_000);

    afterAll(async () => {
      for (const { pid } of claudePids(env.configDir)) pids.add(pid);
      await killTmuxServer(d.dataDir);
      await waitForExit([...pids]);
      await events.close();
      await d.stop();
      await env.close();
      p.cleanup();
      rmSync(base, { recursive: true, force: true });
    }, 60_000);

    it('starts without the trust dialog, finishes its turn, and its transcript is followed (usage)', async () => {
      env.mock.on('TASK-LINK', [text('Linked and fine.', { input_tokens: 10, output_tokens: 7 })]);
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', {
        project: 'demo',
        prompt: 'TASK-LINK hi',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const session = res.body.session;
      expect(session.worktreePath.startsWith(join(base, 'link'))).toBe(true);
      try {
        await events.activity(session.id, 'idle', {
          timeoutMs: 45_000,
        });
      } catch (err) {
        const screen = await d.api<{ text: string }>('GET', `/api/sessions/${session.id}/output`);
        throw new Error(`${(err as Error).message}\nscreen:\n${screen.body.text}`);
      }
      for (const { pid } of claudePids(env.configDir)) pids.add(pid);
      const s = await waitFor(async () => {
        const got = (await d.api<{ session: Session }>('GET', `/api/sessions/${session.id}`)).body.session;
        return got.usage.tokensOut === 7 ? got : null;
      }, 'usage from the transcript');
      expect(s.usage.tokensIn).toBe(10);
      expect(env.transcript(s)).toContain('Linked and fine.');
    }, 90_000);
  },
);
