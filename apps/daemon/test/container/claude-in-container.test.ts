import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureBusyboxImage, type PodmanService, podmanAvailable, startPodmanService } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeContainer } from '../../src/plugins/runtime-container';
import { homeLabel } from '../../src/plugins/runtime-container/labels';
import { exec } from '../../src/util/exec';
import { claudeBins } from '../agent-claude/claude-bins';
import { ClaudeHarness, isHook, quietLogger } from '../agent-claude/claude-harness';
import { text } from '../mocks/anthropic-mock';

const runIt = podmanAvailable() || process.env['CI'] ? describe : describe.skip;
const pinned = claudeBins().find((b) => b.name === 'pinned') ?? claudeBins()[0];

/**
 * The real Claude Code CLI in a container against the model mock: the busybox test image, with the host's C library
 * and the claude binary's folder mounted read-only (no image with Node or Claude can be built without a registry).
 * Its hooks reach the receiver, its transcript is read from the config dir mounted at the same path.
 */
runIt('claude-code in a container (real CLI, mock API, real podman)', () => {
  let engine: PodmanService;
  let h: ClaudeHarness;
  let home = '';

  beforeAll(async () => {
    engine = await startPodmanService();
    const image = await ensureBusyboxImage(engine.podman);
    const bin = realpathSync(pinned?.path ?? '');
    const ro = (source: string) => ({ source, readOnly: true });
    h = await ClaudeHarness.start({
      permissions: 'skip',
      bin,
      runtime: (root) => {
        home = homeLabel(root);
        return runtimeContainer.create(
          runtimeContainer.configSchema.parse({
            socket: engine.socket,
            image,
            // SessionStart is a command hook (ao's hook script in the session dir, run by the daemon's node).
            extraMounts: [ro(dirname(bin)), ro('/lib/x86_64-linux-gnu'), ro('/lib64'), ro(process.execPath)],
          }),
          { dataDir: root, logger: quietLogger, exec },
        );
      },
    });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await engine?.stop([home]); // only its own: the other container test files may be running
  });

  it('answers a prompt: SessionStart and prompt hooks, the turn from the transcript, Stop → idle', async () => {
    h.mock.on('TASK-BOX', [text('Hello from inside the box.')]);
    const { plan, handle } = await h.launch('box-1', 'TASK-BOX: say hello');
    const start = await h
      .waitFor(isHook('SessionStart'), 'SessionStart from the container')
      .catch(async (err) => {
        throw new Error(
          `${(err as Error).message}\nscreen:\n${await h.runtime.capture(handle).catch(String)}`,
        );
      });
    expect(start.obs.agentSessionId).toBe(plan.agentSessionId);
    await h.waitFor(isHook('UserPromptSubmit'), 'prompt hook');
    const turn = await h.waitFor((s) => s.obs.userTurn !== undefined, 'the turn, from the transcript');
    expect(turn.obs.userTurn?.text).toBe('TASK-BOX: say hello');
    const stop = await h.waitFor(isHook('Stop'), 'Stop');
    expect(stop.obs.signal?.activity).toBe('idle');
  }, 120_000);
});
