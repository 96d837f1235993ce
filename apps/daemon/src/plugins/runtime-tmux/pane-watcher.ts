import type { Logger, RuntimeEvent } from '@ao/shared/plugin';
import { ControlClient } from './control-client';
import { nudgeServer, PANE_FORMAT, type PaneInfo, parsePanes, type SessionView, sessionViews } from './panes';
import { watchPtys } from './pty-watch';
import type { TmuxSocket } from './socket';
import type { TmuxCommand } from './tmux-client';

/** The control client's session: not an ao session id (those end in `-<number>`), so ao never mistakes it for one. */
export const HOLDER = 'ao-control';
/** Consumes what the hook types and prints nothing itself; only the tty's echo of Enter reaches the client. */
const HOLDER_COMMAND = ['sh', '-c', 'exec cat >/dev/null'];
/**
 * Run by tmux when a pane's program ended (remain-on-exit keeps the pane): presses Enter in the holder, whose echo
 * reaches the control client as `%output`. Commands run by a hook cannot raise notifications themselves (tmux runs
 * them with hooks and notifications off), so a `rename-window` would be silent. Guarded by the holder's existence
 * so it never fails: a failing hook command is queued as a config error and later shown over a new session's pane.
 */
const DIED_HOOK = `if-shell -F "#{S:#{?#{==:#{session_name},${HOLDER}},1,}}" "send-keys -t =${HOLDER}: Enter"`;
const LIST_PANES = `list-panes -a -F '${PANE_FORMAT}'`;
/** How long a dead pane may wait for tmux to reap its program (exit status) before it is reported without one. */
const STATUS_WAIT_MS = 150;

export interface PaneWatcherOptions {
  tmuxPath: string;
  socket: TmuxSocket;
  timeoutMs: number;
  logger: Logger;
  /** Server options (plain words only) the control client sets too, in case it is the one starting the server. */
  serverOptions: readonly TmuxCommand[];
  env: NodeJS.ProcessEnv;
}

/** A tmux command as one control-mode line; only plain words, so nothing in it is parsed as syntax. */
function plainLine(command: TmuxCommand): string {
  for (const word of command) {
    if (word !== '' && !/^[A-Za-z0-9_=:.-]+$/.test(word))
      throw new Error(`not a plain tmux word: ${JSON.stringify(word)}`);
  }
  // An empty word is written as '' (tmux's parser reads it as an empty argument).
  return command.map((w) => (w === '' ? "''" : w)).join(' ');
}

export type PaneWatcher = ReturnType<typeof createPaneWatcher>;

