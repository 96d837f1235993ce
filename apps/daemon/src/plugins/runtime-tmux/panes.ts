import { sessionIdSchema } from '@ao/shared/ids';
import type { RuntimeState } from '@ao/shared/plugin';
import { signalName } from '../runtime-process/signal-name';

export interface PaneInfo {
  session: string;
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
  '#{pane_dead} #{pane_dead_status} #{pane_dead_signal} #{pane_pid} #{window_activity} #{session_name}';

function int(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9]+$/.test(text)) return null;
  return Number.parseInt(text, 10);
}

export function parsePanes(lines: readonly string[]): PaneInfo[] {
  return lines
    .filter((line) => line !== '')
    .map((line) => {
      const [dead = '', status, signal = '', pid, activity, ...name] = line.split(' ');
      const pidNumber = int(pid);
      return {
        session: name.join(' '),
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
        statusPending: pane.exitCode === null && pane.signal === null,
      });
    }
  }
  return views;
}
