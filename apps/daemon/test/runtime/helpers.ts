import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { ExecFn, Logger, Runtime, RuntimeEvent } from '@ao/shared/plugin';
import { exec } from '../../src/util/exec';

export const READ_MESSAGES = new URL('./read-messages.mjs', import.meta.url).pathname;

/** Polls `check` until it returns a truthy value or the deadline passes (generous: the machine is shared). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await delay(50);
  }
}

/** The real exec, counting calls by their first argument after the socket flags. */
export function countingExec(): { exec: ExecFn; calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    exec: (file, args, opts) => {
      calls.push([file, ...args]);
      return exec(file, args, opts);
    },
  };
}

export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Messages recorded by read-messages.mjs. */
export function readMessages(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as string);
}

/** True while a process exists and is not a zombie (a zombie is dead, just not reaped yet). */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Hostile text that must arrive literally and execute nothing. */
export function hostileTexts(marker: string): string[] {
  return [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `; touch ${marker}; rm -rf ~`,
    `'"; touch ${marker} #{pid} #(touch ${marker}) \\;`,
    'ends with semicolon;',
    'héllo → 日本語 🎉 ünïcödé',
    `-t =nope ${'x'.repeat(5000)} $(touch ${marker});`,
  ];
}

/** Command names of a process's direct children (Linux /proc). */
export function childCommands(pid: number): string[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  if (children === '') return [];
  return children.split(/\s+/).map((child) => {
    try {
      return readFileSync(`/proc/${child}/comm`, 'utf8').trim();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw err;
    }
  });
}

/** The p-th percentile (0-100) of some numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

/** Records a runtime's events with the time each arrived (performance.now()). */
export function eventLog(runtime: Runtime): {
  events: Array<{ event: RuntimeEvent; at: number }>;
  exited(id: string): { event: RuntimeEvent; at: number } | undefined;
  about(id: string): RuntimeEvent[];
  count(type: RuntimeEvent['type']): number;
  stop(): void;
} {
  const events: Array<{ event: RuntimeEvent; at: number }> = [];
  if (!runtime.watch) throw new Error('this runtime cannot be watched');
  const stop = runtime.watch((event) => events.push({ event, at: performance.now() }));
  return {
    events,
    exited: (id) => events.find(({ event }) => event.type === 'exited' && event.id === id),
    about: (id) => events.map(({ event }) => event).filter((event) => 'id' in event && event.id === id),
    count: (type) => events.filter(({ event }) => event.type === type).length,
    stop,
  };
}
