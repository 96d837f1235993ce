import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';
import { percentile, waitFor } from '@ao/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runtimeProcess } from '../../src/plugins/runtime-process';
import { runtimeTmux } from '../../src/plugins/runtime-tmux';
import { resolveSocket } from '../../src/plugins/runtime-tmux/socket';
import { exec } from '../../src/util/exec';
import { eventLog, quietLogger } from './helpers';

// The same contract for every runtime: deaths are pushed as `exited` events (with exit code or signal), the last
// screen stays readable, stateMany agrees, and the runtime's own `kill` is not reported back as an event.

const root = mkdtempSync(join(tmpdir(), 'ao-contract-'));
const work = join(root, 'work');
const tmuxData = join(root, 'tmux-data');
mkdirSync(work);
mkdirSync(tmuxData);
const KILLS = 20;

const runtimes: Array<[string, Runtime]> = [
  [
    'tmux',
    runtimeTmux.create(runtimeTmux.configSchema.parse({ killGraceMs: 1_000, timeoutMs: 20_000 }), {
      dataDir: tmuxData,
      logger: quietLogger,
      exec,
    }),
  ],
  [
    'process',
    runtimeProcess.create(runtimeProcess.configSchema.parse({ killGraceMs: 1_000 }), {
      dataDir: root,
      logger: quietLogger,
      exec,
    }),
  ],
];

afterAll(async () => {
  const socket = resolveSocket(tmuxData);
  await exec('tmux', [socket.flag, socket.value, 'kill-server']).catch(() => {
    // The server may already be gone; nothing to clean up then.
  });
  rmSync(root, { recursive: true, force: true });
});

describe.each(runtimes)('%s runtime: pushed exit events (contract)', (name, runtime) => {
  const spawned: RuntimeHandle[] = [];
  let log: ReturnType<typeof eventLog>;

  async function spawn(sessionId: string, command: string[]): Promise<RuntimeHandle> {
    const handle = await runtime.spawn({ sessionId, cwd: work, command, env: {}, cols: 100, rows: 30 });
    spawned.push(handle);
    return handle;
  }
  const stateOf = async (h: RuntimeHandle) => (await runtime.stateMany([h])).get(h.id);

  beforeAll(async () => {
    log = eventLog(runtime);
    // tmux: the first `resync` says the control client is attached and following the server.
    if (name === 'tmux') await waitFor(() => log.count('resync') > 0, 'the watch to start');
  });

  afterEach(async () => {
    await Promise.all(spawned.splice(0).map((h) => runtime.kill(h)));
  });

  afterAll(async () => {
    log.stop();
    await runtime.close?.();
  });

  it(`reports a SIGKILLed program as exited with the signal (latency over ${KILLS} kills printed)`, async () => {
    const latencies: number[] = [];
    for (let i = 1; i <= KILLS; i++) {
      const h = await spawn(`${name}k-${i}`, ['sleep', '600']);
      const pid = await waitFor(() => runtime.pid(h), 'the pid');
      const killedAt = performance.now();
      process.kill(pid, 'SIGKILL');
      const got = await waitFor(() => log.exited(h.id), `the exited event of ${h.id}`);
      latencies.push(got.at - killedAt);
      expect(got.event).toEqual({ type: 'exited', id: h.id, exitCode: null, signal: 'SIGKILL' });
      expect(await stateOf(h)).toEqual({ state: 'exited', exitCode: null, signal: 'SIGKILL' });
      await runtime.kill(h);
    }
    const ms = (p: number) => percentile(latencies, p).toFixed(1);
    console.log(
      `${name} runtime: SIGKILL -> exited event over ${KILLS} kills: p50 ${ms(50)} ms, p95 ${ms(95)} ms, ` +
        `max ${ms(100)} ms`,
    );
  });

  it('reports an exit code, keeps the last screen readable, and stateMany agrees', async () => {
    // The pause before exit: tmux may drop output a program writes in the same instant it exits.
    const h = await spawn(`${name}x-1`, ['sh', '-c', 'echo LAST-WORDS-3; sleep 0.3; exit 3']);
    const got = await waitFor(() => log.exited(h.id), 'the exited event');
    expect(got.event).toEqual({ type: 'exited', id: h.id, exitCode: 3, signal: null });
    expect(await runtime.capture(h, 100)).toContain('LAST-WORDS-3');
    expect(await stateOf(h)).toEqual({ state: 'exited', exitCode: 3, signal: null });
    expect(await stateOf({ runtime: name, id: `${name}x-99` })).toEqual({ state: 'gone' });
  });

  it('reports a program that ends at once', async () => {
    const h = await spawn(`${name}q-1`, ['sh', '-c', 'exit 7']);
    const got = await waitFor(() => log.exited(h.id), 'the exited event');
    expect(got.event).toEqual({ type: 'exited', id: h.id, exitCode: 7, signal: null });
  });

  it("does not report the runtime's own kill as an event", async () => {
    const killed = await spawn(`${name}s-1`, ['sleep', '600']);
    await waitFor(() => runtime.pid(killed), 'the program to run');
    await runtime.kill(killed);
    // Events come in order: once a later session's exit is reported, anything about the killed one would be too.
    const later = await spawn(`${name}s-2`, ['sh', '-c', 'exit 0']);
    await waitFor(() => log.exited(later.id), 'the later session to be reported');
    expect(log.about(killed.id)).toEqual([]);
    expect(await stateOf(killed)).toEqual({ state: 'gone' });
  });
});
