import { sessionIdSchema } from '@ao/shared/ids';
import type { Logger, RuntimeState } from '@ao/shared/plugin';
import { signalName } from '../runtime-process/signal-name';

export interface PaneInfo {
  session: string;
  /** PID of the tmux server holding the pane. */
  serverPid: number | null;
  /** tmux's `pane_dead`: the pane's pty is closed (its program ended). */
  dead: boolean;
  /** Exit status of a dead pane; null while tmux has not reaped the program, or when a signal ended it. */
  exitCode: number | null;
  /** Signal that ended a dead pane's program (`SIGKILL`), or null. */
  signal: string | null;
  pid: number | null;
  /** Last output in the window, epoch seconds (tmux's `window_activity`). */
  activity: number;
}

/**
 * One line per pane, fields separated by spaces, the session name last (it is the only field that may contain spaces,
 * in sessions that are not ao's). Only fixed text: this format is also sent over the control client's stdin.
 */
export const PANE_FORMAT =
  '#{pid} #{pane_dead} #{pane_dead_status} #{pane_dead_signal} #{pane_pid} #{window_activity} #{session_name}';

function int(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9]+$/.test(text)) return null;
  return Number.parseInt(text, 10);
}

export function parsePanes(lines: readonly string[]): PaneInfo[] {
  return lines
    .filter((line) => line !== '')
    .map((line) => {
      const [server, dead = '', status, signal = '', pid, activity, ...name] = line.split(' ');
      const pidNumber = int(pid);
      const serverPid = int(server);
      return {
        session: name.join(' '),
        serverPid: serverPid !== null && serverPid > 1 ? serverPid : null,
        dead: dead === '1',
        exitCode: int(status),
        signal: signalName(signal),
        pid: pidNumber !== null && pidNumber > 1 ? pidNumber : null,
        activity: int(activity) ?? 0,
      };
    });
}

export interface SessionView {
  state: RuntimeState;
  /** Dead, but tmux has not reaped the program yet (no exit status or signal known). */
  statusPending: boolean;
}

/**
 * The state of each ao session (names that are session ids; the control holder and foreign sessions are left out):
 * alive while any of its panes runs, else exited with the status of its first pane.
 */
export function sessionViews(panes: readonly PaneInfo[]): Map<string, SessionView> {
  const views = new Map<string, SessionView>();
  for (const pane of panes) {
    if (!sessionIdSchema.safeParse(pane.session).success) continue;
    const view = views.get(pane.session);
    if (view?.state.state === 'alive') continue;
    if (!pane.dead) {
      views.set(pane.session, { state: { state: 'alive' }, statusPending: false });
    } else if (view === undefined) {
      views.set(pane.session, {
        state: { state: 'exited', exitCode: pane.exitCode, signal: pane.signal },
        statusPending: statusPending(pane),
      });
    }
  }
  return views;
}

/** Dead, but not reaped by tmux yet: neither an exit status nor a signal is known. */
export function statusPending(pane: PaneInfo): boolean {
  return pane.dead && pane.exitCode === null && pane.signal === null;
}

/**
 * Makes a tmux server look for ended children. Debian's tmux 3.3a (built with libutempter) can lose a pane's
 * SIGCHLD: the program is then not reaped, its exit status unknown and pane-died never runs, until the server gets
 * another SIGCHLD (fixed in tmux 3.6, issue #4559). A SIGCHLD from us is harmless: tmux just calls waitpid.
 */
export function nudgeServer(pid: number | null, logger: Logger): void {
  if (pid === null) return;
  try {
    process.kill(pid, 'SIGCHLD');
  } catch (err) {
    // ESRCH: the server is gone, which the next query or the control client's exit shows.
    logger.debug({ err: String(err), pid }, 'tmux server not signalled');
  }
}
