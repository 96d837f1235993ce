import type * as K8s from '@kubernetes/client-node';

/** The Kubernetes client, loaded on first use so a daemon without pods never pays for it. */
let clientNode: Promise<typeof K8s> | null = null;

export interface Kube {
  k8s: typeof K8s;
  kc: K8s.KubeConfig;
  core: K8s.CoreV1Api;
  watch: K8s.Watch;
  attach: K8s.Attach;
  exec: K8s.Exec;
}

export interface KubeTarget {
  kubeconfig?: string | undefined;
  context?: string | undefined;
}

/**
 * The cluster: the configured kubeconfig file, else the default chain of client-node (in-cluster service account
 * when the daemon runs in a pod, else KUBECONFIG, else ~/.kube/config); the configured context, else its current one.
 */
export async function connectKube(target: KubeTarget): Promise<Kube> {
  clientNode ??= import('@kubernetes/client-node');
  const k8s = await clientNode;
  const kc = new k8s.KubeConfig();
  try {
    if (target.kubeconfig !== undefined) kc.loadFromFile(target.kubeconfig);
    else kc.loadFromDefault();
    if (target.context !== undefined) kc.setCurrentContext(target.context);
  } catch (err) {
    throw new Error(`kubernetes runtime: cannot load the kubeconfig: ${(err as Error).message}`);
  }
  if (kc.getCurrentCluster() === null) {
    throw new Error(
      'kubernetes runtime: no cluster in the kubeconfig (set runtimes.kubernetes.kubeconfig or context)',
    );
  }
  return {
    k8s,
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    watch: new k8s.Watch(kc),
    attach: new k8s.Attach(kc),
    exec: new k8s.Exec(kc),
  };
}

/** The HTTP status of a client-node error (ApiException.code), or 0. */
export function statusOf(err: unknown): number {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : 0;
}
