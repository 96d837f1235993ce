import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentObservation, AgentWatcher } from '@ao/shared/plugin';
import {
  type GitFixture,
  type MockTurn,
  makeGitFixture,
  type OpenAiRequest,
  type OpenAiResponsesMock,
  startOpenAiResponsesMock,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCodex } from '../../src/plugins/agent-codex';
import { exec } from '../../src/util/exec';
import { CODEX_BIN } from '../helpers/agent-bins';
import {
  type HookCall,
  makeCodexHome,
  PrivateTmux,
  silentLogger,
  startHookReceiver,
  waitFor,
} from './harness';

const KEY = 'sk-test-codex';

/** Title requests (no tools) get a title; a tool result gets a final message; a new task runs a shell command. */
function script(req: OpenAiRequest): MockTurn {
  const body = req.body as { tools?: unknown[]; input?: Array<Record<string, unknown>> };
  if (!body.tools?.length) return { kind: 'message', text: 'Write out file' };
  const input = body.input ?? [];
  const last = input[input.length - 1];
  if (last?.['type'] === 'function_call_output') return { kind: 'message', text: 'All done.' };
  const text = JSON.stringify(last ?? {});
  if (text.includes('escalate')) {
    const args = {
      cmd: 'echo hi > out2.txt',
      sandbox_permissions: 'require_escalated',
      justification: 'write out2',
    };
    return { kind: 'function_call', name: 'exec_command', arguments: args };
  }
  if (text.includes('second task')) return { kind: 'message', text: 'Second done.' };
  return { kind: 'function_call', name: 'exec_command', arguments: { cmd: 'echo hi > out.txt' } };
}

let mock: OpenAiResponsesMock;
let codexHome: { home: string; cleanup(): void };
let repo: GitFixture;

beforeAll(async () => {
  mock = await startOpenAiResponsesMock({ script: (req) => script(req), eventDelayMs: 20 });
  codexHome = makeCodexHome(mock.baseUrl);
  repo = await makeGitFixture('codex-demo');
});

afterAll(async () => {
  await mock?.close();
  codexHome?.cleanup();
  repo?.cleanup();
});

