import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';
import { READ_MESSAGES, readMessages, waitFor } from '@ao/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configSchema, runtimeProcess } from '../../src/plugins/runtime-process';
import { exec } from '../../src/util/exec';
import { childCommands, hostileTexts, processRunning, quietLogger } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'ao-proc-'));
const work = join(root, 'work');
mkdirSync(work);
const config = configSchema.parse({ killGraceMs: 1_500, replayChars: 64 * 1024 });
const runtime: Runtime = runtimeProcess.create(config, { dataDir: root, logger: quietLogger, exec });
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

async function spawnReader(sessionId: string) {
  const out = join(root, `${sessionId}.jsonl`);
  const handle = await spawn(sessionId, ['node', READ_MESSAGES, out]);
  await waitFor(async () => (await runtime.capture(handle)).includes('READY'), 'reader to start');
  return { handle, messages: () => readMessages(out) };
}

afterEach(async () => {
  await Promise.all(spawned.splice(0).map((h) => runtime.kill(h)));
});

afterAll(async () => {
  await runtime.close?.();
  rmSync(root, { recursive: true, force: true });
});

describe('runtime-process', () => {
  it('runs typed commands and captures the screen; logs output', async () => {
    const logPath = join(root, 'logs', 'type-1.log');
    const h = await spawn('type-1', bash, { env: { AO_GREETING: 'hi-there' }, logPath });
    await runtime.sendText(h, 'echo "$AO_GREETING" $((6*7))');
    await runtime.sendKeys(h, ['Enter']);
    await waitFor(async () => (await runtime.capture(h)).includes('hi-there 42'), 'command output');
    await waitFor(() => existsSync(logPath) && readFileSync(logPath, 'utf8').includes('hi-there 42'), 'log');
    expect(await runtime.pid(h)).toBeGreaterThan(1);
    expect(await runtime.listOwned()).toEqual(['type-1']);
    expect(runtime.attachCommand(h)).toBeNull();
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
  });

  it('delivers a multi-line message whole (bracketed paste), not line by line', async () => {
    const reader = await spawnReader('multi-1');
    await runtime.sendText(reader.handle, 'first line\nsecond line\r\n\nfourth');
    await runtime.sendKeys(reader.handle, ['Enter']);
    await waitFor(() => reader.messages().length > 0, 'the pasted message');
    expect(reader.messages()).toEqual(['first line\nsecond line\n\nfourth']);
  });

  it('keeps sessions apart: x-1 never hits x-10', async () => {
    const ten = await spawn('x-10', bash);
    const one: RuntimeHandle = { runtime: 'process', id: 'x-1' };
    await expect(runtime.sendText(one, 'echo wrong')).rejects.toThrow(/no session/);
    await expect(runtime.capture(one)).rejects.toThrow(/no session/);
    await expect(runtime.openTerminal(one, { cols: 80, rows: 24 })).rejects.toThrow(/no session/);
    await runtime.kill(one);
    expect(Object.fromEntries(await runtime.stateMany([one, ten]))).toEqual({
      'x-1': { state: 'gone' },
      'x-10': { state: 'alive' },
    });
    await expect(spawn('x-10', bash)).rejects.toThrow(/already exists/);
    await expect(spawn('bad id', bash)).rejects.toThrow();
  });

  it('kills the whole process group, including children that ignore SIGTERM and SIGHUP; kill is idempotent', async () => {
    const h = await spawn('kill-1', ['bash', '-c', 'trap "" TERM HUP; sleep 600 & echo "CHILD=$!"; wait']);
    const screen = await waitFor(async () => /CHILD=(\d+)/.exec(await runtime.capture(h)), 'child pid');
    const child = Number(screen[1]);
    expect(processRunning(child)).toBe(true);
    await runtime.kill(h);
    await waitFor(() => !processRunning(child), 'child to be gone');
    expect(await runtime.listOwned()).not.toContain('kill-1');
    expect(await alive(h)).toBe(false);
    await runtime.kill(h);
  });

  it('reports an exited program as exited with its code and keeps its last screen', async () => {
    const h = await spawn('exit-1', ['sh', '-c', 'echo LAST-WORDS; exit 3']);
    await waitFor(async () => !(await alive(h)), 'the program to exit');
    expect((await runtime.stateMany([h])).get(h.id)).toEqual({ state: 'exited', exitCode: 3, signal: null });
    expect(await runtime.capture(h, 100)).toContain('LAST-WORDS');
    expect(await runtime.pid(h)).toBeNull();
    await expect(runtime.sendText(h, 'x')).rejects.toThrow(/exited/);
  });

  it('gives each viewer the replay first, then live output; input and exit reach every viewer', async () => {
    const h = await spawn('term-1', bash);
    await runtime.sendText(h, 'echo before-$((1+1))');
    await runtime.sendKeys(h, ['Enter']);
    await waitFor(async () => (await runtime.capture(h)).includes('before-2'), 'early output');
    const a = await runtime.openTerminal(h, { cols: 100, rows: 30 });
    const b = await runtime.openTerminal(h, { cols: 100, rows: 30 });
    const seen = { a: '', b: '' };
    a.onData((chunk) => {
      seen.a += chunk;
    });
    b.onData((chunk) => {
      seen.b += chunk;
    });
    await waitFor(
      () => seen.a.includes('before-2') && seen.b.includes('before-2'),
      'replay for both viewers',
    );
    a.write('echo live-$((2+3))\r');
    await waitFor(() => seen.a.includes('live-5') && seen.b.includes('live-5'), 'live output for both');
    b.close();
    a.write('echo after-close\r');
    await waitFor(() => seen.a.includes('after-close'), 'output after the other viewer closed');
    expect(await alive(h)).toBe(true);
    const exited = new Promise<void>((resolve) => a.onExit(resolve));
    a.write('exit\r');
    await exited;
  });

  it('a paused viewer stalls neither the program nor other viewers, and catches up on resume', async () => {
    const h = await spawn('flow-1', bash);
    const slow = await runtime.openTerminal(h, { cols: 100, rows: 30 });
    const fast = await runtime.openTerminal(h, { cols: 100, rows: 30 });
    let slowSeen = '';
    let fastSeen = '';
    slow.onData((chunk) => {
      slowSeen += chunk;
    });
    fast.onData((chunk) => {
      fastSeen += chunk;
    });
    slow.pause();
    const before = slowSeen.length;
    // ~1.6 MB of output: more than a paused viewer may queue (1 MiB).
    await runtime.sendText(
      h,
      "for i in $(seq 1 20000); do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done; echo 'DONE'-$((40+2))",
    );
    await runtime.sendKeys(h, ['Enter']);
    await waitFor(() => fastSeen.includes('DONE-42'), 'the fast viewer to see everything', 60_000);
    expect(slowSeen.length).toBe(before);
    slow.resume();
    await waitFor(() => slowSeen.includes('DONE-42'), 'the slow viewer to catch up');
    expect(slowSeen).toContain('\x1bc');
    expect(slowSeen.length).toBeLessThan(fastSeen.length);
  });

  it('sends named keys (C-c interrupts)', async () => {
    const h = await spawn('keys-1', bash);
    await runtime.sendText(h, 'sleep 600; echo after-sleep');
    await runtime.sendKeys(h, ['Enter']);
    const pid = await runtime.pid(h);
    await waitFor(() => childCommands(pid ?? 0).includes('sleep'), 'sleep to start');
    await runtime.sendKeys(h, ['C-c']);
    await runtime.sendText(h, 'echo interrupted-$((3+4))');
    await runtime.sendKeys(h, ['Enter']);
    await waitFor(async () => (await runtime.capture(h)).includes('interrupted-7'), 'prompt after C-c');
    const lines = (await runtime.capture(h)).split('\n').map((line) => line.trim());
    expect(lines).not.toContain('after-sleep');
    await expect(runtime.sendKeys(h, ['NotAKey'])).rejects.toThrow(/invalid key/);
  });

  it('close() stops every session it holds', async () => {
    const other = runtimeProcess.create(config, { dataDir: root, logger: quietLogger, exec });
    const h = await other.spawn({ sessionId: 'close-1', cwd: work, command: ['sleep', '600'], env: {} });
    const pid = await other.pid(h);
    expect(pid).toBeGreaterThan(1);
    await other.close?.();
    await waitFor(() => !processRunning(pid ?? 0), 'the process to stop');
    expect(await other.listOwned()).toEqual([]);
  });
});
