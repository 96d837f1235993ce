import { setTimeout as delay } from 'node:timers/promises';

/** Sends a signal to a process (`target` > 0) or a process group (`target` < 0). False when none exists. */
function send(target: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    // EPERM: it exists but holds a process we may not signal; it still counts as existing.
    if (code === 'EPERM') return true;
    throw err;
  }
}

/**
 * Stops a program and every process in its group: SIGHUP + SIGTERM (an interactive shell ignores SIGTERM but exits
 * on hangup, as when its terminal closes), then SIGKILL for whatever is left after `graceMs`. Resolves once nothing is
 * left or SIGKILL was sent. A process that moved itself to another group (setsid daemons) is out of reach.
 *
 * `leaderAlive`: the caller knows `pid` is still its live child. Then the pid itself is signalled too, which covers a
 * program killed right after spawn, before it became a group leader (setsid). When false (a dead tmux pane), only the
 * group is signalled, never a pid that may have been reused.
 */
export async function killProcessGroup(pid: number, graceMs: number, leaderAlive: boolean): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`refusing to signal process group ${pid}`);
  const signal = (sig: NodeJS.Signals | 0): boolean => {
    const group = send(-pid, sig);
    const leader = leaderAlive && send(pid, sig);
    return group || leader;
  };
  if (!signal('SIGHUP')) return;
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await delay(Math.min(50, Math.max(1, deadline - Date.now())));
    if (!signal(0)) return;
  }
  signal('SIGKILL');
}