describe('Responses mock with codex exec', () => {
  it('drives a non-interactive task: a shell call, then a final message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ao-codex-exec-'));
    try {
      const { stdout } = await exec(
        CODEX_BIN,
        ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'make out.txt'],
        {
          cwd: dir,
          env: { ...process.env, CODEX_HOME: codexHome.home, AO_TEST_MOCK_KEY: KEY },
          input: '',
          timeoutMs: 60_000,
        },
      );
      expect(stdout).toContain('All done.');
      expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('hi\n');
      const reqs = mock.responseRequests();
      expect(reqs.length).toBeGreaterThanOrEqual(2);
      expect(reqs[0]?.headers['authorization']).toBe(`Bearer ${KEY}`);
      const first = reqs[0]?.body as { tools?: Array<{ name?: string }> } | undefined;
      const tools = (first?.tools ?? []).map((t) => t.name);
      expect(tools).toContain('exec_command');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('codex agent plugin in a real TUI (tmux)', () => {
  const tmux = new PrivateTmux();
  const sessionDir = mkdtempSync(join(tmpdir(), 'ao-codex-session-'));
  const observed: AgentObservation[] = [];
  let hooks: Awaited<ReturnType<typeof startHookReceiver>>;
  let watcher: AgentWatcher | null = null;
  const agent = () =>
    agentCodex.create(
      agentCodex.configSchema.parse({
        binary: CODEX_BIN,
        permissions: 'skip',
        home: codexHome.home,
        env: { AO_TEST_MOCK_KEY: KEY },
      }),
    );

  beforeAll(async () => {
    hooks = await startHookReceiver();
  });
  afterAll(async () => {
    watcher?.close();
    await tmux.close();
    await hooks?.close();
    rmSync(sessionDir, { recursive: true, force: true });
  });

  const launchCtx = (resume: string | null) => ({
    sessionId: 'ao-codex-1',
    projectId: 'demo',
    cwd: repo.repo,
    prompt: resume ? null : 'make out.txt',
    sessionDir,
    hookUrl: hooks.url,
    hookSecret: 'hook-secret-123',
    resume: resume ? { agentSessionId: resume } : null,
  });
  // As the daemon does: the watcher starts once the agent runs, with the pid of the program in the pane.
  const watchCtx = (name: string, agentSessionId: string | null) => ({
    sessionId: 'ao-codex-1',
    cwd: repo.repo,
    sessionDir,
    agentSessionId,
    pid: tmux.pid(name),
    capture: () => tmux.capture(name),
    logger: silentLogger,
  });
  const signals = (source: string) =>
    observed.flatMap((o) => (o.signal?.source === source ? [o.signal.activity] : []));
  const notifyIdle = (a: ReturnType<typeof agent>, calls: HookCall[]) =>
    calls.map((c) => a.onHook?.(c.body) ?? null).filter((o) => o?.signal?.activity === 'idle');

  let threadId = '';

  it('runs a task: working → idle from the rollout and notify, tokens counted', async () => {
    const a = agent();
    const plan = await a.launch(launchCtx(null));
    expect(plan.command.join(' ')).not.toContain('hook-secret-123');
    await tmux.spawn('ao-codex-1', repo.repo, plan.command, plan.env);
    watcher = a.watch?.(watchCtx('ao-codex-1', null), (o) => observed.push(o)) ?? null;

    await waitFor('rollout idle', () => signals('rollout').includes('idle'));
    expect(signals('rollout').slice(0, 2)).toEqual(['working', 'idle']);
    expect(readFileSync(join(repo.repo, 'out.txt'), 'utf8')).toBe('hi\n');
    threadId = observed.find((o) => o.agentSessionId)?.agentSessionId ?? '';
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(observed.some((o) => o.userTurn?.text === 'make out.txt')).toBe(true);
    const usage = observed.filter((o) => o.usage).at(-1)?.usage;
    expect(usage?.tokensIn).toBeGreaterThan(0);
    expect(usage?.tokensOut).toBeGreaterThan(0);

    // notify: the script posts with the secret header; the title thread's callback is ignored, the session's is idle.
    await waitFor('notify for the session thread', () =>
      hooks.calls.some((c) => (c.body as Record<string, unknown>)['thread-id'] === threadId),
    );
    await waitFor('title-thread notify too', () => hooks.calls.length >= 2);
    expect(hooks.calls.every((c) => c.secret === 'hook-secret-123')).toBe(true);
    const idles = notifyIdle(a, hooks.calls);
    expect(idles).toHaveLength(1);
    expect(idles[0]?.signal?.detail).toBe('turn complete: All done.');
    expect(existsSync(join(repo.repo, '.codex'))).toBe(false);
    const status = await repo.git(['status', '--porcelain']);
    expect(status).toBe('?? out.txt');
  });

  it('resumes the same conversation after a kill and takes a typed message', async () => {
    expect(threadId).not.toBe('');
    watcher?.close();
    await tmux.kill('ao-codex-1');
    observed.length = 0;
    hooks.calls.length = 0;

    const a = agent();
    const plan = await a.launch(launchCtx(threadId));
    expect(plan.command.slice(0, 2)).toEqual([CODEX_BIN, 'resume']);
    expect(plan.agentSessionId).toBe(threadId);
    const resumedAt = Date.now();
    await tmux.spawn('ao-codex-2', repo.repo, plan.command, plan.env);
    watcher = a.watch?.(watchCtx('ao-codex-2', threadId), (o) => observed.push(o)) ?? null;
    // The tailer reads the existing rollout from the start: the first turn replays with its own times, then the
    // watcher says again, with the current time, that Codex is idle (a resumed Codex writes nothing to its rollout).
    await waitFor('restated idle', () =>
      observed.some((o) => o.signal?.activity === 'idle' && Date.parse(o.signal.at ?? '') >= resumedAt),
    );
    expect(signals('rollout')).toEqual(['working', 'idle', 'idle']);
    await waitFor('TUI ready', async () => (await tmux.capture('ao-codex-2')).includes('make out.txt'));
    const before = signals('rollout').length;

    // As the daemon delivers a message: type, wait until the TUI shows it, submit, and submit again if the agent's
    // own signal (the user turn in its rollout) does not confirm it (a TUI still starting can swallow an Enter).
    await tmux.typeText('ao-codex-2', 'now the second task');
    await waitFor('typed text on screen', async () =>
      (await tmux.capture('ao-codex-2')).includes('now the second task'),
    );
    const turned = () => observed.some((o) => o.userTurn?.text === 'now the second task');
    for (let attempt = 0; attempt < 3 && !turned(); attempt++) {
      await tmux.enter('ao-codex-2');
      await waitFor('user turn', turned, 15_000).catch(() => undefined);
    }
    await waitFor('user turn', turned);
    await waitFor('second idle', () => signals('rollout').slice(before).includes('idle'));
    expect(signals('rollout').slice(before)).toEqual(['working', 'idle']);
    expect(observed.filter((o) => o.agentSessionId).every((o) => o.agentSessionId === threadId)).toBe(true);
    await waitFor('second notify', () => notifyIdle(a, hooks.calls).length > 0);
    expect(notifyIdle(a, hooks.calls)[0]?.signal?.detail).toBe('turn complete: Second done.');
  });

  it('reports an approval prompt (screen, while the rollout is quiet), then working → idle once approved', async () => {
    const approve = await makeGitFixture('codex-approve');
    let w: AgentWatcher | null = null;
    try {
      const a = agentCodex.create(
        agentCodex.configSchema.parse({
          binary: CODEX_BIN,
          home: codexHome.home,
          env: { AO_TEST_MOCK_KEY: KEY },
        }),
      );
      const plan = await a.launch({ ...launchCtx(null), cwd: approve.repo, prompt: 'escalate please' });
      expect(plan.command).toEqual(
        expect.arrayContaining(['--ask-for-approval', 'on-request', '--sandbox', 'read-only']),
      );
      const seen: AgentObservation[] = [];
      await tmux.spawn('ao-codex-3', approve.repo, plan.command, plan.env);
      w = a.watch?.({ ...watchCtx('ao-codex-3', null), cwd: approve.repo }, (o) => seen.push(o)) ?? null;
      await waitFor('waiting_input', () => seen.some((o) => o.signal?.activity === 'waiting_input'));
      const waiting = seen.find((o) => o.signal?.activity === 'waiting_input')?.signal;
      // Codex writes no approval request to its rollout: the screen shows the dialog, recognised by its exact words.
      expect(waiting).toMatchObject({ source: 'screen', confidence: 'high' });
      expect(waiting?.detail).toBe(
        'approval requested: Would you like to run the following command? $ echo hi > out2.txt',
      );
      expect(a.inspectScreen?.(await tmux.capture('ao-codex-3'))).toEqual({
        kind: 'permission',
        text: 'Would you like to run the following command? $ echo hi > out2.txt',
      });
      expect(existsSync(join(approve.repo, 'out2.txt'))).toBe(false);
      const at = seen.length;
      await tmux.run(['send-keys', '-t', '=ao-codex-3:', ...(a.approveKeys ?? [])]);
      await waitFor('idle after approval', () => seen.slice(at).some((o) => o.signal?.activity === 'idle'));
      const after = seen
        .slice(at)
        .flatMap((o) => (o.signal ? [`${o.signal.activity}:${o.signal.source}`] : []));
      expect(after).toEqual(['working:rollout', 'idle:rollout']);
      expect(readFileSync(join(approve.repo, 'out2.txt'), 'utf8')).toBe('hi\n');
    } finally {
      w?.close();
      await tmux.kill('ao-codex-3');
      approve.cleanup();
    }
  });
});
