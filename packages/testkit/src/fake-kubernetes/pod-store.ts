import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ContainerSpec, type Proc, startProcess } from './pod-process';
import { SecretStore } from './secret-store';
import { matchesFields, matchesLabels } from './selectors';

export interface FakePod {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
    labels: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec: {
    containers: ContainerSpec[];
    initContainers?: ContainerSpec[];
    volumes?: Array<{
      name: string;
      emptyDir?: object;
      persistentVolumeClaim?: { claimName: string };
      secret?: { secretName: string; items?: Array<{ key: string; path: string }>; defaultMode?: number };
    }>;
    [k: string]: unknown;
  };
  status: Record<string, unknown> & { phase: string };
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: FakePod;
  rv: number;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * The fake's pods: each a real local process per container (init containers run first, in order), with the
 * lifecycle the kubelet reports (Pending → Running → Succeeded/Failed), a monotonic resourceVersion and an event log
 * that watches replay from.
 */
export class PodStore {
  private rv = 1;
  readonly pods = new Map<string, FakePod>();
  readonly procs = new Map<string, Proc>();
  readonly events: WatchEvent[] = [];
  /** Versions at or below this were compacted away: a watch from one gets 410 Gone. */
  compactedThrough = 0;
  private readonly subscribers = new Set<(ev: WatchEvent) => void>();
  /** The namespace's Secrets: what `secretKeyRef` resolves against (their versions share the pods' counter). */
  readonly secrets = new SecretStore(() => {
    this.rv += 1;
    return String(this.rv);
  });
  /** Temp dirs standing in for each pod's emptyDir volumes, by pod uid and volume name. */
  private readonly emptyDirs = new Map<string, Map<string, string>>();
  /** Environment of every process (the fake's host env by default: PATH, HOME, ...). */
  baseEnv: Record<string, string> = {};
  /**
   * Real mounts instead of path rewriting (root only): each container runs in a mount namespace of its own
   * (`unshare -m`) where `hide` paths are empty tmpfs and each volume is bind-mounted at its mount path, so the
   * process sees the pod's files at their paths and not the host's there.
   */
  isolate: { hide: string[] } | null = null;

  get resourceVersion(): string {
    return String(this.rv);
  }

  private record(type: WatchEvent['type'], pod: FakePod): void {
    this.rv += 1;
    pod.metadata.resourceVersion = String(this.rv);
    const ev = { type, object: clone(pod), rv: this.rv };
    this.events.push(ev);
    for (const s of [...this.subscribers]) s(ev);
  }

  /** Forgets the event history (etcd compaction): watches from any version so far must list again. */
  compact(): void {
    this.events.length = 0;
    this.compactedThrough = this.rv;
  }

  subscribe(cb: (ev: WatchEvent) => void): () => void {
    this.subscribers.add(cb);
    return () => this.subscribers.delete(cb);
  }

  list(ns: string, labels: string | null, fields: string | null): FakePod[] {
    return [...this.pods.values()].filter(
      (p) =>
        p.metadata.namespace === ns && matchesLabels(labels, p.metadata.labels) && matchesFields(fields, p),
    );
  }

  get(ns: string, name: string): FakePod | undefined {
    return this.pods.get(`${ns}/${name}`);
  }

  create(ns: string, body: FakePod): FakePod {
    const pod: FakePod = {
      ...body,
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...body.metadata,
        namespace: ns,
        labels: body.metadata.labels ?? {},
        uid: randomUUID(),
        resourceVersion: '',
        creationTimestamp: new Date().toISOString(),
      },
      status: { phase: 'Pending' },
    };
    this.pods.set(`${ns}/${pod.metadata.name}`, pod);
    this.record('ADDED', pod);
    void this.run(pod).catch((err: Error) => this.fail(pod, 'StartError', err.message));
    return clone(pod);
  }

