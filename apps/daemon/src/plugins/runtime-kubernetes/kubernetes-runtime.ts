import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KubernetesConfig } from '@ao/shared/config-kubernetes';
import { sessionIdSchema } from '@ao/shared/ids';
import type { Logger, Runtime, RuntimeEvent, RuntimeHandle, RuntimeState } from '@ao/shared/plugin';
import type { V1Pod } from '@kubernetes/client-node';
import { keyBytes } from '../runtime-process/keys';
import { cloneSourceOf } from './clone-source';
import { connectKube, type Kube } from './kube-client';
import { kubectlAttach } from './kubectl-attach';
import { homeLabel, LABEL_HOME, LABEL_SESSION, podName } from './labels';
import { followPods } from './pod-events';
import { createPodAndWait, deletePod, deletePodAndWait } from './pod-lifecycle';
import { podSpec } from './pod-spec';
import { podState } from './pod-state';
import { PodTtys } from './pod-ttys';
import { saveWork } from './save-work';
import { readSessionFiles } from './session-files';
import { adoptSecret, createSecret, deleteSecret, sessionSecret, sweepSecrets } from './session-secret';

export interface KubernetesRuntimeOptions extends KubernetesConfig {
  dataDir: string;
  logger: Logger;
}

/** How long saving a pod's work may take (a push over the network included). */
const SAVE_TIMEOUT_MS = 120_000;

function checkSize(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`invalid terminal size ${n}`);
  return n;
}

/**
 * Sessions as Pods through the Kubernetes API. One pod per session, labelled `ao.session`/`ao.project`/`ao.home`; the
 * labels find them again after a daemon restart. The session's own secrets are in a Secret of the pod's name, owned
 * by the pod. Liveness is a watch on the pods (pushed); the TTY is one attach
 * stream per session held by the daemon (screen, log, web terminal). Kill deletes the pod.
 */
