import { startedAtBootSeconds, uptimeSeconds } from './proc';

/** Maps kernel boot-clock times (/proc/<pid>/stat starttime, /proc/uptime) onto performance.now(). */

/**
 * performance.now() minus the boot clock, in ms, measured at an edge of /proc/uptime's 10 ms steps so the offset is
 * exact to well under a millisecond (both clocks run at the same rate; the machine does not suspend).
 */
export function calibrateBootClock(): number {
  const first = uptimeSeconds();
  const deadline = performance.now() + 2000; // generous: a loaded machine may deschedule this loop
  while (performance.now() < deadline) {
    const now = uptimeSeconds();
    if (now !== first) return performance.now() - now * 1000;
  }
  throw new Error('/proc/uptime did not tick within 2 s');
}

/** When `pid` was forked, as performance.now() ms (the kernel records it in whole clock ticks: -0/+10 ms). */
export function processStartPerfMs(pid: number, offsetMs: number): number {
  return startedAtBootSeconds(pid) * 1000 + offsetMs;
}
