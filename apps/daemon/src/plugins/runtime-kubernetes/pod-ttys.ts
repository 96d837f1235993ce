import { appendFile } from 'node:fs/promises';
import type { Logger, RuntimeHandle } from '@ao/shared/plugin';
import { ContainerSession } from '../runtime-container/container-session';
import { readTail } from '../runtime-container/engine-state';
import { type Kube, statusOf } from './kube-client';
import { AGENT_CONTAINER, podName } from './labels';
import { attachPod, type PodStream } from './pod-stream';

export interface PodTtysOptions {
  kube(): Promise<Kube>;
  namespace: string;
  home: string;
  logger: Logger;
  defaultCols: number;
  defaultRows: number;
  replayChars: number;
  scrollback: number;
}

/** How much of what a pod printed before the attach seeds its screen. */
const SEED_BYTES = 64 * 1024;

/**
 * The daemon's side of every pod's TTY, by session id (one attach stream each; screen, log and web terminals share
 * it). Made at spawn once the pod runs, or again on demand (after a daemon restart, or when the stream dropped).
 */
export class PodTtys {
  private readonly sessions = new Map<string, ContainerSession>();
  private readonly streams = new Map<string, PodStream>();
  private readonly attaching = new Map<string, Promise<ContainerSession>>();

  constructor(private readonly opts: PodTtysOptions) {}

  get(id: string): ContainerSession | undefined {
    return this.sessions.get(id);
  }

  /**
   * What the pod printed before the attach: its container log (the kubelet keeps all TTY output; a pod cannot be
   * attached to before it starts), else the tail of the session log.
   */
  private async seed(kube: Kube, handle: RuntimeHandle, logPath: string | undefined): Promise<string> {
    const log = await kube.core
      .readNamespacedPodLog({
        name: podName(this.opts.home, handle.id),
        namespace: this.opts.namespace,
        container: AGENT_CONTAINER,
        tailLines: 5_000, // limitBytes would give the first bytes, not the last
      })
      .then(String, () => '');
    if (log !== '' || logPath === undefined) return log.slice(-SEED_BYTES);
    return readTail(logPath, SEED_BYTES);
  }

  private async open(handle: RuntimeHandle, size: { cols: number; rows: number }): Promise<PodStream> {
    const kube = await this.opts.kube();
    return attachPod(kube, this.opts.namespace, podName(this.opts.home, handle.id), size);
  }

  private bind(
    session: ContainerSession,
    handle: RuntimeHandle,
    ps: PodStream,
    size: { cols: number; rows: number },
  ) {
    this.streams.set(handle.id, ps);
    session.attach(ps.stream);
    ps.resize(size.cols, size.rows);
  }

  private async connect(
    session: ContainerSession,
    handle: RuntimeHandle,
    size: { cols: number; rows: number },
  ) {
    this.bind(session, handle, await this.open(handle, size), size);
  }

  /**
   * A new TTY session for the pod (uid), seeded with what it printed so far, attached when `running`; `fresh` (just
   * spawned): the seed goes into the session log too.
   */
  async attach(
    handle: RuntimeHandle,
    uid: string,
    running: boolean,
    fresh = false,
  ): Promise<ContainerSession> {
    const kube = await this.opts.kube();
    const logPath = typeof handle.data?.['log'] === 'string' ? handle.data['log'] : undefined;
    const size = {
      cols: Number(handle.data?.['cols'] ?? this.opts.defaultCols),
      rows: Number(handle.data?.['rows'] ?? this.opts.defaultRows),
    };
    const session = new ContainerSession({
      id: handle.id,
      containerId: uid,
      ...size,
      ...(logPath === undefined ? {} : { logPath }),
      replayChars: this.opts.replayChars,
      scrollback: this.opts.scrollback,
      logger: this.opts.logger,
      resizeTty: async (cols, rows) => this.streams.get(handle.id)?.resize(cols, rows),
    });
    let ps: PodStream | null = null;
    try {
      // Attached first, then the log read: output between the two is in both (dropped once from the stream's head),
      // never in neither. What the pod printed before the attach is in its log.
      if (running) ps = await this.open(handle, size);
      const log = await this.seed(kube, handle, logPath);
      const early = ps ? drain(ps.stream) : '';
      const seed = log + early.slice(overlap(log, early));
      session.seed(seed);
      if (fresh && logPath !== undefined && seed !== '') await appendFile(logPath, seed);
      if (ps) this.bind(session, handle, ps, size);
    } catch (err) {
      ps?.stream.destroy();
      session.dispose();
      throw err;
    }
    this.sessions.get(handle.id)?.dispose();
    this.sessions.set(handle.id, session);
    return session;
  }

  /** The session's TTY, attached again when it is not; one whose pod has ended keeps its last screen. */
  of(handle: RuntimeHandle): Promise<ContainerSession> {
    const known = this.sessions.get(handle.id);
    if (known?.attached) return Promise.resolve(known);
    const pending = this.attaching.get(handle.id);
    if (pending) return pending;
    const p = (async () => {
      const kube = await this.opts.kube();
      const pod = await kube.core
        .readNamespacedPod({ name: podName(this.opts.home, handle.id), namespace: this.opts.namespace })
        .catch((err: unknown) => {
          if (statusOf(err) === 404) throw new Error(`kubernetes runtime: session ${handle.id} has no pod`);
          throw err;
        });
      const uid = pod.metadata?.uid ?? '';
      const running = pod.status?.phase === 'Running';
      if (!known || known.containerId !== uid) return this.attach(handle, uid, running);
      if (running) {
        const size = {
          cols: Number(handle.data?.['cols'] ?? this.opts.defaultCols),
          rows: Number(handle.data?.['rows'] ?? this.opts.defaultRows),
        };
        await this.connect(known, handle, size);
      }
      return known;
    })().finally(() => this.attaching.delete(handle.id));
    this.attaching.set(handle.id, p);
    return p;
  }

  /** Releases the session's TTY (not its pod). */
  forget(id: string): ContainerSession | undefined {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    this.streams.delete(id);
    session?.dispose();
    return session;
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.streams.clear();
  }
}

/** What a paused stream holds so far (read at once; nothing more arrives in this tick). */
function drain(stream: PodStream['stream']): string {
  const chunks: Buffer[] = [];
  for (let c = stream.read(); c !== null; c = stream.read())
    chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString('utf8');
}

/** How many leading characters of `head` the end of `tail` already holds (the longest such overlap, bounded). */
export function overlap(tail: string, head: string, max = 16 * 1024): number {
  for (let k = Math.min(tail.length, head.length, max); k > 0; k--)
    if (tail.endsWith(head.slice(0, k))) return k;
  return 0;
}
