import type { Logger, RuntimeEvent } from '@ao/shared/plugin';
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from './kube-client';
import { LABEL_HOME, LABEL_SESSION } from './labels';
import { podState } from './pod-state';

export interface PodWatchOptions {
  kube: () => Promise<Kube>;
  namespace: string;
  home: string;
  logger: Logger;
  /** An event and the uid of the pod it is about ('' for resync). */
  emit(event: RuntimeEvent, podUid: string): void;
  retryMs?: number;
}

/** A watch event on a pod → a runtime event: the agent exited (once per pod), or the pod was deleted. */
export function toRuntimeEvent(type: string, pod: V1Pod): RuntimeEvent | null {
  const id = pod.metadata?.labels?.[LABEL_SESSION];
  if (id === undefined) return null;
  if (type === 'DELETED') return { type: 'gone', id };
  if (type !== 'ADDED' && type !== 'MODIFIED') return null;
  const state = podState(pod);
  return state.state === 'exited' ? { type: 'exited', id, exitCode: state.exitCode, signal: null } : null;
}

/**
 * Watches this daemon's pods (label `ao.home=<home>`, selected by the API server): pushed, never polled. It lists
 * once for a resourceVersion and watches from it; when the watch ends (the API server closes watches now and then,
 * or the connection dropped) it watches again from the last version seen, missing nothing. A version too old (410)
 * means events were lost: it lists again and reports `resync`, so the daemon looks at every session once.
 */
export function followPods(opts: PodWatchOptions): () => void {
  let stopped = false;
  let version: string | null = null;
  let abort: AbortController | null = null;
  let timer: NodeJS.Timeout | null = null;
  /** Whether a list after the first must be reported (events may have been missed between two lists). */
  let listed = false;
  const reported = new Set<string>();
  const path = `/api/v1/namespaces/${opts.namespace}/pods`;
  const labelSelector = `${LABEL_HOME}=${opts.home}`;

  const retry = (delay = opts.retryMs ?? 1_000) => {
    if (stopped) return;
    timer = setTimeout(() => void follow(), delay);
    timer.unref();
  };

  function onEvent(type: string, obj: unknown): void {
    if (type === 'ERROR') {
      const code = (obj as { code?: number }).code;
      if (code === 410) version = null; // too old: list again
      return;
    }
    const pod = obj as V1Pod;
    if (pod.metadata?.resourceVersion) version = pod.metadata.resourceVersion;
    const uid = pod.metadata?.uid ?? '';
    const event = toRuntimeEvent(type, pod);
    if (event === null) return;
    if (event.type === 'exited') {
      if (reported.has(uid)) return;
      reported.add(uid);
    } else reported.delete(uid);
    opts.emit(event, uid);
  }

  async function follow(): Promise<void> {
    timer = null;
    try {
      const kube = await opts.kube();
      if (version === null) {
        const list = await kube.core.listNamespacedPod({ namespace: opts.namespace, labelSelector });
        version = list.metadata?.resourceVersion ?? null;
        for (const pod of list.items)
          if (podState(pod).state === 'exited') reported.add(pod.metadata?.uid ?? '');
        if (listed) {
          opts.logger.info({}, 'pods listed again (the watch could not resume)');
          opts.emit({ type: 'resync' }, '');
        }
        listed = true;
      }
      if (stopped) return;
      let ended = false;
      const controller = await kube.watch.watch(
        path,
        {
          labelSelector,
          allowWatchBookmarks: true,
          ...(version === null ? {} : { resourceVersion: version }),
        },
        onEvent,
        (err: unknown) => {
          ended = true;
          if (stopped) return;
          abort = null;
          opts.logger.warn({ err: err ? String(err) : undefined }, 'pod watch ended; watching again');
          retry(err ? undefined : 100);
        },
      );
      if (stopped) return controller.abort();
      if (ended) return; // ended before it began: retried above
      abort = controller;
    } catch (err) {
      opts.logger.warn({ err: (err as Error).message }, 'cannot watch pods; retrying');
      retry();
    }
  }

  void follow();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = abort;
    abort = null;
    c?.abort();
  };
}
