import type { RuntimeSpawnOptions } from '@ao/shared/plugin';
import { FORWARDER_SCRIPT } from '../../forwarder/forwarder-script';

/** The agent container's parts that ship its transcript/status files home (the pod's disk is not the daemon's). */
export interface ForwardParts {
  command: string[];
  env: Array<{ name: string; value: string }>;
  volumes: Array<{ name: string; emptyDir: Record<string, never> }>;
  mounts: Array<{ name: string; mountPath: string }>;
}

/**
 * Runs the agent under ao's forwarder (`node -e <script> -- <agent argv>`, node from the image), which tails the
 * files the agent plugin declares forwardable and POSTs what is new to the daemon with the session's hook secret
 * (`AO_HOOK_SECRET`, from the session's Secret: see `sessionSecret`). Each rule's dir is an emptyDir (it exists and is writable whatever the image); `AO_FORWARD_<i>_DIR` tells the
 * forwarder where it sees it. `seeds` (`AO_SEED_<i>_FROM` → `_TO`) are copied by the forwarder before the agent starts. None without
 * rules or seeds.
 */
export function forwardParts(
  spawn: RuntimeSpawnOptions,
  seeds: ReadonlyArray<{ from: string; to: string }> = [],
): ForwardParts | null {
  const fwd = spawn.forward;
  const rules = fwd?.rules ?? [];
  if (rules.length === 0 && seeds.length === 0) return null;
  return {
    command: ['node', '-e', FORWARDER_SCRIPT, '--', ...spawn.command],
    env: [
      ...seeds.flatMap((c, i) => [
        { name: `AO_SEED_${i}_FROM`, value: c.from },
        { name: `AO_SEED_${i}_TO`, value: c.to },
      ]),
      ...(fwd === undefined || rules.length === 0
        ? []
        : [
            { name: 'AO_FORWARD', value: JSON.stringify(rules) },
            { name: 'AO_FORWARD_URL', value: fwd.url },
          ]),
      ...rules.map((r, i) => ({ name: `AO_FORWARD_${i}_DIR`, value: r.dir })),
    ],
    volumes: rules.map((_, i) => ({ name: `ao-forward-${i}`, emptyDir: {} })),
    mounts: rules.map((r, i) => ({ name: `ao-forward-${i}`, mountPath: r.dir })),
  };
}
