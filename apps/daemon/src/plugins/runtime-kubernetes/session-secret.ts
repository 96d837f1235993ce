import type { RuntimeSpawnOptions } from '@ao/shared/plugin';
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { type Kube, statusOf } from './kube-client';
import { LABEL_HOME, LABEL_PROJECT, LABEL_SESSION, podName } from './labels';
import { fileKey, type SessionFiles } from './session-files';

/**
 * Env vars that carry a session's own secrets: the hook secret (the generic agent's, the forwarder's) and a worker's
 * MCP token. They go in the session's Secret, never in the Pod spec.
 */
export const SECRET_ENV = ['AO_HOOK_SECRET', 'AO_MCP_TOKEN'] as const;

/** The session's secret values by env name (empty when it has none). */
export function secretEntries(spawn: RuntimeSpawnOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SECRET_ENV) {
    const value = spawn.env[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  if (spawn.forward !== undefined) out['AO_HOOK_SECRET'] = spawn.forward.secret;
  return out;
}

/** A Secret as the API takes it (the same document `podman kube play` reads). */
export interface SecretManifest {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  type: 'Opaque';
  data: Record<string, string>;
}

/**
 * The session's Secret: named like its pod, labelled like it (recovery and the orphan sweep find it by labels), its
 * values base64 in `data`: the env secrets by name, the agent's start-up files as `file.<name>` (mounted as a secret
 * volume: see `podSpec`). Null when the session has none of either.
 */
export function sessionSecret(input: {
  namespace: string;
  home: string;
  spawn: RuntimeSpawnOptions;
  files?: SessionFiles | null;
}): SecretManifest | null {
  const entries = secretEntries(input.spawn);
  for (const [name, text] of Object.entries(input.files?.files ?? {})) entries[fileKey(name)] = text;
  if (Object.keys(entries).length === 0) return null;
  const { spawn } = input;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: podName(input.home, spawn.sessionId),
      namespace: input.namespace,
      labels: {
        [LABEL_SESSION]: spawn.sessionId,
        [LABEL_PROJECT]: spawn.projectId ?? '',
        [LABEL_HOME]: input.home,
      },
    },
    type: 'Opaque',
    data: Object.fromEntries(
      Object.entries(entries).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]),
    ),
  };
}

const ignore404 = (err: unknown): null => {
  if (statusOf(err) === 404) return null;
  throw err;
};

/** Deletes a session's Secret by name; false when there was none. */
export async function deleteSecret(kube: Kube, namespace: string, name: string): Promise<boolean> {
  const done = await kube.core.deleteNamespacedSecret({ name, namespace }).catch(ignore404);
  return done !== null;
}

/** Creates the session's Secret, replacing one left by an earlier run of the session. */
export async function createSecret(kube: Kube, manifest: SecretManifest): Promise<void> {
  const { name, namespace } = manifest.metadata;
  await deleteSecret(kube, namespace, name);
  await kube.core.createNamespacedSecret({ namespace, body: manifest as unknown as V1Secret });
}

/**
 * Makes the pod the Secret's owner, so the cluster's garbage collector deletes the Secret with the pod whoever
 * deletes it (ao deletes it on kill too). Read then replaced: the Secret is ao's alone.
 */
export async function adoptSecret(kube: Kube, namespace: string, pod: V1Pod): Promise<void> {
  const name = pod.metadata?.name ?? '';
  const uid = pod.metadata?.uid;
  if (uid === undefined) return;
  const secret = await kube.core.readNamespacedSecret({ name, namespace }).catch(ignore404);
  if (secret === null) throw new Error(`kubernetes runtime: the Secret ${name} is gone`);
  const owner = { apiVersion: 'v1', kind: 'Pod', name, uid, blockOwnerDeletion: false };
  secret.metadata = { ...secret.metadata, ownerReferences: [owner] };
  await kube.core.replaceNamespacedSecret({ name, namespace, body: secret });
}

/**
 * Deletes this daemon's session Secrets whose pod is gone (a daemon that died between creating the Secret and the
 * pod, a pod deleted by hand on a cluster without garbage collection): a Secret with no pod of its name, or owned by
 * an older pod of that name. `busy` names pods being created now (their Secret comes first). Returns the names deleted.
 */
export async function sweepSecrets(
  kube: Kube,
  namespace: string,
  home: string,
  pods: readonly V1Pod[],
  busy: ReadonlySet<string>,
): Promise<string[]> {
  const list = await kube.core.listNamespacedSecret({ namespace, labelSelector: `${LABEL_HOME}=${home}` });
  const live = new Map(pods.map((p) => [p.metadata?.name ?? '', p.metadata?.uid ?? ''] as const));
  const gone: string[] = [];
  for (const s of list.items) {
    const name = s.metadata?.name ?? '';
    if (busy.has(name) || s.metadata?.labels?.[LABEL_SESSION] === undefined) continue;
    const owner = s.metadata?.ownerReferences?.find((o) => o.kind === 'Pod')?.uid;
    const uid = live.get(name);
    if (uid !== undefined && (owner === undefined || owner === uid)) continue;
    if (await deleteSecret(kube, namespace, name)) gone.push(name);
  }
  return gone;
}
