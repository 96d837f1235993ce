import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { RuntimeSpawnOptions } from '@ao/shared/plugin';
import type { ContainerCreateOptions } from 'dockerode';
import type { AoOnlyNetwork } from './ao-only-network';
import { type ContainerConfig, memoryBytes } from './config';
import { containerName, LABEL_HOME, LABEL_PROJECT, LABEL_SESSION } from './labels';

/** The host gateway's name inside a container (Podman adds it itself; Docker through `host-gateway`). */
export const HOST_GATEWAY = 'host.containers.internal';

export interface SpecInput {
  config: ContainerConfig;
  home: string;
  kind: 'podman' | 'docker';
  spawn: RuntimeSpawnOptions;
  cols: number;
  rows: number;
  /** The daemon's environment, for the `env` passthrough names. */
  hostEnv: NodeJS.ProcessEnv;
  /** With `network: ao-only`: ao's internal network and the gateway listener. */
  aoOnly?: AoOnlyNetwork;
}

function networkMode(input: SpecInput): string {
  if (input.config.network !== 'ao-only') return input.config.network;
  if (input.aoOnly === undefined) throw new Error('container runtime: the ao-only network is not set up');
  return input.aoOnly.name;
}

/**
 * A git worktree's `.git` is a file pointing into the main repository's `.git/worktrees/<name>`: git inside the
 * container needs that repository's git dir too (mounted at the same path), or every git command fails.
 */
export function gitDirsOf(cwd: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.git'), 'utf8');
  } catch {
    return []; // a directory (a clone: inside the worktree already) or no repository
  }
  const gitdir = /^gitdir:\s*(.+)$/m.exec(text)?.[1]?.trim();
  if (!gitdir) return [];
  const dir = isAbsolute(gitdir) ? gitdir : resolve(cwd, gitdir);
  try {
    const common = readFileSync(join(dir, 'commondir'), 'utf8').trim();
    return [isAbsolute(common) ? common : resolve(dir, common)];
  } catch {
    return [dirname(dir)];
  }
}

function checkPath(path: string): string {
  if (!isAbsolute(path) || path.includes(':') || /[\u0000-\u001f]/.test(path)) {
    throw new Error(
      `container runtime: cannot mount ${JSON.stringify(path)} (absolute, no ":" or control characters)`,
    );
  }
  return path;
}

/** Unique binds, each host path at the same path in the container; a path inside another bind is left out. */
function binds(input: SpecInput): string[] {
  const { spawn, config } = input;
  const same = [spawn.cwd, ...gitDirsOf(spawn.cwd), ...(spawn.mounts ?? [])].map(checkPath);
  const unique = [...new Set(same)].filter(
    (p, _i, all) => !all.some((other) => other !== p && p.startsWith(`${other}/`)),
  );
  const extra = config.extraMounts.map(
    (m) => `${checkPath(m.source)}:${checkPath(m.target ?? m.source)}${m.readOnly ? ':ro' : ''}`,
  );
  return [...unique.map((p) => `${p}:${p}`), ...extra];
}

function envList(input: SpecInput): string[] {
  const env: Record<string, string> = { PATH: input.config.path, TERM: 'xterm-256color' };
  for (const name of input.config.env) {
    const value = input.hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, input.spawn.env);
  // ao-only: the egress routes at the gateway listener, under the names the user gave.
  for (const e of input.config.egress) {
    if (e.env !== undefined && input.aoOnly !== undefined)
      env[e.env] = `${gatewayUrl(input.aoOnly)}/egress/${e.name}`;
  }
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/** The create body for one session's container: labels, binds, limits, network, a TTY with stdin open. */
export function containerSpec(input: SpecInput): ContainerCreateOptions {
  const { config, spawn } = input;
  const network = config.network;
  return {
    name: containerName(input.home, spawn.sessionId),
    Image: config.image,
    Cmd: [...spawn.command],
    WorkingDir: spawn.cwd,
    Env: envList(input),
    Tty: true,
    OpenStdin: true,
    StdinOnce: false,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Labels: {
      [LABEL_SESSION]: spawn.sessionId,
      [LABEL_PROJECT]: spawn.projectId ?? '',
      [LABEL_HOME]: input.home,
    },
    HostConfig: {
      Binds: binds(input),
      NetworkMode: networkMode(input),
      ...(config.memory === undefined ? {} : { Memory: memoryBytes(config.memory) }),
      ...(config.cpus === undefined ? {} : { NanoCpus: Math.round(config.cpus * 1e9) }),
      ...(network === 'bridge' && input.kind === 'docker'
        ? { ExtraHosts: [`${HOST_GATEWAY}:host-gateway`] }
        : {}),
    },
  };
}

const gatewayUrl = (n: Pick<AoOnlyNetwork, 'gateway' | 'port'>) => `http://${n.gateway}:${n.port}`;

/**
 * The daemon's URL as agents in these containers reach it: on ao-only, the hook-only listener at the network's
 * gateway (given as `aoOnly`).
 */
export function callbackUrl(
  config: ContainerConfig,
  daemonUrl: string,
  aoOnly?: Pick<AoOnlyNetwork, 'gateway' | 'port'>,
): string {
  if (config.network === 'ao-only') {
    if (aoOnly === undefined) throw new Error('container runtime: the ao-only network is not set up');
    return gatewayUrl(aoOnly);
  }
  if (config.daemonUrl !== undefined) return config.daemonUrl.replace(/\/+$/, '');
  if (config.network !== 'bridge') return daemonUrl;
  const url = new URL(daemonUrl);
  url.hostname = HOST_GATEWAY;
  return url.origin;
}