  /** Removes the pod: its processes get SIGTERM, then SIGKILL after the grace period. */
  delete(ns: string, name: string, graceSec: number): FakePod | undefined {
    const key = `${ns}/${name}`;
    const pod = this.pods.get(key);
    if (!pod) return undefined;
    pod.metadata.deletionTimestamp = new Date().toISOString();
    this.record('MODIFIED', pod);
    const proc = this.procs.get(pod.metadata.uid);
    const gone = () => {
      if (this.pods.get(key) !== pod) return;
      this.pods.delete(key);
      this.procs.delete(pod.metadata.uid);
      this.release(pod.metadata.uid);
      this.secrets.collect(ns, pod.metadata.uid); // the garbage collector: what the pod owned goes with it
      this.record('DELETED', pod);
    };
    if (!proc || proc.exited) {
      gone();
    } else {
      proc.onExit(gone);
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), graceSec * 1000).unref();
    }
    return clone(pod);
  }

  /** Every process of every pod gets SIGKILL (the fake stops). */
  killAll(): void {
    for (const proc of this.procs.values()) proc.kill('SIGKILL');
    for (const uid of [...this.emptyDirs.keys()]) this.release(uid);
  }

  env(pod: FakePod, c: ContainerSpec): Record<string, string> {
    const env: Record<string, string> = { ...this.baseEnv };
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) {
        const value = this.secrets.value(pod.metadata.namespace, ref.name, ref.key);
        if (value === undefined) throw new Error(`secret "${ref.name}" key "${ref.key}" not found`);
        env[e.name] = value;
      } else env[e.name] = e.value ?? '';
    }
    return env;
  }

  /**
   * The fake has no mount namespaces: an emptyDir is a fresh temp dir, and its mount path is rewritten to that dir in
   * the container's workingDir, command, args and env values (so a clone into an "empty" volume at a path that exists
   * on this host works, as it does in a pod).
   */
  mounted(pod: FakePod, c: ContainerSpec): ContainerSpec {
    let dirs = this.emptyDirs.get(pod.metadata.uid);
    if (!dirs) {
      dirs = new Map();
      for (const v of pod.spec.volumes ?? []) {
        if (v.emptyDir) dirs.set(v.name, mkdtempSync(join(tmpdir(), 'ao-fake-emptydir-')));
        if (v.secret) dirs.set(v.name, this.secretVolume(pod, v.secret));
      }
      this.emptyDirs.set(pod.metadata.uid, dirs);
    }
    const maps = (c.volumeMounts ?? []).flatMap((m) => {
      const dir = dirs.get(m.name);
      return dir === undefined ? [] : [[m.mountPath.replace(/\/+$/, ''), dir] as const];
    });
    if (this.isolate) return isolated(c, this.isolate.hide, maps);
    // The deepest mount holding a path wins, as in a real mount table.
    const deepest = [...maps].sort((a, b) => b[0].length - a[0].length);
    const rewrite = (text: string) => {
      for (const [from, to] of deepest) {
        if (text === from) return to;
        if (text.startsWith(`${from}/`)) return to + text.slice(from.length);
      }
      return text;
    };
    return {
      ...c,
      ...(c.workingDir === undefined ? {} : { workingDir: rewrite(c.workingDir) }),
      ...(c.command === undefined ? {} : { command: c.command.map(rewrite) }),
      ...(c.args === undefined ? {} : { args: c.args.map(rewrite) }),
      env: (c.env ?? []).map((e) => (e.value === undefined ? e : { ...e, value: rewrite(e.value) })),
    };
  }

  /** A secret volume: the Secret's keys (or the listed items) as files in a temp dir, as the kubelet writes them. */
  private secretVolume(
    pod: FakePod,
    v: { secretName: string; items?: Array<{ key: string; path: string }>; defaultMode?: number },
  ): string {
    const dir = mkdtempSync(join(tmpdir(), 'ao-fake-secretvol-'));
    const ns = pod.metadata.namespace;
    const items = v.items ?? this.secrets.keys(ns, v.secretName).map((key) => ({ key, path: key }));
    for (const { key, path } of items) {
      const value = this.secrets.value(ns, v.secretName, key);
      if (value === undefined) throw new Error(`secret "${v.secretName}" key "${key}" not found`);
      const file = join(dir, path);
      writeFileSync(file, value);
      chmodSync(file, v.defaultMode ?? 0o644);
    }
    return dir;
  }

  /** Removes a pod's emptyDir temp dirs. */
  private release(uid: string): void {
    for (const dir of this.emptyDirs.get(uid)?.values() ?? []) rmSync(dir, { recursive: true, force: true });
    this.emptyDirs.delete(uid);
  }

  private fail(pod: FakePod, reason: string, message: string): void {
    if (!this.pods.has(`${pod.metadata.namespace}/${pod.metadata.name}`)) return;
    pod.status = { phase: 'Failed', reason, message };
    this.record('MODIFIED', pod);
  }

  private async run(pod: FakePod): Promise<void> {
    for (const spec of pod.spec.initContainers ?? []) {
      const init = this.mounted(pod, spec);
      const proc = await startProcess(init, this.env(pod, init), false);
      const { code } = await new Promise<{ code: number | null }>((r) => proc.onExit((code) => r({ code })));
      if (code !== 0)
        return this.fail(
          pod,
          'Init:Error',
          `init container ${init.name} exited ${code}: ${proc.log().slice(-500)}`,
        );
    }
    const [spec] = pod.spec.containers;
    if (!spec) return this.fail(pod, 'Invalid', 'no containers');
    const main = this.mounted(pod, spec);
    if (pod.metadata.deletionTimestamp) return;
    const proc = await startProcess(main, this.env(pod, main), main.tty === true);
    this.procs.set(pod.metadata.uid, proc);
    const startedAt = new Date().toISOString();
    pod.status = {
      phase: 'Running',
      containerStatuses: [
        { name: main.name, ready: true, restartCount: 0, state: { running: { startedAt } } },
      ],
    };
    this.record('MODIFIED', pod);
    proc.onExit((code, signal) => {
      if (!this.pods.has(`${pod.metadata.namespace}/${pod.metadata.name}`)) return;
      const exitCode = code ?? 137;
      pod.status = {
        phase: exitCode === 0 ? 'Succeeded' : 'Failed',
        containerStatuses: [
          {
            name: main.name,
            ready: false,
            restartCount: 0,
            state: {
              terminated: {
                exitCode,
                ...(signal ? { signal: 9 } : {}),
                reason: exitCode === 0 ? 'Completed' : 'Error',
                startedAt,
                finishedAt: new Date().toISOString(),
              },
            },
          },
        ],
      };
      this.record('MODIFIED', pod);
    });
  }
}

/**
 * Wraps a container's argv so it runs in a mount namespace of its own: `hide` paths become empty tmpfs, then each
 * volume dir is bind-mounted at its mount path (parents first), then the workingDir is entered. Data reaches the
 * shell as positional arguments, never as script text.
 */
const ISOLATE_SCRIPT =
  'set -e; w="$1"; shift; while [ "$1" != -- ]; do mkdir -p "$2"; if [ "$1" = -h ]; then mount -t tmpfs tmpfs "$2"; ' +
  'else mount --bind "$1" "$2"; fi; shift 2; done; shift; cd "$w"; exec "$@"';

function isolated(
  c: ContainerSpec,
  hide: string[],
  maps: ReadonlyArray<readonly [string, string]>,
): ContainerSpec {
  const binds = [...maps].sort((a, b) => a[0].length - b[0].length).flatMap(([to, from]) => [from, to]);
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  return {
    ...c,
    command: [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      '-c',
      ISOLATE_SCRIPT,
      'isolate',
      c.workingDir ?? '/',
      ...hide.flatMap((h) => ['-h', h]),
      ...binds,
      '--',
      ...argv,
    ],
    args: [],
    workingDir: '/',
  };
}