/** Push-based liveness for ao's tmux server; see README.md in this folder. */
export function createPaneWatcher(opts: PaneWatcherOptions) {
  const { logger } = opts;
  const listeners = new Set<(event: RuntimeEvent) => void>();
  /** What the last query showed of each ao session; events are the differences. */
  const known = new Map<string, 'alive' | 'exited'>();
  /** Dead panes still waiting for their exit status, since when (ms). */
  const statusWait = new Map<string, number>();
  /** Sessions `kill` is stopping ('done' once kill-session ran): their exit and removal are not reported. */
  const killing = new Map<string, 'running' | 'done'>();
  let client: ControlClient | null = null;
  let connected = false;
  let connecting: Promise<void> | null = null;
  let serverPid: number | null = null;
  let ptys: { close(): void } | null = null;
  let statusTimer: NodeJS.Timeout | null = null;
  let refreshing: Promise<void> | null = null;
  let again = false;
  /** A notification came while attaching: look once more after the first query. */
  let missed = false;

  function emit(event: RuntimeEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        logger.warn({ err: String(err), event: event.type }, 'runtime event listener failed');
      }
    }
  }

  /** Makes the server reap ended programs it may have missed (see nudgeServer). */
  function nudge(): void {
    if (connected) nudgeServer(serverPid, logger);
  }

  function apply(view: Map<string, SessionView>, silent: boolean): void {
    for (const id of known.keys()) {
      if (view.has(id)) continue;
      known.delete(id);
      statusWait.delete(id);
      if (!silent && !killing.has(id)) emit({ type: 'gone', id });
    }
    for (const [id, state] of killing) if (state === 'done' && !view.has(id)) killing.delete(id);
    const now = Date.now();
    for (const [id, { state, statusPending }] of view) {
      if (state.state === 'alive') {
        known.set(id, 'alive');
        continue;
      }
      if (known.get(id) === 'exited' || state.state !== 'exited') continue;
      const quiet = silent || killing.has(id);
      if (!quiet && statusPending && now - (statusWait.get(id) ?? now) < STATUS_WAIT_MS) {
        if (!statusWait.has(id)) statusWait.set(id, now);
        waitForStatus();
        continue;
      }
      known.set(id, 'exited');
      statusWait.delete(id);
      if (!quiet) emit({ type: 'exited', id, exitCode: state.exitCode, signal: state.signal });
    }
  }

  /** One look again shortly (one-shot, only while a dead pane waits for its status). */
  function waitForStatus(): void {
    if (statusTimer !== null) return;
    statusTimer = setTimeout(() => {
      statusTimer = null;
      nudge();
      void refresh();
    }, STATUS_WAIT_MS);
  }

  /**
   * Queries the panes through the control client and reports changes. Calls during a query coalesce into one more;
   * the promise settles once a query that started after the call has been applied.
   */
  function refresh(): Promise<void> {
    again = true;
    if (refreshing === null) {
      refreshing = (async () => {
        await null; // `refreshing` is set before the loop can end, so no call falls between its end and the reset
        try {
          while (again && connected && client !== null) {
            again = false;
            apply(sessionViews(parsePanes(await client.command(LIST_PANES))), false);
          }
        } catch (err) {
          // The client ended or timed out: its close handler reports the loss (resync).
          logger.debug({ err: String(err) }, 'tmux pane query failed');
        } finally {
          refreshing = null;
        }
      })();
    }
    return refreshing;
  }

  function onNotification(name: string): void {
    // %output can only come from the holder (control mode streams the panes of its own session): the pane-died hook.
    if (!['output', 'sessions-changed', 'window-close', 'unlinked-window-close'].includes(name)) return;
    if (!connected) {
      missed = true;
      return;
    }
    nudge();
    void refresh();
  }

  function onClose(closing: ControlClient, reason: string, intended: () => boolean): void {
    if (client !== closing) return;
    const wasConnected = connected;
    client = null;
    connected = false;
    serverPid = null;
    ptys?.close();
    ptys = null;
    if (statusTimer !== null) clearTimeout(statusTimer);
    statusTimer = null;
    if (intended()) return;
    logger.warn(
      { reason, socket: opts.socket.value },
      'tmux control client lost; reconnecting on the next spawn',
    );
    if (wasConnected) emit({ type: 'resync' });
  }

  async function start(): Promise<void> {
    let stopping = false;
    const control: ControlClient = new ControlClient({
      tmuxPath: opts.tmuxPath,
      socket: opts.socket,
      holder: HOLDER,
      holderCommand: HOLDER_COMMAND,
      timeoutMs: opts.timeoutMs,
      env: opts.env,
      onNotification,
      onClose: (reason) => onClose(control, reason, () => stopping || listeners.size === 0),
    });
    client = control;
    try {
      await control.ready;
      const lines = [
        ...opts.serverOptions.map(plainLine),
        plainLine(['set-option', '-w', '-t', `=${HOLDER}:`, 'remain-on-exit', 'off']),
        plainLine(['set-option', '-t', `=${HOLDER}:`, 'detach-on-destroy', 'on']),
        `set-hook -g pane-died '${DIED_HOOK}'`,
      ];
      await Promise.all(lines.map((line) => control.command(line)));
      missed = false;
      const panes = parsePanes(await control.command(LIST_PANES));
      if (client !== control) return;
      serverPid = panes[0]?.serverPid ?? null; // the holder's pane is listed at least
      known.clear();
      statusWait.clear();
      connected = true;
      apply(sessionViews(panes), true);
      ptys = watchPtys(nudge, logger);
      logger.debug({ socket: opts.socket.value, serverPid }, 'tmux control client attached');
      emit({ type: 'resync' });
      if (missed) void refresh();
    } catch (err) {
      // Stopped while attaching (the last listener left) is no failure worth a warning.
      const log = listeners.size === 0 ? logger.debug : logger.warn;
      log.call(logger, { err: String(err), socket: opts.socket.value }, 'tmux control client did not start');
      stopping = true;
      await control.stop();
    }
  }

  function connect(): Promise<void> {
    if (client !== null || listeners.size === 0) return connecting ?? Promise.resolve();
    connecting = start().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  async function disconnect(): Promise<void> {
    const current = client;
    if (current === null) return;
    await current.stop();
  }

  return {
    watch(listener: (event: RuntimeEvent) => void): () => void {
      listeners.add(listener);
      void connect();
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) void disconnect();
      };
    },

    /** The panes through the control client, or null when it is not connected (the caller runs tmux instead). */
    queryPanes(): Promise<PaneInfo[]> | null {
      if (!connected || client === null) return null;
      return client.command(LIST_PANES).then(parsePanes);
    },

    /** After a new-session: (re)connects when watched and not connected; resolves once the session is followed. */
    async spawned(id: string): Promise<void> {
      killing.delete(id);
      await connect();
      await refresh();
    },

    killing(id: string): void {
      killing.set(id, 'running');
    },

    killed(id: string, ok: boolean): void {
      if (ok) killing.set(id, 'done');
      else killing.delete(id);
    },

    async close(): Promise<void> {
      listeners.clear();
      await disconnect();
    },
  };
}
