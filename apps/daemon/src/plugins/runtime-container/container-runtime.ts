import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sessionIdSchema } from '@ao/shared/ids';
import type {
  HookListeners,
  Logger,
  Runtime,
  RuntimeEvent,
  RuntimeHandle,
  RuntimeState,
} from '@ao/shared/plugin';
import { keyBytes } from '../runtime-process/keys';
import { aoOnlyAccess } from './ao-only-network';
import { attachCommandFor } from './attach-command';
import type { ContainerConfig } from './config';
import { callbackUrl, containerSpec } from './container-spec';
import { ContainerTtys } from './container-ttys';
import { connectEngine, type Engine, resolveSocket } from './engine';
import { followEngineEvents } from './engine-events';
import { stateOf } from './engine-state';
import { hostPid } from './host-pid';
import { containerName, homeLabel, LABEL_HOME, LABEL_SESSION } from './labels';

export interface ContainerRuntimeOptions extends ContainerConfig {
  dataDir: string;
  logger: Logger;
  hostEnv: NodeJS.ProcessEnv;
  hookListeners?: HookListeners;
}

function checkSize(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`invalid terminal size ${n}`);
  return n;
}

const isStatus = (err: unknown, ...codes: number[]) =>
  codes.includes((err as { statusCode?: number }).statusCode ?? 0);

/**
 * Sessions in containers through the Docker Engine API (Docker, or Podman's `podman system service`). One container
 * per session, labelled `ao.session`/`ao.project`/`ao.home`; the labels find them again after a daemon restart.
 * Liveness is the engine's event stream; the TTY is one attach stream per session held by the daemon (screen, log,
 * web terminal). Kill stops and removes the container, never the worktree.
 */
