import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentObservation, AgentWatchContext, AgentWatcher, Runtime } from '@ao/shared/plugin';
import {
  type GitFixture,
  type MockTurn,
  makeGitFixture,
  type OpenAiResponsesMock,
  startOpenAiResponsesMock,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCodex } from '../../src/plugins/agent-codex';
import { RESTARTED_SLACK_MS } from '../../src/plugins/agent-codex/turn-state';
import { CODEX_BIN } from '../helpers/agent-bins';
import { makeCodexHome, PrivateTmux, silentLogger, startHookReceiver, waitFor } from './harness';

const KEY = 'sk-test-codex-probe';

function script(req: { body: unknown }): MockTurn {
  const body = req.body as { tools?: unknown[]; input?: Array<Record<string, unknown>> };
  if (!body.tools?.length) return { kind: 'message', text: 'A title' };
  const last = JSON.stringify(body.input?.at(-1) ?? {});
  if (last.includes('function_call_output')) return { kind: 'message', text: 'Done.' };
  if (last.includes('LONG'))
    return { kind: 'function_call', name: 'exec_command', arguments: { cmd: 'sleep 120' } };
  if (last.includes('escalate')) {
    const args = {
      cmd: 'echo hi > out2.txt',
      sandbox_permissions: 'require_escalated',
      justification: 'write out2',
    };
    return { kind: 'function_call', name: 'exec_command', arguments: args };
  }
  return { kind: 'message', text: 'Hi.' };
}

/**
 * Codex's `probe` (what the daemon asks after a restart, or when a restored session gave no signal) on the real TUI:
 * a running turn is working, a turn the process died in is idle once Codex is resumed, an approval dialog is
 * waiting_input; from the watcher's saved offset and from the rollout's tail alike.
 */
