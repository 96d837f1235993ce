import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  ensureBusyboxImage,
  makeProject,
  type PodmanService,
  type ProjectFixture,
  podmanAvailable,
  startPodmanService,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aoOnlyNetworkName, homeLabel } from '../../src/plugins/runtime-container/labels';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

/** The host's own address on its main interface (not loopback, not a container bridge), when it has one. */
const otherAddress = Object.entries(networkInterfaces())
  .filter(([name]) => !/^(lo|podman|cni|veth|docker|br-)/.test(name))
  .flatMap(([, addrs]) => addrs ?? [])
  .find((a) => a.family === 'IPv4' && !a.internal)?.address;

/**
 * The agent (busybox sh): reports home through its hook URL (raw HTTP through nc; the first call may race the listener
 * the daemon binds as its first container brings the gateway up, so it tries a few times), asks the hook-only listener
 * for the API, tries a listener on the host's other address and an outside address, then runs the hook again for
 * every "hook" line typed into its terminal.
 */
const agent = (other: string) =>
  String.raw`
hp=\${AO_HOOK_URL#http://}; hostport=\${hp%%/*}; path=/\${hp#*/}; gw=\${hostport%:*}; port=\${hostport##*:}
get() { printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$3" "$1" | nc -w 3 "$1" "$2" 2>&1 | head -1; }
hook() {
  for i in 1 2 3 4 5; do
    r=$(printf 'POST %s HTTP/1.0\r\nHost: %s\r\nX-Ao-Hook-Secret: %s\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}' "$path" "$hostport" "$AO_HOOK_SECRET" | nc -w 3 "$gw" "$port" | head -1)
    case "$r" in HTTP*) break;; esac
    sleep 1
  done
  echo "HOOK: $r"
}
hook
echo "API: $(get "$gw" "$port" /api/sessions)"
echo "MCP: $(printf 'POST /api/mcp HTTP/1.0\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}' "$hostport" | nc -w 3 "$gw" "$port" | head -1)"
echo "OTHER: $(get ${other} /)"
echo "OUTSIDE: $(get 8.8.8.8 53 /)"
mp=/\${MODEL_URL#http://*/}
# stdin stays open a moment (as a real client's connection does): a half-closed request is aborted by the server.
echo "EGRESS: $({ printf 'GET %s/ping?q=1 HTTP/1.0\r\nHost: x\r\n\r\n' "$mp"; sleep 2; } | nc -w 3 "$gw" "$port" 2>&1 | tail -1)"
echo PROBES-DONE
while read -r line; do echo "GOT: $line"; [ "$line" = hook ] && hook; done
`.replaceAll('\\$', '$');

const runIt = podmanAvailable() || process.env['CI'] ? describe : describe.skip;

