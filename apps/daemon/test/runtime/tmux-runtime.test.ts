import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';
import { READ_MESSAGES, readMessages, waitFor } from '@ao/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, runtimeTmux } from '../../src/plugins/runtime-tmux';
import { resolveSocket } from '../../src/plugins/runtime-tmux/socket';
import { exec } from '../../src/util/exec';
import { countingExec, hostileTexts, processRunning, quietLogger } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'ao-tmux-'));
const dataDir = join(root, 'data');
const work = join(root, 'work');
mkdirSync(dataDir);
mkdirSync(work);
const socket = resolveSocket(dataDir);
const counter = countingExec();
const config = configSchema.parse({ killGraceMs: 1_500, timeoutMs: 20_000 });
const runtime: Runtime = runtimeTmux.create(config, { dataDir, logger: quietLogger, exec: counter.exec });
const spawned: RuntimeHandle[] = [];

async function spawn(
  sessionId: string,
  command: string[],
  extra: { env?: Record<string, string>; logPath?: string } = {},
) {
  const handle = await runtime.spawn({
    sessionId,
    cwd: work,
    command,
    env: extra.env ?? {},
    cols: 120,
    rows: 30,
    ...extra,
  });
  spawned.push(handle);
  return handle;
}

const bash = ['bash', '--noprofile', '--norc'];
const alive = async (h: RuntimeHandle) => (await runtime.stateMany([h])).get(h.id)?.state === 'alive';

/** Spawns read-messages.mjs and waits until it is reading. */
async function spawnReader(sessionId: string) {
  const out = join(root, `${sessionId}.jsonl`);
  const handle = await spawn(sessionId, ['node', READ_MESSAGES, out]);
  await waitFor(async () => (await runtime.capture(handle)).includes('READY'), 'reader to start');
  return { handle, messages: () => readMessages(out) };
}

beforeAll(async () => {
  const { stdout } = await exec('tmux', ['-V']);
  expect(stdout).toMatch(/tmux (3\.[2-9]|[4-9])/);
});

afterEach(async () => {
  await Promise.all(spawned.splice(0).map((h) => runtime.kill(h)));
});

afterAll(async () => {
  await runtime.close?.();
  await exec('tmux', [socket.flag, socket.value, 'kill-server']).catch(() => {
    // No server left (the last session was killed and exit-empty stopped it): nothing to clean up.
  });
  rmSync(root, { recursive: true, force: true });
});