export function createKubernetesRuntime(opts: KubernetesRuntimeOptions): Runtime {
  const home = homeLabel(opts.dataDir);
  const { logger, namespace } = opts;
  let kube: Promise<Kube> | null = null;
  const getKube = (): Promise<Kube> => {
    kube ??= connectKube(opts).catch((err: Error) => {
      kube = null;
      throw err;
    });
    return kube;
  };
  const ttys = new PodTtys({
    kube: getKube,
    namespace,
    home,
    logger,
    defaultCols: opts.defaultCols,
    defaultRows: opts.defaultRows,
    replayChars: opts.replayChars,
    scrollback: opts.scrollback,
  });
  /** Pods the daemon deletes itself: their events are not news. */
  const killed = new Set<string>();
  const listeners = new Set<(event: RuntimeEvent) => void>();
  /** Pods being created now: their Secret exists before them, so the orphan sweep leaves it. */
  const creating = new Set<string>();
  let unfollow: (() => void) | null = null;

  function emit(event: RuntimeEvent, uid: string): void {
    if (killed.has(uid)) {
      if (event.type === 'gone') killed.delete(uid);
      return;
    }
    if (event.type !== 'resync') {
      const current = ttys.get(event.id);
      if (current && current.containerId !== uid) return; // an older pod of a restored session
    }
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        logger.warn({ err: String(err) }, 'runtime event listener failed');
      }
    }
  }

  async function owned(): Promise<V1Pod[]> {
    const { core } = await getKube();
    const list = await core.listNamespacedPod({ namespace, labelSelector: `${LABEL_HOME}=${home}` });
    return list.items.filter((p) => sessionIdSchema.safeParse(p.metadata?.labels?.[LABEL_SESSION]).success);
  }

  async function spawnPod(k: Kube, spawnOpts: Parameters<Runtime['spawn']>[0]): Promise<V1Pod> {
    // A pod left by an earlier run of this session (restored after its runtime was lost) goes first.
    const stale = ttys.forget(spawnOpts.sessionId);
    if (stale) killed.add(stale.containerId);
    const old = await deletePodAndWait(k, namespace, podName(home, spawnOpts.sessionId));
    if (old !== null) killed.add(old.metadata?.uid ?? '');
    const ws = opts.workspace;
    const clone = ws.mode === 'clone' ? await cloneSourceOf(spawnOpts.cwd, ws.repoUrl) : undefined;
    // A clone's pod does not see the daemon's disk: the agent's settings and hook script go in through the Secret.
    const files = clone ? await readSessionFiles(spawnOpts.files) : null;
    const manifest = podSpec({ config: opts, home, spawn: spawnOpts, files, ...(clone ? { clone } : {}) });
    const secret = sessionSecret({ namespace, home, spawn: spawnOpts, files });
    const name = manifest.metadata.name;
    // The Secret first (the pod's env refers to it), then the pod, which then owns the Secret.
    creating.add(name);
    try {
      if (secret) await createSecret(k, secret);
      else await deleteSecret(k, namespace, name);
      const pod = await createPodAndWait(k, namespace, manifest, opts.startTimeoutSec * 1000).catch(
        async (err: Error) => {
          await deleteSecret(k, namespace, name).catch(() => false);
          throw err;
        },
      );
      // Without the owner the Secret still goes on kill and in the sweep after a restart: not worth failing spawn.
      if (secret) {
        await adoptSecret(k, namespace, pod).catch((err: Error) =>
          logger.warn(
            { session: spawnOpts.sessionId, err: err.message },
            'cannot make the pod own its Secret',
          ),
        );
      }
      return pod;
    } finally {
      creating.delete(name);
    }
  }

  const runtime: Runtime = {
    async spawn(spawnOpts) {
      const id = sessionIdSchema.parse(spawnOpts.sessionId);
      if (opts.workspace.mode === 'clone') {
        const info = await stat(spawnOpts.cwd).catch(() => null);
        if (!info?.isDirectory()) throw new Error(`spawn: cwd ${spawnOpts.cwd} is not a directory`);
      }
      if (spawnOpts.logPath !== undefined) await mkdir(dirname(spawnOpts.logPath), { recursive: true });
      const cols = checkSize(spawnOpts.cols ?? opts.defaultCols);
      const rows = checkSize(spawnOpts.rows ?? opts.defaultRows);
      const k = await getKube();
      const pod = await spawnPod(k, spawnOpts);
      const uid = pod.metadata?.uid ?? '';
      const handle: RuntimeHandle = {
        runtime: 'kubernetes',
        id,
        data: {
          pod: podName(home, id),
          uid,
          cols,
          rows,
          ...(spawnOpts.logPath ? { log: spawnOpts.logPath } : {}),
        },
      };
      await ttys.attach(handle, uid, pod.status?.phase === 'Running', true);
      logger.debug({ session: id, pod: podName(home, id) }, 'pod started');
      return handle;
    },

    async stateMany(handles) {
      if (handles.length === 0) return new Map();
      const bySession = new Map(
        (await owned()).map((p) => [p.metadata?.labels?.[LABEL_SESSION] ?? '', p] as const),
      );
      const result = new Map<string, RuntimeState>();
      const reattach: Array<Promise<unknown>> = [];
      for (const h of handles) {
        const pod = bySession.get(h.id);
        const state = podState(pod);
        result.set(h.id, state);
        if (pod && state.state === 'alive' && pod.status?.phase === 'Running' && !ttys.get(h.id)?.attached) {
          reattach.push(
            ttys
              .of(h)
              .catch((err: Error) =>
                logger.warn({ session: h.id, err: err.message }, 'cannot attach to the pod again'),
              ),
          );
        }
      }
      await Promise.all(reattach);
      return result;
    },

    watch(listener) {
      listeners.add(listener);
      unfollow ??= followPods({ kube: getKube, namespace, home, logger, emit });
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
      const pods = await owned();
      // Recovery asks this after a restart: Secrets whose pod is gone go now.
      const swept = await sweepSecrets(await getKube(), namespace, home, pods, creating).catch(
        (err: Error) => {
          logger.warn({ err: err.message }, 'cannot sweep orphaned session Secrets');
          return [];
        },
      );
      if (swept.length > 0) logger.info({ secrets: swept }, 'deleted session Secrets whose pod is gone');
      return pods.map((p) => p.metadata?.labels?.[LABEL_SESSION] ?? '');
    },

    async sendText(handle, text) {
      const session = await ttys.of(handle);
      if (!session.attached) throw new Error(`kubernetes runtime: session ${handle.id} has exited`);
      if (!/[\r\n]/.test(text)) return session.write(text);
      await session.settled();
      const body = text.replace(/\r\n?/g, '\n');
      session.write(session.modes().bracketedPaste ? `\x1b[200~${body}\x1b[201~` : body);
    },

    async sendKeys(handle, keys) {
      const session = await ttys.of(handle);
      if (!session.attached) throw new Error(`kubernetes runtime: session ${handle.id} has exited`);
      await session.settled();
      const modes = session.modes();
      session.write(keys.map((key) => keyBytes(key, modes)).join(''));
    },

    async capture(handle, scrollback = 0) {
      return (await ttys.of(handle)).capture(scrollback);
    },

    async kill(handle) {
      const id = sessionIdSchema.parse(handle.id);
      const k = await getKube();
      ttys.forget(id);
      const name = podName(home, id);
      const pod = await deletePod(k, namespace, name, opts.deleteGraceSec);
      if (pod !== null) killed.add(pod.metadata?.uid ?? '');
      // The cluster would collect it with its owner; deleting it here does not wait for that (nor rely on it).
      await deleteSecret(k, namespace, name).catch((err: Error) =>
        logger.warn({ session: id, err: err.message }, 'cannot delete the session Secret (its pod owns it)'),
      );
      if (pod === null) return;
      logger.debug({ session: id, pod: podName(home, id) }, 'pod deleted');
    },

    async saveWork(handle, cwd) {
      const id = sessionIdSchema.parse(handle.id);
      // Only a clone lives in the pod alone; a PVC's workspace is the daemon's own worktree.
      if (opts.workspace.mode !== 'clone') return { outcome: 'none', detail: 'the workspace is on the PVC' };
      const pod = podName(home, id);
      return saveWork(await getKube(), { namespace, pod, sessionId: id, cwd, timeoutMs: SAVE_TIMEOUT_MS });
    },

    async pid() {
      return null; // a pid in the pod's own namespace on another machine means nothing here
    },

    attachCommand(handle) {
      return kubectlAttach(opts, namespace, podName(home, handle.id));
    },

    async openTerminal(handle, size) {
      const session = await ttys.of(handle);
      session.resize(checkSize(size.cols), checkSize(size.rows));
      return session.openViewer();
    },

    callbackUrl: (daemonUrl) => (opts.daemonUrl ?? daemonUrl).replace(/\/+$/, ''),

    async close() {
      unfollow?.();
      unfollow = null;
      listeners.clear();
      ttys.closeAll();
    },
  };
  return runtime;
}
