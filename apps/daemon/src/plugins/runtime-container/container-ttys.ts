import type { Logger, RuntimeHandle } from '@ao/shared/plugin';
import { ContainerSession } from './container-session';
import { attachRaw, type Engine } from './engine';
import { readTail } from './engine-state';
import { containerName } from './labels';

export interface ContainerTtysOptions {
  engine(): Promise<Engine>;
  socketPath: string;
  home: string;
  logger: Logger;
  defaultCols: number;
  defaultRows: number;
  replayChars: number;
  scrollback: number;
}

/** What the daemon seeds a re-attached screen with: the tail of the session log. */
const SEED_BYTES = 64 * 1024;

/**
 * The daemon's side of every container's TTY, by session id: made at spawn (attached before the container starts),
 * or again on demand when not attached (the daemon restarted, or the engine's API restarted under a live container).
 */
export class ContainerTtys {
  private readonly sessions = new Map<string, ContainerSession>();
  private readonly attaching = new Map<string, Promise<ContainerSession>>();

  constructor(private readonly opts: ContainerTtysOptions) {}

  get(id: string): ContainerSession | undefined {
    return this.sessions.get(id);
  }

  /** A new TTY session for the container, attached; `fresh` (just created) needs no seed from the log. */
  async attach(handle: RuntimeHandle, containerId: string, fresh: boolean): Promise<ContainerSession> {
    const { docker } = await this.opts.engine();
    const logPath = typeof handle.data?.['log'] === 'string' ? handle.data['log'] : undefined;
    const session = new ContainerSession({
      id: handle.id,
      containerId,
      cols: Number(handle.data?.['cols'] ?? this.opts.defaultCols),
      rows: Number(handle.data?.['rows'] ?? this.opts.defaultRows),
      ...(logPath === undefined ? {} : { logPath }),
      replayChars: this.opts.replayChars,
      scrollback: this.opts.scrollback,
      logger: this.opts.logger,
      resizeTty: (w, h) => docker.getContainer(containerId).resize({ w, h }),
    });
    try {
      if (!fresh && logPath !== undefined) session.seed(await readTail(logPath, SEED_BYTES));
      session.attach(await attachRaw(this.opts.socketPath, containerId));
    } catch (err) {
      session.dispose();
      throw err;
    }
    this.sessions.get(handle.id)?.dispose();
    this.sessions.set(handle.id, session);
    return session;
  }

  /** The session's TTY, attached again when it is not; one whose container has ended keeps its last screen. */
  of(handle: RuntimeHandle): Promise<ContainerSession> {
    const known = this.sessions.get(handle.id);
    if (known?.attached) return Promise.resolve(known);
    const pending = this.attaching.get(handle.id);
    if (pending) return pending;
    const p = (async () => {
      const { docker } = await this.opts.engine();
      const info = await docker.getContainer(containerName(this.opts.home, handle.id)).inspect();
      if (!known || known.containerId !== info.Id) return this.attach(handle, info.Id, false);
      if (info.State.Running) known.attach(await attachRaw(this.opts.socketPath, info.Id));
      return known;
    })().finally(() => this.attaching.delete(handle.id));
    this.attaching.set(handle.id, p);
    return p;
  }

  /** Releases the session's TTY (not its container). */
  forget(id: string): ContainerSession | undefined {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    session?.dispose();
    return session;
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
  }
}
