import type { V1Pod } from '@kubernetes/client-node';
import { type Kube, statusOf } from './kube-client';
import { waitPod } from './wait-pod';

/** Deletes a pod without waiting for it to go; the pod as the API returned it, or null when there was none. */
export async function deletePod(
  kube: Kube,
  namespace: string,
  name: string,
  grace: number,
): Promise<V1Pod | null> {
  return kube.core
    .deleteNamespacedPod({ name, namespace, gracePeriodSeconds: grace })
    .catch((err: unknown) => {
      if (statusOf(err) === 404) return null;
      throw err;
    });
}

/** Deletes a pod at once and waits until it is gone (read first, then watched from the version read). */
export async function deletePodAndWait(kube: Kube, namespace: string, name: string): Promise<V1Pod | null> {
  const old = await deletePod(kube, namespace, name, 0);
  if (old === null) return null;
  const now = await kube.core.readNamespacedPod({ name, namespace }).catch((err: unknown) => {
    if (statusOf(err) === 404) return null;
    throw err;
  });
  if (now !== null) {
    await waitPod(kube, namespace, name, now.metadata?.resourceVersion, (p) => p === null, 60_000, 'deleted');
  }
  return old;
}

const started = (pod: V1Pod | null) => pod === null || pod.status?.phase !== 'Pending';

/**
 * Creates the pod and waits (watching it) until it is no longer Pending: running, or ended already. A pod that failed
 * before its agent container ran (an init container failed, a missing Secret) or that did not start in time is
 * deleted, and the error names why.
 */
export async function createPodAndWait(
  kube: Kube,
  namespace: string,
  manifest: { metadata: { name: string } },
  timeoutMs: number,
): Promise<V1Pod> {
  const name = manifest.metadata.name;
  const created = await kube.core.createNamespacedPod({ namespace, body: manifest as unknown as V1Pod });
  const pod = await waitPod(
    kube,
    namespace,
    name,
    created.metadata?.resourceVersion,
    started,
    timeoutMs,
    'started',
  ).catch(async (err: Error) => {
    await deletePod(kube, namespace, name, 0).catch(() => undefined);
    throw err;
  });
  if (pod === null) throw new Error(`kubernetes runtime: pod ${name} was deleted while starting`);
  if (pod.status?.phase === 'Failed' && !pod.status.containerStatuses?.length) {
    await deletePod(kube, namespace, name, 0).catch(() => undefined);
    const why = `${pod.status.reason ?? ''} ${pod.status.message ?? ''}`.trim();
    throw new Error(`kubernetes runtime: pod ${name} failed to start: ${why}`);
  }
  return pod;
}
