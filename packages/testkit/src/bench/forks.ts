import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, waitFor } from '../wait';

/**
 * Counts the processes a daemon starts over a window, with `strace -f -e trace=clone,clone3,fork,vfork,execve` attached
 * to it (all its threads): a clone without CLONE_THREAD by one of the daemon's own threads is a child process; the
 * program each child then executes names it. strace slows the traced process, so this window is separate from any
 * CPU window. Returns null when strace is missing or cannot attach.
 */
export async function countChildProcesses(
  pid: number,
  seconds: number,
): Promise<{
  seconds: number;
  started: number;
  perSecond: number;
  byProgram: Record<string, number>;
} | null> {
  const out = join(tmpdir(), `ao-strace-${pid}-${Date.now()}.txt`);
  const tracer = spawn(
    'strace',
    ['-f', '-qq', '-e', 'trace=clone,clone3,fork,vfork,execve', '-o', out, '-p', String(pid)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  tracer.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const failed = new Promise<null>((resolve) => tracer.once('error', () => resolve(null)));
  const attached = await Promise.race([
    waitFor(
      () => {
        if (tracer.exitCode !== null) throw new Error(stderr);
        try {
          return readFileSync(`/proc/${pid}/status`, 'utf8').match(/^TracerPid:\s+(\d+)/m)?.[1] !== '0';
        } catch {
          return false;
        }
      },
      'strace to attach',
      10_000,
      20,
    ).then(
      () => true,
      () => false,
    ),
    failed,
  ]);
  if (!attached) {
    tracer.kill('SIGKILL');
    return null;
  }
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  tracer.kill('SIGINT');
  await new Promise((resolve) => (tracer.exitCode !== null ? resolve(null) : tracer.once('exit', resolve)));
  const text = readFileSync(out, 'utf8');
  rmSync(out, { force: true });
  const parsed = parseTrace(text, ownThreads(pid));
  return {
    seconds: Math.round(elapsed * 100) / 100,
    started: parsed.started,
    perSecond: Math.round((parsed.started / elapsed) * 100) / 100,
    byProgram: parsed.byProgram,
  };
}

/** The thread ids of a process now (its threads are the daemon: their clones without CLONE_THREAD are its children). */
function ownThreads(pid: number): Set<number> {
  try {
    return new Set(readdirSync(`/proc/${pid}/task`).map(Number));
  } catch {
    return new Set([pid]);
  }
}

/** Children of the threads in `tids`, by the first program each executed ("(no exec)" when it did not). */
export function parseTrace(
  text: string,
  tids: Set<number>,
): { started: number; byProgram: Record<string, number> } {
  const children = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^(\d+)\s+(clone3?|fork|vfork|execve)\((.*)\)\s+=\s+(-?\d+)/.exec(line);
    if (!m) continue;
    const [, who, call, args = '', result] = m;
    const caller = Number(who);
    if (call === 'execve') {
      if (children.get(caller) === '(no exec)') children.set(caller, /^"([^"]*)"/.exec(args)?.[1] ?? '?');
      continue;
    }
    if (!tids.has(caller) || args.includes('CLONE_THREAD') || Number(result) <= 0) continue;
    children.set(Number(result), '(no exec)');
  }
  const byProgram: Record<string, number> = {};
  for (const program of children.values()) {
    const name = program.split('/').pop() ?? program;
    byProgram[name] = (byProgram[name] ?? 0) + 1;
  }
  return { started: children.size, byProgram };
}
