import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentLaunchPlan, RuntimeHandle } from '@ao/shared/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text, toolUse } from '../mocks/anthropic-mock';
import { claudeBins } from './claude-bins';
import { ClaudeHarness, confirmedByATurn, isHook } from './claude-harness';

/** One Claude session in default permission mode, driven step by step; each step builds on the previous one. */
describe.each(claudeBins())(
  'claude-code agent ($name): permission prompt, typed messages, kill and resume (real CLI)',
  ({ path: bin }) => {
    let h: ClaudeHarness;
    let plan: AgentLaunchPlan;
    let handle: RuntimeHandle;

    beforeAll(async () => {
      h = await ClaudeHarness.start({ permissions: 'default', bin });
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });

    it('a permission prompt shows as waiting_input; approveKeys answers it; the work finishes', async () => {
      const file = join(h.git.repo, 'perm.txt');
      h.mock.on('TASK-PERM', [
        toolUse('Write', { file_path: file, content: 'allowed\n' }),
        text('Wrote perm.txt.'),
      ]);
      ({ plan, handle } = await h.launch('inter-1', 'TASK-PERM: write perm.txt'));

      const fromStatus = await h.waitFor(
        (s) => s.obs.signal?.source === 'status-file' && s.obs.signal.activity === 'waiting_input',
        'status file waiting',
      );
      expect(fromStatus.obs.signal?.detail).toBe('waiting for permission prompt');
      // The Notification hook comes ~6 s after the dialog appears.
      const note = await h.waitFor(isHook('Notification'), 'permission notification');
      expect(note.obs.signal).toMatchObject({ activity: 'waiting_input' });
      expect(note.obs.signal?.detail).toContain('Write(');
      expect(existsSync(file)).toBe(false);

      const mark = h.seen.length;
      await h.runtime.sendKeys(handle, h.agent.approveKeys ?? []);
      await h.waitFor(isHook('PostToolUse'), 'tool ran after approval', { from: mark });
      await h.waitFor(isHook('Stop'), 'Stop after approval', { from: mark });
      expect(existsSync(file)).toBe(true);
      await h.waitFor(
        (s) => s.obs.signal?.source === 'status-file' && s.obs.signal.activity === 'idle',
        'status file idle',
        { from: mark },
      );
    }, 90_000);

    it("a multi-line message typed at the prompt is confirmed by the transcript's user line", async () => {
      const mark = h.seen.length;
      h.mock.on('TASK-TYPED', [text('Got your two lines.')]);
      await h.agent.typeMessage?.(h.runtime, handle, 'TASK-TYPED first line\nsecond line');
      await h.waitFor(isHook('UserPromptSubmit'), 'prompt hook: working', { from: mark });
      const turn = await h.waitFor((s) => s.obs.userTurn !== undefined, 'user turn', { from: mark });
      // Confirmed by the transcript's user line or by the turn's Stop, never by the prompt hook alone.
      expect(confirmedByATurn(turn), JSON.stringify(turn)).toBe(true);
      expect(turn.obs.userTurn?.text).toBe('TASK-TYPED first line\nsecond line');
      await h.waitFor(isHook('Stop'), 'Stop', { from: mark });
      const req = await h.mock.waitForRequest((r) => r.main && r.lastUserText.includes('TASK-TYPED'));
      expect(req.lastUserText).toContain('TASK-TYPED first line\nsecond line');
    }, 60_000);

    it('a message typed while the agent works is queued, then delivered when it reaches the model', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      h.mock.on('TASK-BUSY', [
        toolUse('Bash', { command: 'sleep 2', description: 'wait' }),
        { ...text('Saw your note.'), before: () => gate },
      ]);
      const mark = h.seen.length;
      await h.agent.typeMessage?.(h.runtime, handle, 'TASK-BUSY run a slow command');
      await h.waitFor(isHook('PreToolUse'), 'busy with the tool', { from: mark });
      await h.agent.typeMessage?.(h.runtime, handle, 'MIDTASK also check\nthe README');
      // As the daemon does: if the agent's own signal does not confirm the message, press Enter again (a busy TUI can
      // swallow one), at most twice more.
      const isTurn = (s: (typeof h.seen)[number]) =>
        s.obs.userTurn?.text === 'MIDTASK also check\nthe README';
      for (let retry = 0; retry < 2; retry++) {
        const seen = await h
          .waitFor(isTurn, 'mid-task user turn', { from: mark, timeoutMs: 12_000 })
          .catch(() => null);
        if (seen) break;
        await h.runtime.sendKeys(handle, ['Enter']);
      }
      const turn = await h.waitFor(isTurn, 'mid-task user turn', { from: mark });
      expect(turn.via).toBe('watch');
      // Queued first (the transcript's enqueue; 2.1.332 also says so with a UserPromptSubmit of the running turn), and
      // no signal called it a turn before it reached the model.
      const queued = h.seen.findIndex(
        (s, i) => i >= mark && s.obs.queued?.text === 'MIDTASK also check\nthe README',
      );
      expect(queued, h.describe(mark)).toBeGreaterThanOrEqual(0);
      expect(queued).toBeLessThan(h.seen.indexOf(turn));
      expect(h.seen.filter((s, i) => i >= mark && isTurn(s))).toHaveLength(1);
      const req = await h.mock.waitForRequest((r) => r.main && r.allText.includes('MIDTASK also check'));
      expect(req.toolResults).toHaveLength(1);
      release();
      await h.waitFor(isHook('Stop'), 'Stop', { from: mark });
    }, 60_000);

    it('killing the process shows exited; --resume continues the same conversation', async () => {
      const mark = h.seen.length;
      await h.runtime.kill(handle);
      const exited = await h.waitFor((s) => s.obs.signal?.activity === 'exited', 'exited', { from: mark });
      expect(['hook:SessionEnd', 'process']).toContain(exited.obs.signal?.source);

      h.mock.on('TASK-RESUMED', [text('Still here.')]);
      const mark2 = h.seen.length;
      const resumed = await h.launch('inter-2', null, plan.agentSessionId);
      expect(resumed.plan.command).toContain('--resume');
      expect(resumed.plan.agentSessionId).toBe(plan.agentSessionId);
      const start = await h.waitFor(isHook('SessionStart'), 'SessionStart on resume', { from: mark2 });
      expect(start.obs.agentSessionId).toBe(plan.agentSessionId);
      expect(start.obs.signal?.detail).toBe('session resume');

      await h.agent.typeMessage?.(h.runtime, resumed.handle, 'TASK-RESUMED are you there?');
      const req = await h.mock.waitForRequest((r) => r.main && r.lastUserText.includes('TASK-RESUMED'));
      // The earlier conversation went with it.
      expect(req.allText).toContain('TASK-PERM: write perm.txt');
      expect(req.allText).toContain('MIDTASK also check');
      await h.waitFor(isHook('Stop'), 'Stop after resume', { from: mark2 });
    }, 90_000);
  },
);
