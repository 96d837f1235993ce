import { basename, dirname } from 'node:path';
import type { RuntimeSpawnOptions } from '@ao/shared/plugin';
import type { SessionFiles } from './session-files';

/** The agent container's parts for its own writable state (see `StateSeed`): none without a seed or shipped files. */
export interface StateSeedParts {
  volumes: Array<{ name: string; emptyDir: Record<string, never> }>;
  mounts: Array<{ name: string; mountPath: string }>;
  env: Array<{ name: string; value: string }>;
  /** Seed file (where the pod sees it, in the read-only session files) → its writable copy. */
  copies: Array<{ from: string; to: string }>;
}

const NONE: StateSeedParts = { volumes: [], mounts: [], env: [], copies: [] };

/**
 * The agent's state dir as an emptyDir at its own path (writable, whatever the image), the env that points the agent
 * at it, and the copies the forwarder makes from the session's Secret volume before the agent starts. Only seeds that
 * are among the shipped session files and land inside the state dir are copied; a seed that is not throws.
 */
export function stateSeedParts(
  spawn: RuntimeSpawnOptions,
  files: SessionFiles | null | undefined,
): StateSeedParts {
  const seed = spawn.stateSeed;
  if (seed === undefined || !files) return NONE;
  const dir = seed.dir.replace(/\/+$/, '');
  for (const c of seed.copies) {
    if (dirname(c.from) !== files.dir || files.files[basename(c.from)] === undefined) {
      throw new Error(`kubernetes runtime: the agent's state seed ${c.from} is not one of its session files`);
    }
    if (!c.to.startsWith(`${dir}/`)) {
      throw new Error(`kubernetes runtime: the agent's state file ${c.to} is not in its state dir ${dir}`);
    }
  }
  return {
    volumes: [{ name: 'ao-agent-state', emptyDir: {} }],
    mounts: [{ name: 'ao-agent-state', mountPath: dir }],
    env: Object.entries(seed.env).map(([name, value]) => ({ name, value })),
    copies: seed.copies.map((c) => ({ from: c.from, to: c.to })),
  };
}