describe('codex probe (real TUI)', () => {
  let mock: OpenAiResponsesMock;
  let home: ReturnType<typeof makeCodexHome>;
  let repo: GitFixture;
  let hooks: Awaited<ReturnType<typeof startHookReceiver>>;
  const tmux = new PrivateTmux();
  const sessionDir = mkdtempSync(join(tmpdir(), 'ao-codex-probe-'));
  const watchers: AgentWatcher[] = [];
  const agent = (permissions: 'skip' | 'default') =>
    agentCodex.create(
      agentCodex.configSchema.parse({
        binary: CODEX_BIN,
        permissions,
        home: home.home,
        env: { AO_TEST_MOCK_KEY: KEY },
      }),
    );
  let saved: Record<string, unknown> | null = null;
  const ctx = (
    name: string,
    cwd: string,
    agentSessionId: string | null,
    keep: boolean,
  ): AgentWatchContext => ({
    sessionId: name,
    cwd,
    sessionDir,
    agentSessionId,
    pid: tmux.pid(name),
    capture: () => tmux.capture(name),
    logger: silentLogger,
    saved: keep ? saved : null,
    save: (s) => {
      saved = s;
    },
  });
  const launch = async (
    a: ReturnType<typeof agent>,
    cwd: string,
    prompt: string | null,
    resume: string | null,
  ) =>
    a.launch({
      sessionId: 'probe',
      projectId: 'demo',
      cwd,
      prompt,
      sessionDir,
      hookUrl: hooks.url,
      hookSecret: 'hook-secret',
      resume: resume ? { agentSessionId: resume } : null,
    });

  beforeAll(async () => {
    mock = await startOpenAiResponsesMock({ script: (req) => script(req), eventDelayMs: 5 });
    home = makeCodexHome(mock.baseUrl);
    repo = await makeGitFixture('codex-probe');
    hooks = await startHookReceiver();
  });
  afterAll(async () => {
    for (const w of watchers) w.close();
    await tmux.close();
    await hooks?.close();
    await mock?.close();
    home?.cleanup();
    repo?.cleanup();
    rmSync(sessionDir, { recursive: true, force: true });
  });

  it('a running turn is working; after a kill and resume, that turn is over: idle (interrupted)', async () => {
    const a = agent('skip');
    const plan = await launch(a, repo.repo, 'LONG: run a slow command', null);
    await tmux.spawn('p1', repo.repo, plan.command, plan.env);
    const seen: AgentObservation[] = [];
    watchers.push(a.watch?.(ctx('p1', repo.repo, null, false), (o) => seen.push(o)) ?? { close() {} });
    await waitFor('the slow command', () =>
      mock.responseRequests().some((r) => JSON.stringify(r.body).includes('LONG')),
    );
    await waitFor('working', () => seen.some((o) => o.signal?.activity === 'working'));
    const threadId = seen.find((o) => o.agentSessionId)?.agentSessionId ?? null;
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor('the watcher saved its place', () => saved !== null && saved['offset'] !== 0);

    for (const keep of [true, false]) {
      const obs = await a.probe?.(ctx('p1', repo.repo, threadId, keep));
      expect(obs?.signal, `saved state used: ${keep}`).toMatchObject({
        activity: 'working',
        source: 'rollout',
      });
      expect(obs?.agentSessionId).toBe(threadId);
    }

    // A turn that started within RESTARTED_SLACK_MS of the new process cannot be told from a live one (the clocks are
    // compared to ~10 ms, the slack covers their drift): restart only once the turn is clearly older.
    const turnStartedAt = Number((saved?.['state'] as { turnStartedAt?: number } | undefined)?.turnStartedAt);
    expect(turnStartedAt).toBeGreaterThan(0);
    await waitFor('the turn older than the slack', () => Date.now() > turnStartedAt + 2 * RESTARTED_SLACK_MS);
    for (const w of watchers.splice(0)) w.close();
    await tmux.kill('p1');
    const resumed = await launch(a, repo.repo, null, threadId);
    await tmux.spawn('p2', repo.repo, resumed.command, resumed.env);
    await waitFor('resumed TUI', async () => (await tmux.capture('p2')).includes('Conversation interrupted'));
    for (const keep of [true, false]) {
      const obs = await a.probe?.(ctx('p2', repo.repo, threadId, keep));
      expect(obs?.signal, `saved state used: ${keep}`).toMatchObject({ activity: 'idle', source: 'rollout' });
      expect(obs?.signal?.detail).toMatch(/interrupted/);
    }
    // Without the process's start time (no /proc) the rollout cannot tell; the screen does.
    const blind = await a.probe?.({ ...ctx('p2', repo.repo, threadId, false), pid: null });
    expect(blind?.signal).toMatchObject({
      activity: 'idle',
      source: 'screen',
      detail: 'Codex waits at its prompt',
    });
    await tmux.kill('p2');
  });

  it('an approval dialog is waiting_input (Codex writes none to its rollout)', async () => {
    const other = await makeGitFixture('codex-probe-approve');
    try {
      const a = agent('default');
      const plan = await launch(a, other.repo, 'escalate please', null);
      await tmux.spawn('p3', other.repo, plan.command, plan.env);
      await waitFor('approval dialog', async () => (await tmux.capture('p3')).includes('Yes, proceed'));
      const obs = await a.probe?.(ctx('p3', other.repo, null, false));
      // No thread id and no saved place: only the screen can tell.
      expect(obs?.signal).toMatchObject({ activity: 'waiting_input', source: 'screen', confidence: 'high' });
      expect(obs?.signal?.detail).toContain('Would you like to run the following command?');

      // A message is not typed into the dialog: its keys would answer it (`y`, `p` approve).
      const sent: string[] = [];
      const runtime = {
        capture: () => tmux.capture('p3'),
        sendText: async (_h: unknown, text: string) => void sent.push(text),
        sendKeys: async (_h: unknown, keys: readonly string[]) => void sent.push(...keys),
      } as unknown as Runtime;
      await expect(a.typeMessage?.(runtime, { id: 'p3', runtime: 'tmux' }, 'yes please')).rejects.toThrow(
        /Codex shows a dialog, not its prompt \("Would you like to run the following command\?/,
      );
      expect(sent).toEqual([]);
    } finally {
      await tmux.kill('p3');
      other.cleanup();
    }
  });
});
