import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  type FakeKubernetes,
  makeProject,
  type ProjectFixture,
  startFakeKubernetes,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeBins } from '../agent-claude/claude-bins';
import { type ClaudeEnv, EventStream, MODEL, startClaudeEnv } from '../e2e/e2e-helpers';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { text } from '../mocks/anthropic-mock';

// Real mounts in the fake's pods need root (as these machines run); elsewhere the suite is skipped.
const runIt = process.getuid?.() === 0 ? describe.each(claudeBins()) : describe.skip.each(claudeBins());

/**
 * A relay between the pod and the daemon that notes each hook call (event name, or the mirrored file's name): what
 * reached home over the network, and through which path.
 */
async function startRelay(
  target: string,
): Promise<{ url: string; seen: string[]; inflight: Set<string>; close(): Promise<void> }> {
  const seen: string[] = [];
  const inflight = new Set<string>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    n += 1;
    const key = `${n} ${req.method} ${req.url}`;
    inflight.add(key);
    res.on('close', () => inflight.delete(key));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url?.startsWith('/api/hooks/')) {
        try {
          const json = JSON.parse(body.toString('utf8')) as { hook_event_name?: string; path?: string };
          seen.push(json.hook_event_name ?? `file:${(json.path ?? '').split('/').slice(-2).join('/')}`);
        } catch {
          seen.push('unparsed');
        }
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
      ) as Record<string, string>;
      fetch(`${target}${req.url}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' });
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    seen,
    inflight,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * The real Claude Code CLI in a "pod" of the fake API server, `workspace: clone`: the pod runs in a mount namespace of
 * its own where the daemon's data dir and Claude's config dir are hidden (empty tmpfs) and each volume is really mounted at its path, so
 * the pod sees only what the Pod spec gives it (its clone, its emptyDirs, its Secret volume), as on a cluster. Its
 * hooks and forwarded files reach the daemon over HTTP through a relay; the model is the local mock.
 */
runIt('claude-code ($name) in a pod (real CLI, fake Kubernetes API, clone workspace)', ({ path: bin }) => {
  let env: ClaudeEnv;
  let fake: FakeKubernetes;
  let d: TestDaemon;
  let p: ProjectFixture;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let events: EventStream;

  const get = async (id: string) =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;

  beforeAll(async () => {
    env = await startClaudeEnv();
    d = await startTestDaemon();
    relay = await startRelay(d.url);
    // As on a cluster: neither the daemon's data dir nor Claude's config dir is in the pod.
    fake = await startFakeKubernetes({ isolate: { hide: [d.dataDir, env.configDir] } });
    p = await makeProject('kc', {
      agent: 'claude-code',
      agents: { 'claude-code': { ...env.agentSettings('skip'), binary: bin } },
      runtime: 'kubernetes',
      runtimes: {
        kubernetes: {
          namespace: 'ao',
          image: 'ao-agent:test',
          kubeconfig: fake.writeKubeconfig(join(env.root, 'kubeconfig'), 'ao'),
          daemonUrl: relay.url,
          workspace: { mode: 'clone' },
        },
      },
    });
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    // The user's other projects in Claude's state file on the daemon's disk must not reach the pod.
    const stateFile = join(env.configDir, '.claude.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(stateFile, JSON.stringify({ ...state, projects: { '/elsewhere': { history: ['x'] } } }));
    events = new EventStream(d.url, d.token);
  }, 60_000);

  afterAll(async () => {
    for (const s of (await d?.api<{ sessions: Session[] }>('GET', '/api/sessions'))?.body.sessions ?? []) {
      if (s.status === 'running') await d.api('POST', `/api/sessions/${s.id}/kill`, { force: true });
    }
    // Hook calls of an ending Claude (SessionEnd) may still be on their way: let them land before the daemon stops.
    await waitFor(() => relay.inflight.size === 0, 'no hook call in flight', 15_000).catch(() =>
      console.log(`still in flight: ${[...relay.inflight].join(', ')}`),
    );
    await events?.close();
    await d?.stop();
    await fake?.close();
    await relay?.close();
    await env?.close();
    p?.cleanup();
  }, 60_000);

  it('starting → working → idle from its own signals, usage, a message delivered and confirmed', async () => {
    env.mock.on('TASK-POD', [text('Hello from the pod.', { input_tokens: 900, output_tokens: 40 })]);
    env.mock.on('AGAIN-POD', [text('Still here.', { input_tokens: 950, output_tokens: 30 })]);
    const mark = events.length;
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', {
      project: 'kc',
      prompt: 'TASK-POD: say hello',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const s = res.body.session;
    const screen = async () =>
      (await d.api<{ text: string }>('GET', `/api/sessions/${s.id}/output`)).body.text ?? '';
    const explain = async (err: unknown) => {
      throw new Error(
        `${(err as Error).message}\nrelay saw: ${relay.seen.join(', ')}\nscreen:\n${await screen()}`,
      );
    };

    // Nothing of the session's secrets is a literal in the Pod spec.
    const [pod] = fake.pods('ao');
    expect(JSON.stringify(pod?.spec)).not.toContain(d.app.sessions.find(s.id)?.hookSecret ?? '-');
    // Claude's state went in the Secret as a seed of this session's part only, never the user's other projects.
    const [secret] = fake.secrets('ao');
    const seed = Buffer.from(secret?.data['file.claude-state-seed.json'] ?? '', 'base64').toString('utf8');
    expect(JSON.parse(seed)).toMatchObject({ hasCompletedOnboarding: true });
    expect(seed).toContain(s.worktreePath);
    expect(seed).not.toContain('/elsewhere');

    await events.activity(s.id, 'working', { from: mark, timeoutMs: 60_000 }).catch(explain);
    expect(events.activities(s.id, mark)[0]?.to).toBe('working'); // never idle before the prompt is taken
    const idle = await events.activity(s.id, 'idle', { from: mark, timeoutMs: 60_000 }).catch(explain);
    if (idle.event.type !== 'session.activity') throw new Error('unreachable');
    expect(['hook:Stop', 'transcript', 'status-file']).toContain(idle.event.data.evidence.source);
    // SessionStart is a command hook: it ran in the pod, from the settings the pod was given.
    await waitFor(() => relay.seen.includes('SessionStart'), 'SessionStart from the pod', 30_000).catch(
      explain,
    );
    for (const hook of ['UserPromptSubmit', 'Stop']) expect(relay.seen).toContain(hook);
    // The transcript and the status file, forwarded (the hooks may come first).
    await waitFor(
      () =>
        relay.seen.some((x) => x.endsWith('.jsonl')) &&
        relay.seen.some((x) => x.startsWith('file:sessions/')),
      'the transcript and status file from the forwarder',
      30_000,
    ).catch(explain);

    const withUsage = await waitFor(
      async () => {
        const cur = await get(s.id);
        return cur.usage.tokensOut >= 40 ? cur : null;
      },
      'usage from the forwarded transcript',
      30_000,
    );
    expect(withUsage.usage).toMatchObject({ model: MODEL, tokensIn: 900, tokensOut: 40 });

    const mark2 = events.length;
    const sent = await d.api<{ delivery: { id: number; state: string } }>(
      'POST',
      `/api/sessions/${s.id}/send`,
      {
        message: 'AGAIN-POD are you there?',
      },
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await events
      .waitFor(
        (e) =>
          e.type === 'session.message' &&
          e.data.message.id === sent.body.delivery.id &&
          e.data.message.state === 'delivered',
        'the message delivered',
        { from: mark2 },
      )
      .catch(explain);
    await env.mock.waitForRequest((r) => r.main && r.allText.includes('AGAIN-POD are you'));
    await events.activity(s.id, 'idle', { from: mark2, timeoutMs: 60_000 }).catch(explain);
    await waitFor(async () => (await get(s.id)).usage.tokensOut >= 70, 'usage of both turns', 30_000);
    const seq = events.activities(s.id, mark);
    console.log(`pod activity: ${seq.map((a) => `${a.to} [${a.source}]`).join(' → ')}`);
    console.log(`relay saw: ${[...new Set(relay.seen)].join(', ')}`);
    const final = await get(s.id);
    expect(final.activity).toBe('idle');
    // From the forwarded transcript: the mock's title (2.1.197's ai-title), or the prompt (2.1.332 asks for none here).
    expect(['Mock session title', 'TASK-POD: say hello']).toContain(final.title);

    // The pod's settings and hook script came from the session's Secret, mounted beside (never in) the clone: the
    // kill's check in the pod finds the clone clean, so nothing is rescued to ao-rescue/<session>.
    const volumes = JSON.stringify(pod?.spec.volumes);
    expect(volumes).toContain('"secret"');
    const killed = await d.api<{ session: Session }>('POST', `/api/sessions/${s.id}/kill`, {});
    expect(killed.status, JSON.stringify(killed.body)).toBe(200);
    expect(JSON.stringify(killed.body.session)).not.toContain('ao-rescue');
    await waitFor(() => fake.pods('ao').length === 0, 'the pod deleted', 30_000);
  }, 120_000);
});
