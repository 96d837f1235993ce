import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

/**
 * The agent in the pod reports home at the configured daemonUrl with its session secret (node's fetch), then echoes
 * lines; `quit` ends it with code 3.
 */
const HOOK = `fetch(process.env.AO_HOOK_URL,{method:'POST',headers:{'x-ao-hook-secret':process.env.AO_HOOK_SECRET,'content-type':'application/json'},body:'{}'}).then(r=>console.log('HOOK: '+r.status),e=>console.log('HOOK-FAILED '+e.message))`;
const AGENT = `
echo "AGENT-UP $AO_SESSION_ID"
echo "URL: $AO_HOOK_URL"
"${process.execPath}" -e "${HOOK.replaceAll('"', '\\"')}"
while read -r line; do
  [ "$line" = quit ] && exit 3
  if [ "$line" = work ]; then
    echo one > committed.txt && git add committed.txt && git -c user.name=agent -c user.email=a@x commit -q -m agent-commit
    echo changed >> README.md; echo new > untracked.txt
    echo "WORKED $(git rev-parse HEAD)"; continue
  fi
  echo "GOT: $line"
done
`;

describe('sessions on the kubernetes runtime through the daemon (fake API server, real client-node)', () => {
  let fake: FakeKubernetes;
  let p: ProjectFixture;
  let d: TestDaemon;
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-kubed-'));
  const dir = mkdtempSync(join(tmpdir(), 'ao-kubed-cfg-'));
  let s: Session;
  const output = async (id: string) =>
    (await d.api<{ text: string }>('GET', `/api/sessions/${id}/output`)).body.text ?? '';
  const session = async (id: string) =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;

  beforeAll(async () => {
    fake = await startFakeKubernetes();
    d = await startTestDaemon({ dataDir });
    p = await makeProject('kd', {
      runtime: 'kubernetes',
      runtimes: {
        kubernetes: {
          namespace: 'ao',
          image: 'ao-agent:test',
          kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig'), 'ao'),
          // Not the daemon's own URL: the name pods reach it by (here "localhost" for "127.0.0.1").
          daemonUrl: d.url.replace('127.0.0.1', 'localhost'),
          workspace: { mode: 'clone' },
        },
      },
      agents: { generic: { command: ['/bin/sh', '-c', AGENT], prompt: 'type', typeDelayMs: 300 } },
    });
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await d?.stop();
    await fake?.close();
    p?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the agent in a pod: the prompt typed through attach, a hook home at daemonUrl with the secret', async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'first task' });
    expect(res.status).toBe(201);
    s = res.body.session;
    expect(s.runtime).toBe('kubernetes');
    await waitFor(async () => (await output(s.id)).includes('GOT: first task'), 'the prompt echoed', 60_000);
    const text = await output(s.id);
    expect(text).toContain(`AGENT-UP ${s.id}`);
    expect(text).toContain(`URL: ${d.url.replace('127.0.0.1', 'localhost')}/api/hooks/${s.id}`);
    expect(text).toContain('HOOK: 204');
    expect(fake.pods('ao').map((pod) => pod.metadata.labels['ao.session'])).toEqual([s.id]);
  }, 90_000);

  it('after a daemon restart the pod is found by its labels and attached again; its exit is seen with its code', async () => {
    await d.stop();
    d = await startTestDaemon({ dataDir });
    expect((await session(s.id)).status).toBe('running');
    expect((await d.api('POST', `/api/sessions/${s.id}/send`, { message: 'after restart' })).status).toBe(
      200,
    );
    await waitFor(
      async () => (await output(s.id)).includes('GOT: after restart'),
      'message after restart',
      30_000,
    );
    expect(await output(s.id)).toContain('GOT: first task');
    await d.api('POST', `/api/sessions/${s.id}/send`, { message: 'quit' });
    const ended = await waitFor(
      async () => {
        const now = await session(s.id);
        return now.status === 'exited' ? now : null;
      },
      'the exit seen',
      30_000,
    );
    expect(ended.statusReason).toMatch(/code 3/);
  }, 90_000);

  it('kill deletes the pod', async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'second' });
    const second = res.body.session;
    await waitFor(async () => (await output(second.id)).includes('GOT: second'), 'second agent up', 60_000);
    const killed = await d.api<{ session: Session }>('POST', `/api/sessions/${second.id}/kill`, {});
    expect(killed.body.session.status).toBe('killed');
    expect(killed.body.session.evidence?.detail).toBe('killed'); // nothing unpushed in its clone: nothing to say
    await waitFor(
      () => !fake.pods('ao').some((pod) => pod.metadata.labels['ao.session'] === second.id),
      'pod gone',
      20_000,
    );
  }, 90_000);

  it("kill saves the clone's unpushed work to a rescue ref first; when it cannot, kill is refused unless forced", async () => {
    const spawn = async () => {
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'work' });
      const id = res.body.session.id;
      await waitFor(async () => /WORKED [0-9a-f]{40}/.test(await output(id)), 'the agent worked', 60_000);
      return { id, head: /WORKED ([0-9a-f]{40})/.exec(await output(id))?.[1] ?? '' };
    };
    const remoteGit = async (args: string[]) => (await p.git(args, p.remote)).trim();
    const third = await spawn();
    const killed = await d.api<{ session: Session }>('POST', `/api/sessions/${third.id}/kill`, {});
    expect(killed.status).toBe(200);
    const ref = `refs/heads/ao-rescue/${third.id}`;
    expect(killed.body.session.evidence?.detail).toContain(
      `1 unpushed commit(s) and 2 uncommitted file(s) saved to ${ref}`,
    );
    expect(killed.body.session.statusReason).toContain(ref);
    // On the remote: the snapshot of the work tree on top of the agent's own commit; the agent's branch not pushed.
    expect(await remoteGit(['rev-parse', `${ref}^`])).toBe(third.head);
    expect(await remoteGit(['show', `${ref}:untracked.txt`])).toBe('new');
    expect(await remoteGit(['show', `${ref}:README.md`])).toContain('changed');
    expect(await remoteGit(['show', `${ref}:committed.txt`])).toBe('one');
    expect(await remoteGit(['for-each-ref', '--format=%(refname)', 'refs/heads/ao/'])).toBe('');

    // The remote cannot be reached: the work cannot be saved, so the pod stays and the session runs on.
    const fourth = await spawn();
    const moved = `${p.remote}.away`;
    renameSync(p.remote, moved);
    try {
      const refused = await d.api<{ error: { code: string; message: string } }>(
        'POST',
        `/api/sessions/${fourth.id}/kill`,
        {},
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('unsafe_worktree');
      expect(refused.body.error.message).toMatch(/could not be saved .*--force/s);
      expect((await session(fourth.id)).status).toBe('running');
      expect(fake.pods('ao').some((pod) => pod.metadata.labels['ao.session'] === fourth.id)).toBe(true);
      const forced = await d.api<{ session: Session }>('POST', `/api/sessions/${fourth.id}/kill`, {
        force: true,
      });
      expect(forced.status).toBe(200);
      expect(forced.body.session.evidence?.detail).toContain('NOT saved (forced)');
    } finally {
      renameSync(moved, p.remote);
    }
    await waitFor(
      () => !fake.pods('ao').some((pod) => pod.metadata.labels['ao.session'] === fourth.id),
      'the forced pod gone',
      20_000,
    );
  }, 120_000);
});
