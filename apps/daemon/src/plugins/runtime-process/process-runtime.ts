import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sessionIdSchema } from '@ao/shared/ids';
import type { Logger, Runtime, RuntimeEvent, RuntimeHandle, RuntimeState } from '@ao/shared/plugin';
import { keyBytes } from './keys';
import { PtySession } from './pty-session';

export interface ProcessRuntimeOptions {
  logger: Logger;
  killGraceMs: number;
  replayChars: number;
  scrollback: number;
  defaultCols: number;
  defaultRows: number;
  /** Environment the sessions inherit (before their own `env`). */
  baseEnv: NodeJS.ProcessEnv;
}

function checkSize(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`invalid terminal size ${n}`);
  return n;
}

function mergeEnv(base: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

/**
 * Sessions as ptys held by the daemon (node-pty). Nothing survives a daemon restart: afterwards nothing is alive and
 * the daemon marks those sessions lost. An exited session keeps its entry (and last screen) until `kill`.
 * Exits are pushed to watchers from node-pty's exit event; `kill` (and `close`) forget a session before stopping it,
 * so the daemon hears nothing of an exit it caused.
 */
export function createProcessRuntime(opts: ProcessRuntimeOptions): Runtime {
  const sessions = new Map<string, PtySession>();
  const listeners = new Set<(event: RuntimeEvent) => void>();

  function reportExit(id: string, session: PtySession): void {
    if (sessions.get(id) !== session || session.exit === null) return;
    const event: RuntimeEvent = { type: 'exited', id, ...session.exit };
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        opts.logger.warn({ err: String(err), session: id }, 'runtime event listener failed');
      }
    }
  }

  function get(handle: RuntimeHandle): PtySession {
    const session = sessions.get(handle.id);
    if (!session) throw new Error(`process runtime: no session ${JSON.stringify(handle.id)}`);
    return session;
  }

  return {
    async spawn(spawnOpts) {
      const id = sessionIdSchema.parse(spawnOpts.sessionId);
      if (sessions.has(id)) throw new Error(`process runtime: session ${id} already exists`);
      const info = await stat(spawnOpts.cwd).catch((err: NodeJS.ErrnoException) => {
        throw new Error(`spawn: cwd ${spawnOpts.cwd} is not accessible: ${err.code ?? err.message}`);
      });
      if (!info.isDirectory()) throw new Error(`spawn: cwd ${spawnOpts.cwd} is not a directory`);
      if (spawnOpts.logPath !== undefined) await mkdir(dirname(spawnOpts.logPath), { recursive: true });
      const session = new PtySession({
        id,
        command: spawnOpts.command,
        cwd: spawnOpts.cwd,
        env: mergeEnv(opts.baseEnv, spawnOpts.env),
        cols: checkSize(spawnOpts.cols ?? opts.defaultCols),
        rows: checkSize(spawnOpts.rows ?? opts.defaultRows),
        ...(spawnOpts.logPath === undefined ? {} : { logPath: spawnOpts.logPath }),
        replayChars: opts.replayChars,
        scrollback: opts.scrollback,
        logger: opts.logger,
      });
      sessions.set(id, session);
      session.onExit(() => reportExit(id, session));
      return { runtime: 'process', id };
    },

    async stateMany(handles) {
      return new Map(
        handles.map((h): [string, RuntimeState] => {
          const session = sessions.get(h.id);
          if (session === undefined) return [h.id, { state: 'gone' }];
          return [h.id, session.exit === null ? { state: 'alive' } : { state: 'exited', ...session.exit }];
        }),
      );
    },

    watch(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async lastOutputMany(handles) {
      return new Map(
        handles.flatMap((h) => {
          const at = sessions.get(h.id)?.lastOutputAt;
          return at === undefined ? [] : [[h.id, at] as const];
        }),
      );
    },

    async listOwned() {
      return [...sessions.keys()];
    },

    async sendText(handle, text) {
      const session = get(handle);
      if (!session.alive) throw new Error(`process runtime: session ${handle.id} has exited`);
      if (!/[\r\n]/.test(text)) return session.write(text);
      // Like tmux `paste-buffer -p -r`: newlines stay LF (not Enter) and, when the program asked for bracketed
      // paste (agent TUIs do), the text is wrapped in paste markers so it is not submitted early.
      await session.settled();
      const body = text.replace(/\r\n?/g, '\n');
      session.write(session.modes().bracketedPaste ? `\x1b[200~${body}\x1b[201~` : body);
    },

    async sendKeys(handle, keys) {
      const session = get(handle);
      if (!session.alive) throw new Error(`process runtime: session ${handle.id} has exited`);
      await session.settled();
      const modes = session.modes();
      session.write(keys.map((key) => keyBytes(key, modes)).join(''));
    },

    async capture(handle, scrollback = 0) {
      return get(handle).capture(scrollback);
    },

    async kill(handle) {
      const session = sessions.get(handle.id);
      if (!session) return;
      sessions.delete(handle.id);
      await session.kill(opts.killGraceMs);
    },

    async pid(handle) {
      const session = sessions.get(handle.id);
      return session?.alive ? session.pid : null;
    },

    attachCommand() {
      return null;
    },

    async openTerminal(handle, size) {
      const session = get(handle);
      if (session.alive) session.resize(checkSize(size.cols), checkSize(size.rows));
      return session.openViewer();
    },

    async close() {
      listeners.clear();
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((s) => s.kill(opts.killGraceMs)));
    },
  };
}
