import { mkdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import type {
  Logger,
  Runtime,
  RuntimeHandle,
  RuntimeSpawnOptions,
  RuntimeState,
  TerminalStream,
} from '@ao/shared/plugin';
import * as pty from 'node-pty';
import { killProcessGroup } from '../runtime-process/kill-group';
import { createPaneWatcher, HOLDER } from './pane-watcher';
import { nudgeServer, PANE_FORMAT, type PaneInfo, parsePanes, sessionViews, statusPending } from './panes';
import { checkSize, ptyStream } from './pty-stream';
import { sendKeys, sendText } from './send-text';
import {
  checkName,
  commandArgv,
  envArgs,
  escapeFormat,
  paneTarget,
  sessionTarget,
  shellQuote,
} from './tmux-args';
import { isGone, isNoServer, onLiveServer, type TmuxClient, type TmuxCommand } from './tmux-client';

export interface TmuxRuntimeOptions {
  client: TmuxClient;
  logger: Logger;
  historyLimit: number;
  killGraceMs: number;
  /** Timeout of a command sent over the control client. */
  timeoutMs: number;
  defaultCols: number;
  defaultRows: number;
}

/**
 * Server-wide options, sent with every `new-session` in the same tmux call (so they hold on a fresh server before the
 * first pane exists): dead panes stay (last screen readable, liveness = `pane_dead`), bounded history, the window
 * follows the latest attached client, a short escape-time so Escape reaches agent TUIs promptly, and no status bar
 * (the web terminal and `ao attach` show the agent's screen only).
 * `exit-empty off`: with it on, killing the last session stops the server, and a spawn racing that shutdown fails with
 * "server exited unexpectedly". An idle tmux server costs little; it goes with `kill-server` or a reboot.
 */
function serverOptions(historyLimit: number): TmuxCommand[] {
  return [
    ['set-option', '-s', 'exit-empty', 'off'],
    ['set-option', '-g', 'history-limit', String(historyLimit)],
    ['set-option', '-g', 'window-size', 'latest'],
    ['set-option', '-gw', 'remain-on-exit', 'on'],
    // No "Pane is dead" line under a dead pane: its last screen is what the agent printed (ao says the rest).
    ['set-option', '-gw', 'remain-on-exit-format', ''],
    ['set-option', '-s', 'escape-time', '10'],
    ['set-option', '-g', 'status', 'off'],
  ];
}

/** Log path for `pipe-pane` (a shell command): absolute, no control characters, then shell- and format-quoted. */
function pipeCommand(logPath: string): string {
  if (!isAbsolute(logPath) || /[\u0000-\u001f\u007f]/.test(logPath)) {
    throw new Error(
      `spawn: log path must be absolute without control characters: ${JSON.stringify(logPath)}`,
    );
  }
  return escapeFormat(`exec cat >> ${shellQuote(logPath)}`);
}

async function checkDirectory(cwd: string): Promise<void> {
  const info = await stat(cwd).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`spawn: cwd ${cwd} is not accessible: ${err.code ?? err.message}`);
  });
  if (!info.isDirectory()) throw new Error(`spawn: cwd ${cwd} is not a directory`);
}

/** The environment for a tmux client the daemon starts: never nested in a tmux the daemon itself may run in. */
function clientEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'TMUX' && key !== 'TMUX_PANE') env[key] = value;
  }
  return env;
}

