import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Readers for /proc (Linux): a process's CPU ticks, RSS, start time, children. */

/** Clock ticks per second for /proc/<pid>/stat times (usually 100). */
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Fields of /proc/<pid>/stat after the command name; field n of proc(5) is at index n - 3. */
function statFields(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU time in ticks: the process's own (utime+stime) and its waited-for children's (cutime+cstime); threads. */
export function cpuTicks(pid: number): { self: number; children: number; threads: number } {
  const f = statFields(pid);
  const n = (i: number) => Number(f[i - 3]);
  return { self: n(14) + n(15), children: n(16) + n(17), threads: n(20) };
}

/** Resident set size in KiB (VmRSS) and its peak (VmHWM). */
export function memoryKiB(pid: number): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Seconds since boot at which the process started (resolution 1/CLK_TCK). */
export function startedAtBootSeconds(pid: number): number {
  return Number(statFields(pid)[22 - 3]) / CLK_TCK;
}

/** Seconds since boot now, on the same clock as startedAtBootSeconds (resolution 10 ms). */
export function uptimeSeconds(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}

export function commOf(pid: number): string {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

export const ticksToMs = (ticks: number): number => (ticks * 1000) / CLK_TCK;

/** The process ids of a process's direct children (all its threads'). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}
