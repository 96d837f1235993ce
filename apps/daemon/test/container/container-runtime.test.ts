import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  apiClient,
  ensureBusyboxImage,
  makeProject,
  type PodmanService,
  type ProjectFixture,
  podmanAvailable,
  startPodmanService,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { processStartedAt } from '../../src/plugins/agent-codex/proc-start';
import { runtimeContainer } from '../../src/plugins/runtime-container';
import { homeLabel } from '../../src/plugins/runtime-container/labels';
import { startDaemon } from '../../src/server';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { quietLogger } from '../runtime/helpers';

/**
 * The agent inside the container (the generic agent, busybox sh): reports home through its hook URL with the session
 * secret (raw HTTP through nc: there is no wget that works here), prints the cgroup limits it sees, then echoes
 * every line typed into its terminal.
 */
const AGENT = String.raw`
echo "AGENT-UP $AO_SESSION_ID"
hp=\${AO_HOOK_URL#http://}; hostport=\${hp%%/*}; path=/\${hp#*/}
printf 'POST %s HTTP/1.0\r\nHost: %s\r\nX-Ao-Hook-Secret: %s\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}' "$path" "$hostport" "$AO_HOOK_SECRET" | nc "\${hostport%:*}" "\${hostport##*:}" | head -1 | sed 's/^/HOOK: /'
echo "MEM=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
echo "CPU=$(cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)"
test -f "$PWD/README.md" && echo "WORKTREE-MOUNTED"
while read -r line; do echo "GOT: $line"; done
`.replaceAll('\\$', '$');

const runIt = podmanAvailable() || process.env['CI'] ? describe : describe.skip;