export function createContainerRuntime(opts: ContainerRuntimeOptions): Runtime {
  const home = homeLabel(opts.dataDir);
  const socketPath = resolveSocket(opts.socket, opts.hostEnv);
  const { logger } = opts;
  let engine: Promise<Engine> | null = null;
  const getEngine = (): Promise<Engine> => {
    engine ??= connectEngine(socketPath).catch((err: Error) => {
      engine = null;
      throw err;
    });
    return engine;
  };
  let kind: Engine['kind'] | null = null;
  const aoOnly =
    opts.network === 'ao-only'
      ? aoOnlyAccess({
          docker: async () => (await getEngine()).docker,
          home,
          hookListeners: opts.hookListeners,
          egress: Object.fromEntries(opts.egress.map((e) => [e.name, e.url])),
          logger,
        })
      : null;
  const ttys = new ContainerTtys({
    engine: getEngine,
    socketPath,
    home,
    logger,
    defaultCols: opts.defaultCols,
    defaultRows: opts.defaultRows,
    replayChars: opts.replayChars,
    scrollback: opts.scrollback,
  });
  /** Containers the daemon is stopping itself: their die/remove events are not news. */
  const killed = new Set<string>();
  const listeners = new Set<(event: RuntimeEvent) => void>();
  let unfollow: (() => void) | null = null;

  function emit(event: RuntimeEvent, containerId: string): void {
    if (killed.has(containerId)) {
      if (event.type === 'gone') killed.delete(containerId); // removed: nothing more comes from it
      return;
    }
    if (event.type !== 'resync') {
      const current = ttys.get(event.id);
      if (current && current.containerId !== containerId) return; // an older container of a restored session
    }
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        logger.warn({ err: String(err) }, 'runtime event listener failed');
      }
    }
  }

  async function owned() {
    const { docker } = await getEngine();
    const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_HOME}=${home}`] } });
    return list.filter((c) => sessionIdSchema.safeParse(c.Labels?.[LABEL_SESSION]).success);
  }

  const runtime: Runtime = {
    async spawn(spawnOpts) {
      const id = sessionIdSchema.parse(spawnOpts.sessionId);
      const info = await stat(spawnOpts.cwd).catch((err: NodeJS.ErrnoException) => {
        throw new Error(`spawn: cwd ${spawnOpts.cwd} is not accessible: ${err.code ?? err.message}`);
      });
      if (!info.isDirectory()) throw new Error(`spawn: cwd ${spawnOpts.cwd} is not a directory`);
      if (spawnOpts.logPath !== undefined) await mkdir(dirname(spawnOpts.logPath), { recursive: true });
      const eng = await getEngine();
      kind = eng.kind;
      const cols = checkSize(spawnOpts.cols ?? opts.defaultCols);
      const rows = checkSize(spawnOpts.rows ?? opts.defaultRows);
      const spec = containerSpec({
        config: opts,
        home,
        kind: eng.kind,
        spawn: spawnOpts,
        cols,
        rows,
        hostEnv: opts.hostEnv,
        ...(aoOnly ? { aoOnly: await aoOnly.prepare() } : {}),
      });
      // A container left by an earlier run of this session (restored after its runtime was lost) goes first.
      const stale = ttys.forget(id);
      if (stale) killed.add(stale.containerId);
      await eng.docker
        .getContainer(spec.name ?? '')
        .remove({ force: true })
        .catch((err: unknown) => {
          if (!isStatus(err, 404)) throw err;
        });
      const container = await eng.docker.createContainer(spec);
      const handle: RuntimeHandle = {
        runtime: 'container',
        id,
        data: {
          container: container.id,
          cols,
          rows,
          ...(spawnOpts.logPath ? { log: spawnOpts.logPath } : {}),
        },
      };
      try {
        // Attached before it starts: not a byte of its output is missed.
        await ttys.attach(handle, container.id, true);
        await container.start();
        await aoOnly?.listenAfterStart();
        await container.resize({ h: rows, w: cols }).catch(() => undefined);
      } catch (err) {
        ttys.forget(id);
        killed.add(container.id);
        await container.remove({ force: true }).catch(() => undefined);
        throw err;
      }
      logger.debug({ session: id, container: container.id.slice(0, 12) }, 'container started');
      return handle;
    },

    async stateMany(handles) {
      if (handles.length === 0) return new Map();
      // After a restart with live sessions on the ao-only network: their hooks find the listener again.
      await aoOnly?.prepare().catch((err: Error) => logger.warn({ err: err.message }, 'ao-only network'));
      const bySession = new Map((await owned()).map((c) => [c.Labels[LABEL_SESSION] ?? '', c] as const));
      const result = new Map<string, RuntimeState>();
      const reattach: Array<Promise<unknown>> = [];
      for (const h of handles) {
        const c = bySession.get(h.id);
        const state = stateOf(c);
        result.set(h.id, state);
        // After a daemon (or engine API) restart: live TTYs are attached again (screen, log, terminal), all at once.
        if (c && state.state === 'alive' && !ttys.get(h.id)?.attached) {
          reattach.push(
            ttys
              .of(h)
              .catch((err: Error) =>
                logger.warn({ session: h.id, err: err.message }, 'cannot attach to the container again'),
              ),
          );
        }
      }
      await Promise.all(reattach);
      return result;
    },

    watch(listener) {
      listeners.add(listener);
      unfollow ??= followEngineEvents({
        docker: async () => (await getEngine()).docker,
        home,
        logger,
        emit,
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          unfollow?.();
          unfollow = null;
        }
      };
    },

    async lastOutputMany(handles) {
      return new Map(
        handles.flatMap((h) => {
          const at = ttys.get(h.id)?.lastOutputAt;
          return at === undefined ? [] : [[h.id, at] as const];
        }),
      );
    },

    async listOwned() {
      return (await owned()).map((c) => c.Labels[LABEL_SESSION] ?? '');
    },

    async sendText(handle, text) {
      const session = await ttys.of(handle);
      if (!session.attached) throw new Error(`container runtime: session ${handle.id} has exited`);
      if (!/[\r\n]/.test(text)) return session.write(text);
      await session.settled();
      const body = text.replace(/\r\n?/g, '\n');
      session.write(session.modes().bracketedPaste ? `\x1b[200~${body}\x1b[201~` : body);
    },

    async sendKeys(handle, keys) {
      const session = await ttys.of(handle);
      if (!session.attached) throw new Error(`container runtime: session ${handle.id} has exited`);
      await session.settled();
      const modes = session.modes();
      session.write(keys.map((key) => keyBytes(key, modes)).join(''));
    },

    async capture(handle, scrollback = 0) {
      return (await ttys.of(handle)).capture(scrollback);
    },

    async kill(handle) {
      const id = sessionIdSchema.parse(handle.id);
      const { docker } = await getEngine();
      ttys.forget(id);
      const container = docker.getContainer(containerName(home, id));
      const info = await container.inspect().catch((err: unknown) => {
        if (isStatus(err, 404)) return null;
        throw err;
      });
      if (info === null) return;
      killed.add(info.Id);
      await container.stop({ t: opts.stopTimeoutSec }).catch((err: unknown) => {
        if (!isStatus(err, 304, 404)) throw err;
      });
      await container.remove({ force: true }).catch((err: unknown) => {
        if (!isStatus(err, 404)) throw err;
      });
      logger.debug({ session: id, container: info.Id.slice(0, 12) }, 'container removed');
    },

    async pid(handle) {
      const id = sessionIdSchema.parse(handle.id);
      const { docker } = await getEngine();
      const info = await docker
        .getContainer(containerName(home, id))
        .inspect()
        .catch((err: unknown) => {
          if (isStatus(err, 404)) return null;
          throw err;
        });
      return info === null ? null : hostPid(info);
    },

    attachCommand(handle) {
      return attachCommandFor(kind, socketPath, containerName(home, handle.id));
    },

    async openTerminal(handle, size) {
      const session = await ttys.of(handle);
      session.resize(checkSize(size.cols), checkSize(size.rows));
      return session.openViewer();
    },

    callbackUrl: async (daemonUrl) => callbackUrl(opts, daemonUrl, await aoOnly?.prepare()),

    async close() {
      unfollow?.();
      unfollow = null;
      listeners.clear();
      ttys.closeAll();
    },
  };
  return runtime;
}
