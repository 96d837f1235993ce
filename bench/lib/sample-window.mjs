// Samples a daemon's CPU, RSS and tmux calls over a time window.

import { CLK_TCK, cpuTicks, memoryKiB } from './proc.mjs';
import { round } from './stats.mjs';
import { countByCommand } from './tmux-counter.mjs';
import { sleep } from './wait.mjs';

const pct = (ticks, seconds) => round((ticks / CLK_TCK / seconds) * 100, 2);

/**
 * Over `seconds`: the daemon's CPU (utime+stime) as % of one core, its waited-for children's CPU (the tmux and git
 * clients it ran), the tmux server's CPU, the daemon's RSS (sampled every second: last and max, plus VmHWM), and the
 * tmux calls it made (total, per second, per command). `serverPid` may be null (no tmux server yet).
 */
export async function sampleWindow({ pid, serverPid, counter, seconds }) {
  const callsBefore = counter ? counter.calls().length : 0;
  const cpu0 = cpuTicks(pid);
  const server0 = serverPid ? cpuTicks(serverPid) : null;
  const t0 = performance.now();
  const rss = [];
  const deadline = t0 + seconds * 1000;
  while (performance.now() < deadline) {
    rss.push(memoryKiB(pid).rss);
    await sleep(Math.min(1000, Math.max(0, deadline - performance.now())));
  }
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = cpuTicks(pid);
  const server1 = serverPid ? cpuTicks(serverPid) : null;
  const mem = memoryKiB(pid);
  const calls = counter ? counter.calls().slice(callsBefore) : [];
  return {
    seconds: round(elapsed, 2),
    counted: Boolean(counter),
    daemonCpuPct: pct(cpu1.self - cpu0.self, elapsed),
    childrenCpuPct: pct(cpu1.children - cpu0.children, elapsed),
    tmuxServerCpuPct: server0 && server1 ? pct(server1.self - server0.self, elapsed) : null,
    threads: cpu1.threads,
    rssMiB: round(mem.rss / 1024),
    rssMaxMiB: round(Math.max(...rss, mem.rss) / 1024),
    peakRssMiB: round(mem.hwm / 1024),
    tmuxCalls: calls.length,
    tmuxCallsPerSec: round(calls.length / elapsed, 2),
    tmuxCallsByCommand: countByCommand(calls),
  };
}

export function formatWindow(label, w) {
  const lines = [
    `${label} (${w.seconds} s window)`,
    `  daemon CPU: ${w.daemonCpuPct} % of one core (utime+stime); its child processes: ${w.childrenCpuPct} %` +
      `; tmux server: ${w.tmuxServerCpuPct ?? 'n/a'} %`,
    `  daemon RSS: ${w.rssMiB} MiB at the end, max ${w.rssMaxMiB} MiB in the window, peak (VmHWM) ${w.peakRssMiB} MiB` +
      `; ${w.threads} threads`,
    w.counted
      ? `  tmux processes started by the daemon: ${w.tmuxCalls} (${w.tmuxCallsPerSec}/s) ${JSON.stringify(w.tmuxCallsByCommand)}`
      : '  tmux processes started by the daemon: not counted (--no-count)',
  ];
  return lines.join('\n');
}