runIt('network: ao-only (real podman system service, real containers)', () => {
  let engine: PodmanService;
  let p: ProjectFixture;
  let d: TestDaemon;
  let other: Server;
  let model: Server;
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-ctr-only-'));
  const network = aoOnlyNetworkName(homeLabel(dataDir));
  const output = async (id: string) =>
    (await d.api<{ text: string }>('GET', `/api/sessions/${id}/output`)).body.text ?? '';
  const logOf = (id: string) => {
    const log = join(dataDir, 'sessions', id, 'terminal.log');
    return existsSync(log) ? readFileSync(log, 'utf8') : '';
  };
  const networkOf = async (session: string) => {
    const [id] = (await engine.podman(['ps', '-aq', '--filter', `label=ao.session=${session}`]))
      .split('\n')
      .filter(Boolean);
    const info = JSON.parse(await engine.podman(['inspect', '--type', 'container', id ?? '']))[0] as {
      NetworkSettings: { Networks: Record<string, unknown> };
    };
    return Object.keys(info.NetworkSettings.Networks);
  };
  const spawn = async (prompt: string) => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt });
    expect(res.status).toBe(201);
    const s = res.body.session;
    await waitFor(() => logOf(s.id).includes('PROBES-DONE'), 'the agent ran its probes', 60_000);
    return s;
  };

  beforeAll(async () => {
    engine = await startPodmanService();
    const image = await ensureBusyboxImage(engine.podman);
    // A service on the host's other address: the ao-only network must not reach it.
    other = createServer((_req, res) => res.end('other'));
    await new Promise<void>((resolve) => other.listen(0, otherAddress ?? '127.0.0.1', resolve));
    // A model API on the host's loopback (unreachable from the containers): reached only through the egress route.
    model = createServer((req, res) => res.end(`model-pong ${req.url}`));
    await new Promise<void>((resolve) => model.listen(0, '127.0.0.1', resolve));
    const modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;
    const target = otherAddress ? `${otherAddress} ${(other.address() as AddressInfo).port}` : '8.8.4.4 80';
    p = await makeProject('only', {
      runtime: 'container',
      runtimes: {
        container: {
          socket: engine.socket,
          image,
          network: 'ao-only',
          egress: [{ name: 'model', url: modelUrl, env: 'MODEL_URL' }],
        },
      },
      agents: { generic: { command: ['/bin/sh', '-c', agent(target)], prompt: 'none' } },
    });
    d = await startTestDaemon({ dataDir });
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await d?.stop();
    other?.close();
    model?.close();
    await engine?.podman(['network', 'rm', '-f', network]).catch(() => '');
    await engine?.stop([homeLabel(dataDir)]); // only ours: the other container test files may be running
    p?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reaches the daemon hooks at the gateway and nothing else: not the API, not the host, not the internet', async () => {
    const s = await spawn('x');
    const text = logOf(s.id);
    expect(text).toMatch(/HOOK: HTTP\/1\.1 204/);
    expect(text).toMatch(/API: HTTP\/1\.1 404/);
    // MCP is served there, for a session's token only (none given here).
    expect(text).toMatch(/MCP: HTTP\/1\.1 401/);
    // nc could not even connect (no route: the network's only way out is the gateway).
    expect(text).toMatch(/OTHER: nc: can't connect/);
    expect(text).toMatch(/OUTSIDE: nc: can't connect/);
    // The egress route reaches the model API on the host's loopback, at the upstream's path.
    expect(text).toContain('EGRESS: model-pong /v1/ping?q=1');
    expect(await networkOf(s.id)).toEqual([network]);
    const info = JSON.parse(await engine.podman(['network', 'inspect', network]))[0] as {
      internal: boolean;
      labels: Record<string, string>;
    };
    expect(info.internal).toBe(true);
    expect(info.labels['ao.home']).toBe(homeLabel(dataDir));
    // The hook-only listener at the gateway serves nothing but hooks, even with the token.
    const gateway = (
      JSON.parse(await engine.podman(['network', 'inspect', network]))[0] as {
        subnets: Array<{ gateway: string }>;
      }
    ).subnets[0]?.gateway;
    const port = (
      JSON.parse(readFileSync(join(dataDir, 'hook-ports.json'), 'utf8')) as Record<string, number>
    )[gateway ?? ''];
    for (const path of ['/api/sessions', '/api/health', '/']) {
      const res = await fetch(`http://${gateway}:${port}${path}`, {
        headers: { authorization: `Bearer ${d.token}` },
      });
      expect(res.status).toBe(404);
    }
  }, 120_000);

  it('reuses the network for the next session, and hooks still come home after a daemon restart', async () => {
    const s = await spawn('y');
    expect(logOf(s.id)).toMatch(/HOOK: HTTP\/1\.1 204/);
    expect(await networkOf(s.id)).toEqual([network]);
    const nets = (await engine.podman(['network', 'ls', '-q', '--filter', `name=^${network}$`])).trim();
    expect(nets.split('\n')).toHaveLength(1);

    await d.stop();
    d = await startTestDaemon({ dataDir });
    const after = (await d.api<{ session: Session }>('GET', `/api/sessions/${s.id}`)).body.session;
    expect(after.status).toBe('running');
    // The same container calls the same hook URL: the daemon serves it again at the gateway, on the same port.
    expect((await d.api('POST', `/api/sessions/${s.id}/send`, { message: 'hook' })).status).toBe(200);
    await waitFor(
      async () => ((await output(s.id)).match(/HOOK: HTTP\/1\.1 204/g) ?? []).length >= 2,
      'a hook after the restart',
    );
  }, 120_000);

  it('refuses daemonUrl with ao-only, naming the key and the file', async () => {
    const bad = await makeProject('bad', {
      runtime: 'container',
      runtimes: { container: { socket: engine.socket, network: 'ao-only', daemonUrl: 'http://10.0.0.9:1' } },
    });
    try {
      const res = await d.api<{ error: { message: string } }>('POST', '/api/projects', {
        configPath: bad.configPath,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('daemonUrl');
      expect(res.body.error.message).toContain(bad.configPath);
    } finally {
      bad.cleanup();
    }
  });
});
