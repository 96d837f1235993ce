import { readFileSync } from 'node:fs';
import type { ExecFn, Logger, Runtime, RuntimeEvent } from '@ao/shared/plugin';
import { exec } from '../../src/util/exec';

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