runIt('the container runtime through the daemon (real podman system service, real containers)', () => {
  let engine: PodmanService;
  let p: ProjectFixture;
  let d: TestDaemon;
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-ctr-'));
  const brData = mkdtempSync(join(tmpdir(), 'ao-ctr-br-'));
  let s: Session;
  let image: string;
  const output = async (id: string) =>
    (await d.api<{ text: string }>('GET', `/api/sessions/${id}/output`)).body.text ?? '';
  const session = async (id: string) =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
  const inspect = async (id: string) =>
    JSON.parse(await engine.podman(['inspect', '--type', 'container', id]))[0] as {
      Id: string;
      State: { Running: boolean; Pid: number; StartedAt: string };
      Config: { Labels: Record<string, string> };
    };
  const containersOf = async (id: string) =>
    (await engine.podman(['ps', '-aq', '--filter', `label=ao.session=${id}`])).split('\n').filter(Boolean);

  beforeAll(async () => {
    engine = await startPodmanService();
    image = await ensureBusyboxImage(engine.podman);
    p = await makeProject('ctr', {
      runtime: 'container',
      runtimes: { container: { socket: engine.socket, image, cpus: 0.5, memory: '64m' } },
      agents: { generic: { command: ['/bin/sh', '-c', AGENT], prompt: 'type', typeDelayMs: 300 } },
    });
    d = await startTestDaemon({ dataDir });
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await d?.stop();
    // Only its own containers: the other container test files may be running.
    await engine?.stop([homeLabel(dataDir), homeLabel(brData)]);
    p?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the agent in its container: labels, limits, the worktree, a hook home, the prompt, the terminal', async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'first task' });
    expect(res.status).toBe(201);
    s = res.body.session;
    expect(s.runtime).toBe('container');
    // The prompt typed into the container's TTY reaches the agent; the hook came home with the session's secret.
    await waitFor(async () => (await output(s.id)).includes('GOT: first task'), 'prompt echoed', 60_000);
    const text = await output(s.id);
    expect(text).toContain(`AGENT-UP ${s.id}`);
    expect(text).toMatch(/HOOK: HTTP\/1\.1 204/);
    expect(text).toContain(`MEM=${64 * 1024 * 1024}`);
    expect(text).toMatch(/CPU=(50000( 100000)?)\b/);
    expect(text).toContain('WORKTREE-MOUNTED');
    // The session log (screen-based status reads it) has it too.
    expect(readFileSync(join(dataDir, 'sessions', s.id, 'terminal.log'), 'utf8')).toContain(
      'GOT: first task',
    );

    const [id] = await containersOf(s.id);
    const info = await inspect(id ?? '');
    expect(info.Config.Labels['ao.session']).toBe(s.id);
    expect(info.Config.Labels['ao.project']).toBe('ctr');

    // The web terminal: output of the container arrives, input typed in it reaches the agent.
    const ws = new WebSocket(`${d.url.replace('http', 'ws')}/api/sessions/${s.id}/terminal`, {
      headers: { authorization: `Bearer ${d.token}` },
    });
    const received: string[] = [];
    ws.on('message', (data: Buffer) => received.push(data.toString()));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await waitFor(() => received.join('').includes('AGENT-UP'), 'replay on the terminal');
    ws.send(JSON.stringify({ type: 'input', data: 'from the browser\r' }));
    await waitFor(() => received.join('').includes('GOT: from the browser'), 'typed input echoed live');
    ws.close();
  }, 120_000);

  it('finds the container again after a daemon restart (by labels): same container, still live', async () => {
    const [before] = await containersOf(s.id);
    await d.stop();
    d = await startTestDaemon({ dataDir });
    const after = await session(s.id);
    expect(after.status).toBe('running');
    expect(await containersOf(s.id)).toEqual([before]);
    expect((await inspect(before ?? '')).State.Running).toBe(true);
    // Attached again: a message reaches the agent, and its screen still shows what it printed before.
    const sent = await d.api('POST', `/api/sessions/${s.id}/send`, { message: 'after restart' });
    expect(sent.status).toBe(200);
    await waitFor(async () => (await output(s.id)).includes('GOT: after restart'), 'message after restart');
    expect(await output(s.id)).toContain('GOT: first task');
  }, 120_000);

  it('sees a container killed from outside as an exit, through the engine event stream, also after the engine restarted', async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'doomed' });
    const doomed = res.body.session;
    await waitFor(async () => (await output(doomed.id)).includes('GOT: doomed'), 'second agent up', 60_000);
    // The engine's API goes away and comes back (its containers live on): the event stream is followed again.
    await engine.restart();
    await new Promise((r) => setTimeout(r, 2_500)); // past the follower's 1 s retry: it must have reconnected
    // Its TTY is attached again too: a message still reaches the agent.
    await d.api('POST', `/api/sessions/${doomed.id}/send`, { message: 'engine back' });
    await waitFor(
      async () => (await output(doomed.id)).includes('GOT: engine back'),
      'message after engine restart',
    );
    const [id] = await containersOf(doomed.id);
    await engine.podman(['kill', id ?? '']);
    const gone = await waitFor(async () => {
      const now = await session(doomed.id);
      return now.status === 'exited' ? now : null;
    }, 'exit seen');
    expect(gone.statusReason).toMatch(/code 137/);
  }, 120_000);

  it("reports the container's main process as a pid on this host (State.Pid): /proc probes work", async () => {
    const rt = runtimeContainer.create(
      runtimeContainer.configSchema.parse({ socket: engine.socket, image }),
      {
        dataDir,
        logger: quietLogger,
      } as never,
    );
    try {
      const [id] = await containersOf(s.id);
      const info = await inspect(id ?? '');
      const pid = await rt.pid({ runtime: 'container', id: s.id, data: {} });
      expect(pid).toBe(info.State.Pid);
      expect(pid).toBeGreaterThan(0);
      // Codex's probe reads the start time from /proc/<pid>/stat: it is the container's start.
      const started = await processStartedAt(pid);
      expect(Math.abs((started ?? 0) - Date.parse(info.State.StartedAt))).toBeLessThan(5_000);
      expect(await rt.pid({ runtime: 'container', id: 'no-such-1', data: {} })).toBeNull();
    } finally {
      await rt.close?.();
    }
  }, 60_000);

  it('kill stops and removes the container and keeps the worktree', async () => {
    const killed = await d.api<{ session: Session }>('POST', `/api/sessions/${s.id}/kill`, {});
    expect(killed.body.session.status).toBe('killed');
    expect(await containersOf(s.id)).toEqual([]);
    expect(existsSync(join(s.worktreePath, 'README.md'))).toBe(true);
  }, 60_000);

  it('on a bridge network, the agent reports home through the host gateway (host.containers.internal)', async () => {
    const q = await makeProject('br', {
      runtime: 'container',
      runtimes: { container: { socket: engine.socket, image, network: 'bridge' } },
      agents: { generic: { command: ['/bin/sh', '-c', AGENT], prompt: 'none' } },
    });
    // The bridge reaches the host's gateway address, not its loopback: the daemon listens on all addresses.
    const daemon = await startDaemon(
      {
        dataDir: brData,
        host: '0.0.0.0',
        port: 0,
        allowedHosts: ['host.containers.internal'],
        webDir: null,
        runtimePollMs: 500,
        version: 'test',
      },
      { ...process.env, AO_LOG_LEVEL: 'warn' },
    );
    try {
      const api = apiClient(daemon.url, () => daemon.token);
      expect((await api('POST', '/api/projects', { configPath: q.configPath })).status).toBe(201);
      const res = await api<{ session: Session }>('POST', '/api/sessions', { prompt: 'x' });
      const log = join(brData, 'sessions', res.body.session.id, 'terminal.log');
      await waitFor(
        () => existsSync(log) && readFileSync(log, 'utf8').includes('HOOK: '),
        'hook over the bridge',
      );
      expect(readFileSync(log, 'utf8')).toMatch(/HOOK: HTTP\/1\.1 204/);
      await api('POST', `/api/sessions/${res.body.session.id}/kill`, {});
    } finally {
      await daemon.close();
      q.cleanup();
      rmSync(brData, { recursive: true, force: true });
    }
  }, 120_000);
});
