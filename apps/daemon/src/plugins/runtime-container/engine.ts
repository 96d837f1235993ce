import { existsSync } from 'node:fs';
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';

/** The Docker Engine API client, loaded on first use so a daemon without containers never pays for it. */
let dockerode: Promise<{ default: typeof Dockerode }> | null = null;

export interface Engine {
  docker: Dockerode;
  socketPath: string;
  /** `podman` or `docker`, from the engine's own `/version`. */
  kind: 'podman' | 'docker';
}

/**
 * The engine's socket: the configured one, else DOCKER_HOST (unix:// only), else Docker's, else rootful Podman's
 * (`podman system service` serves the same API).
 */
export function resolveSocket(configured: string | undefined, env: NodeJS.ProcessEnv): string {
  const pick = configured ?? env['DOCKER_HOST'];
  if (pick !== undefined && pick !== '') {
    const path = pick.startsWith('unix://') ? pick.slice('unix://'.length) : pick;
    if (!path.startsWith('/')) {
      throw new Error(
        `container runtime: socket must be a unix socket path or unix:// URL, got ${JSON.stringify(pick)}`,
      );
    }
    return path;
  }
  for (const path of ['/var/run/docker.sock', '/run/podman/podman.sock']) if (existsSync(path)) return path;
  return '/var/run/docker.sock';
}

export async function connectEngine(socketPath: string): Promise<Engine> {
  dockerode ??= import('dockerode');
  const { default: Docker } = await dockerode;
  const docker = new Docker({ socketPath });
  const version = await docker.version().catch((err: Error) => {
    throw new Error(`container runtime: no Docker Engine API at ${socketPath}: ${err.message}`);
  });
  const podman = (version.Components ?? []).some((c: { Name: string }) => /podman/i.test(c.Name));
  return { docker, socketPath, kind: podman ? 'podman' : 'docker' };
}

/**
 * `POST /containers/{id}/attach` upgraded to a raw stream (stdin in, the TTY's output out). Done by hand: dockerode's
 * attach sends its options as the request body, which Podman feeds to the program's stdin.
 */
export function attachRaw(socketPath: string, containerId: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const req = request({
      socketPath,
      method: 'POST',
      path: `/v1.41/containers/${encodeURIComponent(containerId)}/attach?stream=1&stdin=1&stdout=1&stderr=1`,
      headers: { Connection: 'Upgrade', Upgrade: 'tcp', 'Content-Length': '0' },
    });
    req.on('upgrade', (_res, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk.slice(0, 500);
      });
      res.on('end', () => reject(new Error(`attach ${containerId}: HTTP ${res.statusCode} ${body.trim()}`)));
    });
    req.on('error', reject);
    req.end();
  });
}
