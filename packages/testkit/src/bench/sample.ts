import { sleep } from '../wait';
import { CLK_TCK, cpuTicks, memoryKiB } from './proc';
import { round } from './stats';

/** A process's CPU and memory over a time window. */

const pct = (ticks: number, seconds: number) => round((ticks / CLK_TCK / seconds) * 100, 2);

export interface Window {
  seconds: number;
  /** utime+stime as % of one core. */
  daemonCpuPct: number;
  /** Its waited-for children's CPU (the tmux and git clients it ran) as % of one core. */
  childrenCpuPct: number;
  /** The tmux server's own CPU (null: none given). */
  tmuxServerCpuPct: number | null;
  threads: number;
  rssMiB: number;
  rssMaxMiB: number;
  peakRssMiB: number;
}

/**
 * Over `seconds`: the daemon's CPU (utime+stime) as % of one core, its waited-for children's CPU, the tmux server's
 * CPU (`serverPid` may be null), and the daemon's RSS (sampled every second: last and max, plus VmHWM).
 */
export async function sampleWindow(opts: {
  pid: number;
  serverPid?: number | null;
  seconds: number;
}): Promise<Window> {
  const { pid, serverPid } = opts;
  const cpu0 = cpuTicks(pid);
  const server0 = serverPid ? cpuTicks(serverPid) : null;
  const t0 = performance.now();
  const rss: number[] = [];
  const deadline = t0 + opts.seconds * 1000;
  while (performance.now() < deadline) {
    rss.push(memoryKiB(pid).rss);
    await sleep(Math.min(1000, Math.max(0, deadline - performance.now())));
  }
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = cpuTicks(pid);
  const server1 = serverPid ? cpuTicks(serverPid) : null;
  const mem = memoryKiB(pid);
  return {
    seconds: round(elapsed, 2),
    daemonCpuPct: pct(cpu1.self - cpu0.self, elapsed),
    childrenCpuPct: pct(cpu1.children - cpu0.children, elapsed),
    tmuxServerCpuPct: server0 && server1 ? pct(server1.self - server0.self, elapsed) : null,
    threads: cpu1.threads,
    rssMiB: round(mem.rss / 1024),
    rssMaxMiB: round(Math.max(...rss, mem.rss) / 1024),
    peakRssMiB: round(mem.hwm / 1024),
  };
}

export function formatWindow(label: string, w: Window): string {
  return [
    `${label} (${w.seconds} s window)`,
    `  daemon CPU: ${w.daemonCpuPct} % of one core (utime+stime); its child processes: ${w.childrenCpuPct} %` +
      `; tmux server: ${w.tmuxServerCpuPct ?? 'n/a'} %`,
    `  daemon RSS: ${w.rssMiB} MiB at the end, max ${w.rssMaxMiB} MiB in the window, peak (VmHWM) ${w.peakRssMiB} MiB` +
      `; ${w.threads} threads`,
  ].join('\n');
}