export function createTmuxRuntime(opts: TmuxRuntimeOptions): Runtime {
  const { client, logger } = opts;
  const terminals = new Set<TerminalStream>();

  const watcher = createPaneWatcher({
    tmuxPath: client.tmuxPath,
    socket: client.socket,
    timeoutMs: opts.timeoutMs,
    logger,
    serverOptions: serverOptions(opts.historyLimit),
    env: clientEnv(),
  });

  // One server-wide `list-panes -a` answers state and last output for every session. Through the control client when
  // it is attached (no process at all); otherwise one tmux call, shared by callers within ~0.75 s. Spawning or
  // killing a session makes the next call ask again.
  let shared: { at: number; panes: Promise<PaneInfo[]> } | null = null;
  const SHARED_MS = 750;
  async function allPanes(): Promise<PaneInfo[]> {
    const viaControl = watcher.queryPanes();
    if (viaControl !== null) {
      try {
        return await viaControl;
      } catch (err) {
        // The control client went away mid-query (its loss is reported as resync): ask tmux directly.
        logger.debug({ err: String(err) }, 'pane query through the control client failed');
      }
    }
    if (shared && Date.now() - shared.at < SHARED_MS) return shared.panes;
    const entry = { at: Date.now(), panes: panes(['-a']) };
    entry.panes.catch(() => {
      if (shared === entry) shared = null; // a failed query is not shared
    });
    shared = entry;
    return entry.panes;
  }
  let pidList: Promise<PaneInfo[]> | null = null;
  const forgetPanes = () => {
    shared = null;
  };

  async function panes(args: readonly string[]): Promise<PaneInfo[]> {
    try {
      const out = await client.run([['list-panes', ...args, '-F', PANE_FORMAT]]);
      return parsePanes(out.split('\n'));
    } catch (err) {
      // A server with no session left answers `list-panes -a` with "no current target".
      if (isNoServer(err) || (args.includes('-a') && isGone(err))) return [];
      throw err;
    }
  }

  /**
   * The panes of one session, or [] when it (or the server) does not exist. The target must be `=name:`: with a bare
   * `=name`, `list-panes -s` falls back to another session when `name` does not exist.
   */
  async function sessionPanes(name: string): Promise<PaneInfo[]> {
    try {
      return await panes(['-s', '-t', paneTarget(name)]);
    } catch (err) {
      if (isGone(err)) return [];
      throw err;
    }
  }

  /** Stops the program's whole process group, then removes the session; a missing session is no error. */
  async function killSession(name: string): Promise<void> {
    const panesOfSession = await sessionPanes(name);
    // A dead pane's group may still hold helpers the agent left behind (Codex's app-server): signal it anyway.
    await Promise.all(
      panesOfSession.map((p) =>
        p.pid === null ? undefined : killProcessGroup(p.pid, opts.killGraceMs, !p.dead),
      ),
    );
    try {
      await client.run([['kill-session', '-t', sessionTarget(name)]]);
    } catch (err) {
      if (!isGone(err)) throw err;
    }
    forgetPanes();
    logger.debug({ session: name, pids: panesOfSession.map((p) => p.pid) }, 'tmux session killed');
  }

  const runtime: Runtime = {
    async spawn(spawnOpts: RuntimeSpawnOptions): Promise<RuntimeHandle> {
      forgetPanes();
      const name = checkName(spawnOpts.sessionId);
      await checkDirectory(spawnOpts.cwd);
      const cols = checkSize(spawnOpts.cols ?? opts.defaultCols);
      const rows = checkSize(spawnOpts.rows ?? opts.defaultRows);
      const commands: TmuxCommand[] = [
        ...serverOptions(opts.historyLimit),
        [
          'new-session',
          ...['-d', '-s', name, '-x', String(cols), '-y', String(rows)],
          ...['-c', escapeFormat(spawnOpts.cwd)],
          ...envArgs(spawnOpts.env),
          '--',
          ...commandArgv(spawnOpts.command),
        ],
      ];
      if (spawnOpts.logPath !== undefined) {
        const pipe = pipeCommand(spawnOpts.logPath);
        await mkdir(dirname(spawnOpts.logPath), { recursive: true });
        commands.push(['pipe-pane', '-o', '-t', paneTarget(name), pipe]);
      }
      await onLiveServer(() => client.run(commands));
      forgetPanes();
      await watcher.spawned(name);
      logger.debug({ session: name, socket: client.socket.value }, 'tmux session started');
      return { runtime: 'tmux', id: name };
    },

    async stateMany(handles) {
      const panes = handles.length > 0 ? await allPanes() : [];
      // A dead pane tmux has not reaped yet has no exit status: make it reap, so that the next query has one.
      const pending = panes.find(statusPending);
      if (pending) nudgeServer(pending.serverPid, logger);
      const views = sessionViews(panes);
      return new Map(
        handles.map((h): [string, RuntimeState] => [h.id, views.get(h.id)?.state ?? { state: 'gone' }]),
      );
    },

    watch: (listener) => watcher.watch(listener),

    async lastOutputMany(handles) {
      const latest = new Map<string, number>();
      if (handles.length > 0) {
        for (const pane of await allPanes()) {
          latest.set(pane.session, Math.max(latest.get(pane.session) ?? 0, pane.activity * 1000));
        }
      }
      return new Map(
        handles.flatMap((h) => (latest.has(h.id) ? [[h.id, latest.get(h.id) ?? 0] as const] : [])),
      );
    },

    async listOwned() {
      try {
        const out = await client.run([['list-sessions', '-F', '#{session_name}']]);
        // The control client's holder session is tmux plumbing, never an ao session.
        return out.split('\n').filter((line) => line !== '' && line !== HOLDER);
      } catch (err) {
        if (isNoServer(err)) return [];
        throw err;
      }
    },

    sendText: (handle, text) => sendText(client, handle.id, text),
    sendKeys: (handle, keys) => sendKeys(client, handle.id, keys),

    async capture(handle, scrollback = 0) {
      const args = ['capture-pane', '-p', '-J', '-t', paneTarget(handle.id)];
      if (scrollback > 0) args.push('-S', `-${Math.floor(scrollback)}`);
      return client.run([args]);
    },

    async kill(handle) {
      forgetPanes();
      const name = checkName(handle.id);
      // The daemon knows it is stopping this session: its exit and removal are not reported as events.
      watcher.killing(name);
      try {
        await killSession(name);
        watcher.killed(name, true);
      } catch (err) {
        watcher.killed(name, false);
        throw err;
      }
    },

    async pid(handle) {
      const name = checkName(handle.id);
      // At recovery every session's watcher asks at once (hundreds): one shared pane list answers them all, through
      // the control client (no process). A session it does not show (spawned while it ran) is asked about alone.
      pidList ??= allPanes().finally(() => {
        pidList = null;
      });
      const listed = (await pidList.catch(() => [] as PaneInfo[])).find((p) => p.session === name);
      const first = listed ?? (await sessionPanes(name))[0];
      return first && !first.dead ? first.pid : null;
    },

    attachCommand(handle) {
      return [
        client.tmuxPath,
        client.socket.flag,
        client.socket.value,
        'attach-session',
        '-t',
        sessionTarget(handle.id),
      ];
    },

    async openTerminal(handle, size) {
      await client.run([['has-session', '-t', sessionTarget(handle.id)]]);
      const [file, ...args] = runtime.attachCommand(handle) ?? [];
      const proc = pty.spawn(file ?? client.tmuxPath, args, {
        name: 'xterm-256color',
        cols: checkSize(size.cols),
        rows: checkSize(size.rows),
        env: clientEnv(),
      });
      const stream = ptyStream(proc, () => terminals.delete(stream));
      terminals.add(stream);
      return stream;
    },

    async close() {
      for (const stream of [...terminals]) stream.close();
      await watcher.close();
    },
  };
  return runtime;
}