describe('runtime-tmux', () => {
  it("uses ao's own socket under the data dir", async () => {
    expect(socket).toEqual({ flag: '-S', value: join(dataDir, 'tmux.sock') });
    const h = await spawn('sock-1', bash);
    expect(existsSync(socket.value)).toBe(true);
    expect(runtime.attachCommand(h)).toEqual(['tmux', '-S', socket.value, 'attach-session', '-t', '=sock-1']);
    expect(await runtime.listOwned()).toContain('sock-1');
  });

  it("draws no status bar in ao's own server", async () => {
    await spawn('status-1', bash);
    const { stdout } = await exec('tmux', [socket.flag, socket.value, 'show-options', '-gv', 'status']);
    expect(stdout.trim()).toBe('off');
  });

  it('runs a command typed with sendText + Enter and shows the result in capture', async () => {
    const h = await spawn('type-1', bash, { env: { AO_GREETING: 'hi-there' } });
    await runtime.sendText(h, 'echo "$AO_GREETING" $((6*7))');
    await runtime.sendKeys(h, ['Enter']);
    await waitFor(async () => (await runtime.capture(h)).includes('hi-there 42'), 'command output');
    const pid = await runtime.pid(h);
    expect(pid).toBeGreaterThan(1);
  });

  it('delivers hostile text literally and executes nothing', async () => {
    const marker = join(root, 'pwned');
    const reader = await spawnReader('hostile-1');
    const texts = hostileTexts(marker);
    for (const text of texts) {
      await runtime.sendText(reader.handle, text);
      await runtime.sendKeys(reader.handle, ['Enter']);
    }
    await waitFor(() => reader.messages().length === texts.length, 'all hostile messages');
    expect(reader.messages()).toEqual(texts);
    expect(existsSync(marker)).toBe(false);
    expect(await alive(reader.handle)).toBe(true);
  });

  it('delivers a multi-line message whole (bracketed paste), not line by line', async () => {
    const reader = await spawnReader('multi-1');
    const text = 'first line\nsecond line; $(not run)\n\n  indented fourth\r\nfifth';
    await runtime.sendText(reader.handle, text);
    await runtime.sendKeys(reader.handle, ['Enter']);
    await waitFor(() => reader.messages().length > 0, 'the pasted message');
    expect(reader.messages()).toEqual(['first line\nsecond line; $(not run)\n\n  indented fourth\nfifth']);
    const buffers = await exec('tmux', [socket.flag, socket.value, 'list-buffers', '-F', '#{buffer_name}']);
    expect(buffers.stdout).not.toContain('ao-multi-1');
  });

  it('targets sessions exactly: x-1 never hits x-10', async () => {
    const ten = await spawn('x-10', bash);
    const one: RuntimeHandle = { runtime: 'tmux', id: 'x-1' };
    await expect(runtime.sendText(one, 'echo wrong-target')).rejects.toThrow();
    await expect(runtime.sendKeys(one, ['Enter'])).rejects.toThrow();
    await expect(runtime.capture(one)).rejects.toThrow();
    await expect(runtime.openTerminal(one, { cols: 80, rows: 24 })).rejects.toThrow();
    expect(await runtime.pid(one)).toBeNull();
    await runtime.kill(one);
    expect(Object.fromEntries(await runtime.stateMany([one, ten]))).toEqual({
      'x-1': { state: 'gone' },
      'x-10': { state: 'alive' },
    });
    expect(await runtime.capture(ten)).not.toContain('wrong-target');
  });

  it('refuses session names that are not ao session ids', async () => {
    for (const bad of ['x', 'a:b-1', 'x-1;kill-server', '=x-1', 'X-1']) {
      await expect(runtime.spawn({ sessionId: bad, cwd: work, command: bash, env: {} })).rejects.toThrow(
        /invalid/,
      );
      await expect(runtime.capture({ runtime: 'tmux', id: bad })).rejects.toThrow(/invalid/);
    }
  });

  it('checks the state of 20 sessions with one tmux call', async () => {
    const handles = [];
    for (let i = 1; i <= 20; i++) handles.push(await spawn(`many-${i}`, ['sleep', '600']));
    const before = counter.calls.length;
    const result = await runtime.stateMany([...handles, { runtime: 'tmux', id: 'many-99' }]);
    expect(counter.calls.length - before).toBe(1);
    expect(counter.calls.at(-1)).toContain('list-panes');
    expect([...result.values()].filter((s) => s.state === 'alive')).toHaveLength(20);
    expect(result.get('many-99')).toEqual({ state: 'gone' });
  });

  it('kills the whole process group, including children that ignore SIGTERM and SIGHUP', async () => {
    const script = 'trap "" TERM HUP; sleep 600 & echo "CHILD=$!"; wait';
    const h = await spawn('kill-1', ['bash', '-c', script]);
    const screen = await waitFor(async () => /CHILD=(\d+)/.exec(await runtime.capture(h)), 'child pid');
    const child = Number(screen[1]);
    expect(processRunning(child)).toBe(true);
    await runtime.kill(h);
    await waitFor(() => !processRunning(child), 'child to be gone');
    expect(await runtime.listOwned()).not.toContain('kill-1');
    await runtime.kill(h); // idempotent
  });

  it('keeps the last screen of an exited program readable, and reports it exited with its code', async () => {
    // The pause before exit: tmux can lose the output of a program that exits within milliseconds of starting.
    const h = await spawn('exit-1', ['sh', '-c', 'echo LAST-WORDS; sleep 0.5; exit 3']);
    await waitFor(async () => (await runtime.capture(h)).includes('LAST-WORDS'), 'the last words');
    await waitFor(async () => !(await alive(h)), 'the program to exit');
    const state = await waitFor(async () => {
      const s = (await runtime.stateMany([h])).get(h.id);
      return s?.state === 'exited' && s.exitCode !== null ? s : null; // the code comes once tmux reaped it
    }, 'the exit code');
    expect(state).toEqual({ state: 'exited', exitCode: 3, signal: null });
    expect(await runtime.capture(h, 100)).toContain('LAST-WORDS');
    expect(await runtime.pid(h)).toBeNull();
    expect(await runtime.listOwned()).toContain('exit-1');
  });

  it('never runs argv, env or cwd through a shell or tmux formats', async () => {
    const marker = join(root, 'argv-pwned');
    const cwd = join(root, "we'ird #{pid} dir");
    mkdirSync(cwd);
    const argv = ['a;', 'kill-server', `$(touch ${marker})`, '#(touch x)', '\\;'];
    const code = 'console.log(JSON.stringify([process.cwd(), process.env.AO_X, ...process.argv.slice(1)]))';
    const h = await runtime.spawn({
      sessionId: 'argv-1',
      cwd,
      command: ['node', '-e', code, ...argv],
      env: { AO_X: `#(touch ${marker}) $HOME;` },
      cols: 400,
      rows: 20,
    });
    spawned.push(h);
    const line = await waitFor(
      async () => (await runtime.capture(h, 100)).split('\n').find((l) => l.startsWith('[')),
      'output',
    );
    expect(JSON.parse(line)).toEqual([cwd, `#(touch ${marker}) $HOME;`, ...argv]);
    expect(existsSync(marker)).toBe(false);
  });

  it('runs a one-word command without a shell', async () => {
    const h = await spawn('oneword-1', ['echo $HOME']);
    await waitFor(async () => !(await alive(h)), 'the command to fail');
    expect(await runtime.capture(h, 100)).not.toContain(process.env.HOME ?? '/root');
  });

  it('appends terminal output to the log path, even with quotes and # in it', async () => {
    const logDir = join(root, "logs 'q' #{pid} $(x)");
    const logPath = join(logDir, 'session.log');
    const h = await spawn('log-1', ['sh', '-c', 'echo logged-line; sleep 600'], { logPath });
    await waitFor(
      () => existsSync(logPath) && readFileSync(logPath, 'utf8').includes('logged-line'),
      'log content',
    );
    expect(await alive(h)).toBe(true);
  });

  it('opens a terminal that shows output and forwards input; closing it detaches only', async () => {
    const h = await spawn('term-1', bash);
    const stream = await runtime.openTerminal(h, { cols: 100, rows: 30 });
    let seen = '';
    stream.onData((chunk) => {
      seen += chunk;
    });
    stream.write('echo term-$((2+3))\r');
    await waitFor(() => seen.includes('term-5'), 'terminal output');
    expect(await runtime.capture(h)).toContain('term-5');
    stream.resize(90, 25);
    const exited = new Promise<void>((resolve) => stream.onExit(resolve));
    stream.close();
    await exited;
    expect(await alive(h)).toBe(true);
    await runtime.sendText(h, 'echo still-here');
    await runtime.sendKeys(h, ['Enter']);
    await waitFor(async () => (await runtime.capture(h)).includes('still-here'), 'session to keep running');
  });

  it('treats a running server without sessions as nothing alive', async () => {
    const h = await spawn('empty-1', ['sleep', '600']);
    await runtime.kill(h);
    await runtime.kill(h);
    expect(await runtime.listOwned()).toEqual([]);
    expect(await runtime.stateMany([h])).toEqual(new Map([['empty-1', { state: 'gone' }]]));
    expect(await runtime.pid(h)).toBeNull();
    await exec('tmux', [socket.flag, socket.value, 'list-sessions']); // the server is still up (exit-empty off)
  });

  it('treats a missing server as nothing alive', async () => {
    const otherDir = mkdtempSync(join(root, 'empty-'));
    const other = runtimeTmux.create(config, { dataDir: otherDir, logger: quietLogger, exec });
    const h: RuntimeHandle = { runtime: 'tmux', id: 'none-1' };
    expect(await other.listOwned()).toEqual([]);
    expect(await other.stateMany([h])).toEqual(new Map([['none-1', { state: 'gone' }]]));
    expect(await other.pid(h)).toBeNull();
    await other.kill(h);
  });
});
