import type { KubernetesConfig } from '@ao/shared/config-kubernetes';
import type { RuntimeSpawnOptions } from '@ao/shared/plugin';
import { forwardParts } from './forward-spec';
import { AGENT_CONTAINER, LABEL_HOME, LABEL_PROJECT, LABEL_SESSION, podName } from './labels';
import { fileKey, type SessionFiles } from './session-files';
import { secretEntries } from './session-secret';
import { stateSeedParts } from './state-seed-spec';

/** What the clone init container needs: the repository URL and the session's branch. */
export interface CloneSource {
  repoUrl: string;
  branch: string;
}

export interface PodSpecInput {
  config: KubernetesConfig;
  home: string;
  spawn: RuntimeSpawnOptions;
  /** Required when `workspace.mode` is `clone`. */
  clone?: CloneSource;
  /** The agent's start-up files, in the session's Secret: mounted read-only at their folder (clone only). */
  files?: SessionFiles | null;
}

type EnvVar =
  | { name: string; value: string }
  | { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } };

/** A Pod as the API takes it (JSON; the same document `podman kube play` runs as YAML). */
export interface PodManifest {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown>;
}

/**
 * Clones into the (empty) workspace volume at the worktree's path, then checks out the session's branch: from the
 * remote when it was pushed, else new from the default branch. Data reaches git as positional arguments, never as
 * shell text.
 */
const CLONE_SCRIPT =
  'set -e; git clone -- "$1" "$2"; cd "$2"; git checkout -B "$3" "origin/$3" 2>/dev/null || git checkout -B "$3"';

function env(input: PodSpecInput): EnvVar[] {
  const { config, spawn } = input;
  const secretEnv = config.apiKeySecret?.env;
  const literal: Record<string, string> = { PATH: config.path, TERM: 'xterm-256color', ...spawn.env };
  // The API key only ever comes from the Secret: a literal of the same name is dropped, never written in the spec.
  if (secretEnv !== undefined) delete literal[secretEnv];
  // The session's own secrets (hook secret, MCP token) come from the session's Secret, named like the pod.
  const own = Object.keys(secretEntries(spawn)).filter((name) => name !== secretEnv);
  for (const name of own) delete literal[name];
  const vars: EnvVar[] = Object.entries(literal).map(([name, value]) => ({ name, value }));
  const secretName = podName(input.home, spawn.sessionId);
  for (const name of own) vars.push({ name, valueFrom: { secretKeyRef: { name: secretName, key: name } } });
  if (config.apiKeySecret !== undefined) {
    const { name, key } = config.apiKeySecret;
    vars.push({ name: config.apiKeySecret.env, valueFrom: { secretKeyRef: { name, key } } });
  }
  return vars;
}

function resources(config: KubernetesConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (config.resources.requests) out['requests'] = { ...config.resources.requests };
  if (config.resources.limits) out['limits'] = { ...config.resources.limits };
  return out;
}

function workspace(input: PodSpecInput) {
  const { config, spawn } = input;
  const ws = config.workspace;
  if (ws.mode === 'pvc') {
    const root = ws.mountPath.replace(/\/+$/, '');
    if (spawn.cwd !== root && !spawn.cwd.startsWith(`${root}/`)) {
      throw new Error(
        `kubernetes runtime: the worktree ${spawn.cwd} is not under workspace.mountPath ${root} (the PVC holds the data dir)`,
      );
    }
    return {
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: ws.claimName } }],
      mounts: [{ name: 'data', mountPath: root }],
      initContainers: [],
    };
  }
  if (input.clone === undefined)
    throw new Error('kubernetes runtime: workspace.mode clone needs a repository URL');
  const { repoUrl, branch } = input.clone;
  return {
    volumes: [{ name: 'workspace', emptyDir: {} }],
    mounts: [{ name: 'workspace', mountPath: spawn.cwd }],
    initContainers: [
      {
        name: 'clone',
        image: ws.image ?? config.image,
        imagePullPolicy: config.imagePullPolicy,
        command: ['/bin/sh', '-c', CLONE_SCRIPT, 'clone', repoUrl, spawn.cwd, branch],
        env: [{ name: 'PATH', value: config.path }],
        volumeMounts: [{ name: 'workspace', mountPath: spawn.cwd }],
      },
    ],
  };
}

/** The agent's start-up files from the session's Secret, at their own folder's path (so settings that name them work). */
function filesVolume(input: PodSpecInput) {
  const { files } = input;
  if (!files || input.config.workspace.mode !== 'clone') return { volumes: [], mounts: [] };
  const items = Object.keys(files.files).map((name) => ({ key: fileKey(name), path: name }));
  const secretName = podName(input.home, input.spawn.sessionId);
  return {
    volumes: [{ name: 'ao-session-files', secret: { secretName, items, defaultMode: 0o400 } }],
    mounts: [{ name: 'ao-session-files', mountPath: files.dir, readOnly: true }],
  };
}

/**
 * The Pod of one session: labels (recovery), the agent's argv with a TTY and stdin open (attach), its env (the API
 * key and the session's own secrets by secretKeyRef: see `sessionSecret`), requests/limits, node selector and the workspace (cloned by an init container, or a PVC).
 * Pure: the same input gives the same document.
 */
export function podSpec(input: PodSpecInput): PodManifest {
  const { config, spawn } = input;
  const ws = workspace(input);
  const own = filesVolume(input);
  // Only a cloned workspace is off the daemon's disk for sure; a PVC's data dir is shared with it.
  const clone = config.workspace.mode === 'clone';
  const state = clone ? stateSeedParts(spawn, input.files) : null;
  const fwd = clone ? forwardParts(spawn, state?.copies) : null;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(input.home, spawn.sessionId),
      namespace: config.namespace,
      labels: {
        [LABEL_SESSION]: spawn.sessionId,
        [LABEL_PROJECT]: spawn.projectId ?? '',
        [LABEL_HOME]: input.home,
      },
    },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      ...(config.serviceAccountName === undefined ? {} : { serviceAccountName: config.serviceAccountName }),
      ...(Object.keys(config.nodeSelector).length === 0 ? {} : { nodeSelector: { ...config.nodeSelector } }),
      ...(ws.initContainers.length === 0 ? {} : { initContainers: ws.initContainers }),
      containers: [
        {
          name: AGENT_CONTAINER,
          image: config.image,
          imagePullPolicy: config.imagePullPolicy,
          command: fwd ? fwd.command : [...spawn.command],
          workingDir: spawn.cwd,
          env: [...env(input), ...(state?.env ?? []), ...(fwd?.env ?? [])],
          stdin: true,
          stdinOnce: false,
          tty: true,
          resources: resources(config),
          // The state dir before the forward rules' dirs, which may be inside it.
          volumeMounts: [...ws.mounts, ...own.mounts, ...(state?.mounts ?? []), ...(fwd?.mounts ?? [])],
        },
      ],
      volumes: [...ws.volumes, ...own.volumes, ...(state?.volumes ?? []), ...(fwd?.volumes ?? [])],
    },
  };
}
