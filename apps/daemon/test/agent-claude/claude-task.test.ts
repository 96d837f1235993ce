import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text, toolUse } from '../mocks/anthropic-mock';
import { claudeBins } from './claude-bins';
import { ClaudeHarness, isHook } from './claude-harness';

describe.each(claudeBins())(
  'claude-code agent ($name): a task run to the end (real CLI, real tmux, mock API)',
  ({ name, path: bin }) => {
    let h: ClaudeHarness;
    beforeAll(async () => {
      h = await ClaudeHarness.start({ permissions: 'skip', bin });
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });

    it('writes a file, commits it, finishes: working → idle, usage counted once per message.id', async () => {
      const file = join(h.git.repo, 'hello.txt');
      h.mock.on('TASK-COMMIT', [
        toolUse(
          'Write',
          { file_path: file, content: 'hello from claude\n' },
          { input_tokens: 1000, output_tokens: 50 },
        ),
        toolUse(
          'Bash',
          { command: 'git add hello.txt && git commit -q -m "add hello"', description: 'commit' },
          { input_tokens: 1200, output_tokens: 60, cache_read_input_tokens: 300 },
        ),
        text('Committed hello.txt.', { input_tokens: 1300, output_tokens: 70 }),
      ]);
      const { plan } = await h.launch('task-1', 'TASK-COMMIT: add hello.txt and commit it');
      expect(plan.prompt).toEqual({ mode: 'argv' });

      const start = await h.waitFor(isHook('SessionStart'), 'SessionStart');
      expect(start.obs.agentSessionId).toBe(plan.agentSessionId);
      // The prompt given in argv: Claude submits it itself (the hook says so), the transcript confirms the turn.
      const submit = await h.waitFor(isHook('UserPromptSubmit'), 'prompt hook');
      expect(submit.obs.signal?.activity).toBe('working');
      const turn = await h.waitFor((s) => s.obs.userTurn !== undefined, 'the first turn');
      expect(turn.obs.userTurn?.text).toBe('TASK-COMMIT: add hello.txt and commit it');
      await h.waitFor(
        (s) => s.obs.signal?.source === 'hook:PreToolUse' && s.obs.signal.detail.includes('git commit'),
        'PreToolUse Bash',
      );
      const stop = await h.waitFor(isHook('Stop'), 'Stop');
      expect(stop.obs.signal?.activity).toBe('idle');

      // The commit really exists, made by the agent's Bash tool.
      expect(await h.git.git(['log', '--format=%s', '-1'])).toBe('add hello');
      expect(readFileSync(file, 'utf8')).toBe('hello from claude\n');

      // Transcript: usage totals once per message id (3 responses), the user turn, the end of the turn.
      const totals = await h.waitFor(
        (s) => s.via === 'watch' && s.obs.usage?.tokensOut === 180,
        'usage totals from the transcript',
      );
      expect(totals.obs.usage).toMatchObject({ model: 'claude-sonnet-4-5', tokensIn: 3800, tokensOut: 180 });
      expect(totals.obs.usage?.costUsd).toBeCloseTo((3500 * 3 + 300 * 0.3 + 180 * 15) / 1e6, 8);
      await h.waitFor(
        (s) => s.via === 'watch' && s.obs.signal?.detail === 'turn finished',
        'transcript turn end',
      );
      // 2.1.197 asks the model for a title after the first prompt; 2.1.332 does not here (no title request at all).
      if (name === 'pinned')
        await h.waitFor((s) => s.via === 'watch' && s.obs.title === 'Mock session title', 'ai-title');
      const watchTurns = h.seen
        .filter((s) => s.via === 'watch' && s.obs.userTurn)
        .map((s) => s.obs.userTurn?.text);
      expect(watchTurns).toEqual(['TASK-COMMIT: add hello.txt and commit it']);

      // Status file: busy while working, then idle.
      await h.waitFor(
        (s) => s.obs.signal?.source === 'status-file' && s.obs.signal.activity === 'idle',
        'status idle',
      );
      const activities = h.signals();
      expect(activities.indexOf('hook:UserPromptSubmit:working')).toBeLessThan(
        activities.indexOf('hook:Stop:idle'),
      );
      expect(activities).toContain('status-file:working');

      // The mock got the tool results back: the file write and the commit succeeded.
      const main = h.mock.mainRequests();
      expect(main).toHaveLength(3);
      expect(main[1]?.toolResults[0]?.isError).toBe(false);
      expect(main[2]?.toolResults[0]?.isError).toBe(false);
    }, 120_000);
  },
);
