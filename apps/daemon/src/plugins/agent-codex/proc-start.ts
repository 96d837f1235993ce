import { readFile } from 'node:fs/promises';

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ, 100 on every Linux ao runs on). */
const USER_HZ = 100;

/**
 * Epoch ms at which process `pid` started, from `/proc/<pid>/stat` (field 22, ticks since boot) measured against
 * `/proc/uptime`, so it is on the same clock as `Date.now()` to ~10 ms. Null when unknown (no pid, not Linux, gone).
 */
export async function processStartedAt(
  pid: number | null,
  now: () => number = Date.now,
): Promise<number | null> {
  if (pid === null || !Number.isInteger(pid) || pid <= 0) return null;
  let stat: string;
  let uptime: string;
  try {
    [stat, uptime] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile('/proc/uptime', 'utf8'),
    ]);
  } catch (err) {
    // No /proc (macOS) or the process is gone: the caller decides without it.
    if (['ENOENT', 'ESRCH', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '')) return null;
    throw err;
  }
  // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[22 - 3]);
  const upSeconds = Number(uptime.split(' ')[0]);
  if (!Number.isFinite(startTicks) || !Number.isFinite(upSeconds)) return null;
  return Math.round(now() - (upSeconds - startTicks / USER_HZ) * 1000);
}
