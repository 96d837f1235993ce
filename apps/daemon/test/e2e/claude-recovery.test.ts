import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptPath } from '../../src/plugins/agent-claude-code';
import { claudeCwd } from '../../src/plugins/agent-claude-code/paths';
import { claudeBins } from '../agent-claude/claude-bins';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { text, toolUse } from '../mocks/anthropic-mock';
import { type ClaudeEnv, claudePids, killTmuxServer, startClaudeEnv, waitForExit } from './e2e-helpers';

/** Claude's own word on a session: the `status` of the status file that names it, or null. */
function claudeStatus(configDir: string, agentSessionId: string): string | null {
  const dir = join(configDir, 'sessions');
  for (const name of readdirSync(dir)) {
    try {
      const rec = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
        sessionId?: string;
        status?: string;
      };
      if (rec.sessionId === agentSessionId) return rec.status ?? null;
    } catch {
      // rewritten or removed while we read it: look again on the next poll
    }
  }
  return null;
}

/**
 * The daemon is stopped while Claude works; the turn ends while nobody listens to its hooks (they fail); a new daemon
 * on the same data dir must show the session idle before it answers anyone, from Claude's durable signals (status
 * file, transcript from the saved offset), with usage counted once.
 */
describe.each(claudeBins())(
  'claude-code ($name): a turn that ends while the daemon is down',
  ({ path: bin }) => {
    let env: ClaudeEnv;
    let p: ProjectFixture;
    let dataDir: string;
    let d: TestDaemon | null = null;
    const pids = new Set<number>();

    beforeAll(async () => {
      env = await startClaudeEnv();
      p = await makeProject('down', {
        agent: 'claude-code',
        agents: { 'claude-code': { ...env.agentSettings('skip'), binary: bin } },
      });
      dataDir = mkdtempSync(join(tmpdir(), 'ao-down-'));
      d = await startTestDaemon({ dataDir });
      const added = await d.api('POST', '/api/projects', { configPath: p.configPath });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
    }, 60_000);

    afterAll(async () => {
      for (const { pid } of claudePids(env.configDir)) pids.add(pid);
      await killTmuxServer(dataDir);
      await waitForExit([...pids]);
      await d?.stop();
      await env.close();
      p.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it('is idle as soon as the restarted daemon answers, usage counted once', async () => {
      const first = d;
      if (!first) throw new Error('no daemon');
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      env.mock.on('TASK-DOWN', [
        toolUse('Bash', { command: 'true', description: 'noop' }, { input_tokens: 100, output_tokens: 10 }),
        {
          ...text('Finished while ao was down.', { input_tokens: 200, output_tokens: 20 }),
          before: () => gate,
        },
      ]);
      const res = await first.api<{ session: Session }>('POST', '/api/sessions', {
        project: 'down',
        prompt: 'TASK-DOWN: run a no-op',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const id = res.body.session.id;
      const agentSessionId = res.body.session.agentSessionId;
      if (!agentSessionId) throw new Error('no agent session id');
      // Claude is mid-turn: the tool ran, its result went to the model, whose answer waits on the gate.
      await env.mock.waitForRequest(
        (r) => r.main && r.toolResults.length > 0 && r.allText.includes('TASK-DOWN'),
      );
      const working = await waitFor(async () => {
        const s = (await first.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
        return s.activity === 'working' && s.usage.tokensOut === 10 ? s : null;
      }, 'working with the first response counted');
      expect(working.activity).toBe('working');
      for (const { pid } of claudePids(env.configDir)) pids.add(pid);

      await first.close(); // the daemon goes away; tmux and Claude stay
      d = null;
      release();
      // The turn ends with nobody listening: Claude's hooks fail, its status file and transcript say it.
      await waitFor(
        () => claudeStatus(env.configDir, agentSessionId) === 'idle',
        'claude idle on its own',
        30_000,
      );
      await waitFor(
        () => env.transcript(working).includes('Finished while ao was down.'),
        'the final answer in the transcript',
      );

      d = await startTestDaemon({ dataDir });
      const after = (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
      expect(after.status).toBe('running');
      expect(after.activity, JSON.stringify(after.evidence)).toBe('idle');
      expect(after.evidence).toMatchObject({ source: 'status-file', detail: 'idle (read at recovery)' });
      expect(after.usage).toMatchObject({ tokensIn: 300, tokensOut: 30 });

      // The new daemon goes on from the saved transcript offset: a message now is confirmed from the transcript (the
      // hooks still call the old daemon's port), and usage grows by that turn only.
      const second = d;
      env.mock.on('TASK-AFTER', [text('Still counting.', { input_tokens: 50, output_tokens: 5 })]);
      const sent = await second.api<{ delivery: { state: string } }>('POST', `/api/sessions/${id}/send`, {
        message: 'TASK-AFTER one more',
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(sent.body.delivery.state).toBe('delivered');
      const grown = await waitFor(async () => {
        const s = (await second.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
        return s.usage.tokensOut > 30 ? s : null;
      }, 'usage of the turn after the restart');
      expect(grown.usage).toMatchObject({ tokensIn: 350, tokensOut: 35 });
      const file = transcriptPath(env.configDir, claudeCwd(working.worktreePath), agentSessionId);
      await waitFor(() => {
        const state = second.app.sessions.ctx.store.row(id).agentState as {
          transcript?: { offset?: number };
        } | null;
        return state?.transcript?.offset === statSync(file).size;
      }, 'the transcript position saved with the session');
    }, 120_000);
  },
);
