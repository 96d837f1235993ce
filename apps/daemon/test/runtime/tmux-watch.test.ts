import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';
import { waitFor } from '@ao/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, runtimeTmux } from '../../src/plugins/runtime-tmux';
import { resolveSocket } from '../../src/plugins/runtime-tmux/socket';
import { shellQuote } from '../../src/plugins/runtime-tmux/tmux-args';
import { exec } from '../../src/util/exec';
import { eventLog, quietLogger } from './helpers';

// tmux-only behaviour of the push-based watch: sessions removed behind ao's back, the server going away, and no
// tmux process at all while nothing happens. Every tmux process the runtime starts (execFile, the control client,
// terminals) goes through a wrapper that appends its arguments to a file.

const root = mkdtempSync(join(tmpdir(), 'ao-tmuxwatch-'));
const dataDir = join(root, 'data');
const work = join(root, 'work');
mkdirSync(dataDir);
mkdirSync(work);
const socket = resolveSocket(dataDir);
const callsFile = join(root, 'tmux-calls.log');
const wrapper = join(root, 'tmux-counting');
writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> ${shellQuote(callsFile)}\nexec tmux "$@"\n`, {
  mode: 0o755,
});
const tmuxCalls = () => (existsSync(callsFile) ? readFileSync(callsFile, 'utf8').split('\n').length - 1 : 0);
const config = configSchema.parse({ tmuxPath: wrapper, killGraceMs: 1_000, timeoutMs: 20_000 });
const runtime: Runtime = runtimeTmux.create(config, { dataDir, logger: quietLogger, exec });
/** tmux run directly by the test, as someone outside ao would (not counted). */
const tmux = (...args: string[]) => exec('tmux', [socket.flag, socket.value, ...args]);
const spawned: RuntimeHandle[] = [];
let log: ReturnType<typeof eventLog>;

async function spawn(sessionId: string, command: string[] = ['sleep', '600']): Promise<RuntimeHandle> {
  const handle = await runtime.spawn({ sessionId, cwd: work, command, env: {} });
  spawned.push(handle);
  return handle;
}

beforeAll(async () => {
  log = eventLog(runtime);
  await waitFor(() => log.count('resync') > 0, 'the control client to attach');
});

afterEach(async () => {
  await Promise.all(spawned.splice(0).map((h) => runtime.kill(h)));
});

afterAll(async () => {
  log.stop();
  await runtime.close?.();
  await tmux('kill-server').catch(() => {
    // Already gone (a test killed it): nothing to clean up.
  });
  rmSync(root, { recursive: true, force: true });
});

describe('runtime-tmux watch', () => {
  it('reports a session removed outside ao as gone', async () => {
    const h = await spawn('outside-1');
    await tmux('kill-session', '-t', '=outside-1');
    await waitFor(() => log.about(h.id).some((e) => e.type === 'gone'), 'the gone event');
    expect(log.about(h.id)).toEqual([{ type: 'gone', id: h.id }]);
    expect((await runtime.stateMany([h])).get(h.id)).toEqual({ state: 'gone' });
  });

  it('keeps its holder session out of listOwned, and no hook error reaches a new pane', async () => {
    await spawn('own-1');
    const sessions = (await tmux('list-sessions', '-F', '#{session_name}')).stdout.split('\n');
    expect(sessions).toContain('ao-control');
    expect(await runtime.listOwned()).toEqual(['own-1']);
    // With the holder gone, the pane-died hook must still not fail: a failing hook command is queued as a config
    // error, which tmux shows over the next new session's pane (in view mode, where typed keys would go astray).
    const resyncs = log.count('resync');
    await tmux('kill-session', '-t', '=ao-control');
    await waitFor(() => log.count('resync') > resyncs, 'the resync after losing the holder');
    await tmux('new-session', '-d', '-s', 'bystander-1', 'true');
    const serverPid = Number((await tmux('display-message', '-p', '#{pid}')).stdout.trim());
    await waitFor(async () => {
      process.kill(serverPid, 'SIGCHLD'); // tmux 3.3a may miss a SIGCHLD (see pane-watcher.ts): make it reap
      const status = await tmux('display-message', '-p', '-t', '=bystander-1:', '#{pane_dead_status}');
      return status.stdout.trim() === '0';
    }, 'the bystander to be reaped (its pane-died hook has run then)');
    const fresh = await spawn('fresh-1', ['bash', '--noprofile', '--norc']);
    const mode = await tmux('display-message', '-p', '-t', '=fresh-1:', '#{pane_in_mode}');
    expect(mode.stdout.trim()).toBe('0');
    expect(log.count('resync')).toBe(resyncs + 2); // lost, then attached again by the spawn
    await runtime.kill(fresh);
    await tmux('kill-session', '-t', '=bystander-1');
  });

  it('says resync when the server goes away, and follows a new server after the next spawn', async () => {
    const before = await spawn('server-1');
    const resyncs = log.count('resync');
    await tmux('kill-server');
    await waitFor(() => log.count('resync') > resyncs, 'the resync after kill-server');
    expect((await runtime.stateMany([before])).get(before.id)).toEqual({ state: 'gone' });
    const after = await spawn('server-2');
    expect(log.count('resync')).toBe(resyncs + 2); // the new control client attached before spawn resolved
    const pid = await waitFor(() => runtime.pid(after), 'the new pid');
    process.kill(pid, 'SIGKILL');
    const got = await waitFor(() => log.exited(after.id), 'the exited event on the new server');
    expect(got.event).toEqual({ type: 'exited', id: after.id, exitCode: null, signal: 'SIGKILL' });
  });

  it('starts no tmux process while nothing happens, and answers queries through the control client', async () => {
    const handles: RuntimeHandle[] = [];
    for (let i = 1; i <= 10; i++) handles.push(await spawn(`idle-${i}`));
    await waitFor(async () => {
      const states = await runtime.stateMany(handles);
      return [...states.values()].every((s) => s.state === 'alive');
    }, 'all sessions to run');
    const before = tmuxCalls();
    const started = Date.now();
    // The observation window is what is measured (like a benchmark's window), not a wait for something.
    while (Date.now() - started < 3_000) {
      const states = await runtime.stateMany(handles);
      expect([...states.values()].filter((s) => s.state === 'alive')).toHaveLength(10);
      expect((await runtime.lastOutputMany?.(handles))?.size).toBe(10);
      await delay(500);
    }
    const during = tmuxCalls() - before;
    console.log(
      `tmux processes started by the runtime over 3 s with 10 idle sessions and the watch on: ${during}`,
    );
    expect(during).toBe(0);
  });

  it("answers every session's pid at once through the control client, not a tmux process each", async () => {
    const handles: RuntimeHandle[] = [];
    for (let i = 1; i <= 20; i++) handles.push(await spawn(`pid-${i}`));
    const before = tmuxCalls();
    const pids = await Promise.all(handles.map((h) => runtime.pid(h)));
    expect(tmuxCalls() - before).toBe(0);
    expect(new Set(pids).size).toBe(20);
    // The pane's process is the one tmux forked: right after a spawn it may not have exec'd `sleep` yet.
    const comm = (pid: number | null) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    for (const pid of pids)
      await waitFor(() => comm(pid) === 'sleep' || undefined, `pid ${pid} running sleep`, 10_000);
    expect(await runtime.pid({ runtime: 'tmux', id: 'pid-99' })).toBeNull();
  });
});
