import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentObservation, AgentWatcher, Runtime, RuntimeHandle } from '@ao/shared/plugin';
import {
  type GitFixture,
  type MockTurn,
  makeGitFixture,
  type OpenAiResponsesMock,
  startOpenAiResponsesMock,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCodex } from '../../src/plugins/agent-codex';
import { configSchema, runtimeTmux } from '../../src/plugins/runtime-tmux';
import { exec } from '../../src/util/exec';
import { CODEX_BIN } from '../helpers/agent-bins';
import { makeCodexHome, silentLogger, startHookReceiver, waitFor } from './harness';

const KEY = 'sk-test-codex-type';

/** Titles get a title; "BUSY" runs a slow shell command (so later messages wait in Codex's queue); else a reply. */
function script(req: { body: unknown }): MockTurn {
  const body = req.body as { tools?: unknown[]; input?: Array<Record<string, unknown>> };
  if (!body.tools?.length) return { kind: 'message', text: 'A title' };
  const last = JSON.stringify(body.input?.at(-1) ?? {});
  if (last.includes('function_call_output')) return { kind: 'message', text: 'Slept.' };
  if (last.includes('BUSY'))
    return { kind: 'function_call', name: 'exec_command', arguments: { cmd: 'sleep 6' } };
  return { kind: 'message', text: 'Noted.' };
}

/**
 * Codex's `typeMessage` on the real TUI in ao's real tmux runtime: every message is taken on its first Enter. The
 * runtime is wrapped to count the keys pressed; the daemon's resubmits are not played, so a dropped Enter shows as a
 * message never confirmed (what Codex did with `send-keys` text and an Enter right after it).
 */
describe('codex typeMessage (real TUI, tmux runtime)', () => {
  let mock: OpenAiResponsesMock;
  let home: ReturnType<typeof makeCodexHome>;
  let repo: GitFixture;
  let hooks: Awaited<ReturnType<typeof startHookReceiver>>;
  let watcher: AgentWatcher | null = null;
  let handle: RuntimeHandle;
  const root = mkdtempSync(join(tmpdir(), 'ao-codex-type-'));
  const runtime: Runtime = runtimeTmux.create(configSchema.parse({ timeoutMs: 20_000 }), {
    dataDir: root,
    logger: silentLogger,
    exec,
  });
  const observed: AgentObservation[] = [];
  const agent = () =>
    agentCodex.create(
      agentCodex.configSchema.parse({
        binary: CODEX_BIN,
        permissions: 'skip',
        home: home.home,
        env: { AO_TEST_MOCK_KEY: KEY },
      }),
    );
  const a = { current: null as ReturnType<typeof agent> | null };
  const turned = (text: string) => observed.some((o) => o.userTurn?.text === text);
  const idles = () =>
    observed.filter((o) => o.signal?.activity === 'idle' && o.signal.source === 'rollout').length;

  /**
   * Types one message as the daemon does and waits for Codex to confirm it (a user turn, or the message listed in its
   * queue) without ever pressing Enter again: a dropped Enter would leave the text in the composer and never confirm.
   * Returns the keys that were pressed.
   */
  async function deliver(text: string, confirmed: () => boolean): Promise<string[][]> {
    const keys: string[][] = [];
    const counting: Runtime = {
      ...runtime,
      sendKeys: (h, k) => {
        keys.push([...k]);
        return runtime.sendKeys(h, k);
      },
    };
    const agentNow = a.current;
    if (!agentNow?.typeMessage) throw new Error('codex has no typeMessage');
    await agentNow.typeMessage(counting, handle, text);
    await waitFor(`confirmation of ${JSON.stringify(text.slice(0, 40))}`, confirmed, 30_000);
    return keys;
  }

  beforeAll(async () => {
    mock = await startOpenAiResponsesMock({ script: (req) => script(req), eventDelayMs: 5 });
    home = makeCodexHome(mock.baseUrl);
    repo = await makeGitFixture('codex-type');
    hooks = await startHookReceiver();
    a.current = agent();
    const sessionDir = join(root, 'session');
    const plan = await a.current.launch({
      sessionId: 'cx-type-1',
      projectId: 'demo',
      cwd: repo.repo,
      prompt: 'say hello',
      sessionDir,
      hookUrl: hooks.url,
      hookSecret: 'hook-secret',
      resume: null,
    });
    handle = await runtime.spawn({
      sessionId: 'cx-type-1',
      cwd: repo.repo,
      command: plan.command,
      env: plan.env,
      logPath: join(root, 'cx-type-1.log'),
    });
    const pid = await runtime.pid(handle);
    watcher =
      a.current.watch?.(
        {
          sessionId: 'cx-type-1',
          cwd: repo.repo,
          sessionDir,
          agentSessionId: null,
          pid,
          capture: () => runtime.capture(handle),
          logger: silentLogger,
        },
        (o) => observed.push(o),
      ) ?? null;
    await waitFor('first turn idle', () => idles() >= 1, 60_000);
  }, 90_000);

  afterAll(async () => {
    watcher?.close();
    await runtime.kill(handle).catch(() => undefined);
    await exec('tmux', ['-S', join(root, 'tmux.sock'), 'kill-server']).catch(() => undefined);
    await hooks?.close();
    await mock?.close();
    home?.cleanup();
    repo?.cleanup();
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('takes each message on its first Enter (no resubmit): plain, $ and @ mentions, multi-line, "!", long', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const texts = [
      'first message to codex',
      'second: quotes "x", a $skill and an @file mention',
      'line one of a longer message\nline two\n\nline four after a blank line',
      '!echo this is text for the model, not a shell command',
      long,
    ];
    for (const text of texts) {
      const before = idles();
      expect(await deliver(text, () => turned(text))).toEqual([['Enter']]);
      await waitFor('turn done', () => idles() > before);
    }
    // The "!" message went to the model: Codex ran no shell command of its own.
    expect(await runtime.capture(handle, 200)).not.toContain('You ran');
  }, 120_000);

  it('a message typed while Codex runs a tool call is reported queued, then delivered with no resubmit', async () => {
    const before = idles();
    expect(await deliver('BUSY: run the slow command', () => turned('BUSY: run the slow command'))).toEqual([
      ['Enter'],
    ]);
    await waitFor('the tool call running', () =>
      mock.responseRequests().some((r) => JSON.stringify(r.body).includes('BUSY')),
    );
    const text = 'a message for after the tool call';
    const queued = () => observed.some((o) => o.queued?.text === text);
    expect(await deliver(text, () => queued() || turned(text))).toEqual([['Enter']]);
    await waitFor('delivered once the tool call ended', () => turned(text), 30_000);
    expect(queued()).toBe(true);
    await waitFor('turn done', () => idles() > before, 30_000);
  }, 120_000);
});
