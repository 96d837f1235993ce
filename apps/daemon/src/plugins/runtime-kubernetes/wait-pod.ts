import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from './kube-client';

/**
 * Waits, through a watch on the one pod (pushed, no polling), until `done(pod)` holds (`pod` null once deleted), from
 * `resourceVersion` on. Rejects after `timeoutMs`, or when the watch ends first (then `done` was never seen).
 */
export async function waitPod(
  kube: Kube,
  namespace: string,
  name: string,
  resourceVersion: string | undefined,
  done: (pod: V1Pod | null) => boolean,
  timeoutMs: number,
  what: string,
): Promise<V1Pod | null> {
  let controller: AbortController | null = null;
  let finished = false;
  try {
    return await new Promise<V1Pod | null>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`kubernetes runtime: pod ${name} not ${what} after ${Math.round(timeoutMs / 1000)} s`),
          ),
        timeoutMs,
      );
      const settle = (pod: V1Pod | null) => {
        clearTimeout(timer);
        resolve(pod);
      };
      kube.watch
        .watch(
          `/api/v1/namespaces/${namespace}/pods`,
          { fieldSelector: `metadata.name=${name}`, ...(resourceVersion ? { resourceVersion } : {}) },
          (type: string, obj: V1Pod) => {
            if (finished) return;
            const pod = type === 'DELETED' ? null : obj;
            if (type !== 'ERROR' && done(pod)) {
              finished = true;
              settle(pod);
            }
          },
          (err: unknown) => {
            if (finished) return;
            clearTimeout(timer);
            reject(
              new Error(
                `kubernetes runtime: the watch on pod ${name} ended before it was ${what}: ${String(err)}`,
              ),
            );
          },
        )
        .then((c) => {
          controller = c;
          if (finished) c.abort();
        }, reject);
    });
  } finally {
    finished = true;
    (controller as AbortController | null)?.abort();
  }
}
