import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait';

const run = promisify(execFile);

/** Podman as root on these machines (FACTS.md): runc, cgroupfs, and no default ulimits (see containers.conf). */
export const PODMAN_FLAGS = ['--runtime', '/usr/sbin/runc', '--cgroup-manager=cgroupfs'];
const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));

/** Whether podman, runc and a static busybox are installed (the container tests need all three). */
export function podmanAvailable(): boolean {
  return existsSync('/usr/bin/podman') && existsSync('/usr/sbin/runc') && BUSYBOX !== undefined;
}

export interface PodmanService {
  /** The Docker Engine API socket. */
  socket: string;
  dir: string;
  /** Env for `podman` CLI calls that must see the same configuration. */
  env: NodeJS.ProcessEnv;
  podman(args: string[]): Promise<string>;
  pid(): number | undefined;
  /** Stops the service and starts it again on the same socket (its containers keep running: conmon holds them). */
  restart(): Promise<void>;
  /**
   * Removes the containers ao ran (label `ao.home`; only those of `homes` when given: other test files may share the
   * machine's podman storage) and stops the service.
   */
  stop(homes?: readonly string[]): Promise<void>;
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * `podman system service` on a private socket in a temp dir (the Docker Engine API), waited on until it answers
 * `/_ping`. `stop()` removes the containers it ran (by label `ao.home`) and stops it.
 */
export async function startPodmanService(): Promise<PodmanService> {
  const dir = mkdtempSync(join(tmpdir(), 'ao-podman-'));
  const conf = join(dir, 'containers.conf');
  writeFileSync(conf, '[containers]\ndefault_ulimits = []\n');
  const env = { ...process.env, CONTAINERS_CONF: conf };
  const socket = join(dir, 'podman.sock');
  const launch = async (): Promise<ChildProcess> => {
    const started = spawn('podman', [...PODMAN_FLAGS, 'system', 'service', '--time=0', `unix://${socket}`], {
      env,
      stdio: 'ignore',
    });
    await waitFor(() => ping(socket), 'podman system service answering', 60_000, 100);
    return started;
  };
  const end = async (proc: ChildProcess) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  const podman = async (args: string[]) =>
    (await run('podman', [...PODMAN_FLAGS, ...args], { env, maxBuffer: 16 * 1024 * 1024 })).stdout;
  let child = await launch();
  return {
    socket,
    dir,
    env,
    podman,
    pid: () => child.pid,
    async restart() {
      await end(child);
      child = await launch();
    },
    async stop(homes) {
      const labels = homes ? homes.map((h) => `label=ao.home=${h}`) : ['label=ao.home'];
      const ids = (await Promise.all(labels.map((l) => podman(['ps', '-aq', '--filter', l]).catch(() => ''))))
        .join('\n')
        .split('\n')
        .filter(Boolean);
      if (ids.length) await podman(['rm', '-f', '-t', '0', ...ids]).catch(() => undefined);
      await end(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A 2 MB test image: a static busybox and its applets in `/bin` (nothing else; no PATH in its config: ao sets one),
 * imported from a root filesystem tarball (no registry needed). Tagged by the content hash, so it is built once per
 * machine. Returns the image name.
 */
export async function ensureBusyboxImage(podman: PodmanService['podman']): Promise<string> {
  if (BUSYBOX === undefined) throw new Error('busybox-static is not installed');
  const binary = readFileSync(BUSYBOX);
  const tag = `localhost/ao-test-busybox:${createHash('sha256').update(binary).update('v1').digest('hex').slice(0, 12)}`;
  const exists = await podman(['image', 'exists', tag]).then(
    () => true,
    () => false,
  );
  if (exists) return tag;
  const root = mkdtempSync(join(tmpdir(), 'ao-rootfs-'));
  try {
    for (const d of ['bin', 'tmp', 'etc', 'root']) mkdirSync(join(root, d));
    writeFileSync(join(root, 'bin', 'busybox'), binary, { mode: 0o755 });
    const applets = (await run(BUSYBOX, ['--list'])).stdout.split('\n').filter((a) => /^[\w.[-]+$/.test(a));
    for (const applet of applets) if (applet !== 'busybox') symlinkSync('busybox', join(root, 'bin', applet));
    writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    const tar = join(root, '..', `${root.split('/').pop()}.tar`);
    await run('tar', ['-C', root, '-cf', tar, '.']);
    await podman(['import', tar, tag]);
    rmSync(tar, { force: true });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return tag;
}
