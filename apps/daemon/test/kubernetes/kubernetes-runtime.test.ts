import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime, RuntimeEvent, RuntimeHandle } from '@ao/shared/plugin';
import {
  type FakeKubernetes,
  type GitFixture,
  makeGitFixture,
  startFakeKubernetes,
  waitFor,
} from '@ao/testkit';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeKubernetes } from '../../src/plugins/runtime-kubernetes';
import { homeLabel } from '../../src/plugins/runtime-kubernetes/labels';
import { quietLogger } from '../runtime/helpers';

const NS = 'agents';
const KEY = 'sk-test-from-the-secret';
/** The key's length and prefix (its value never printed: the screen would hold it). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
const KEY_LINE = 'echo "KEY: ${#ANTHROPIC_API_KEY} ${ANTHROPIC_API_KEY%%-*}"';
const HOOK = 'hook-secret-of-kube-1-0123456789';

/** The agent in the pod: proves the clone, the branch and the Secret, then echoes lines; `size` prints the TTY size. */
const AGENT = `
echo "AGENT-UP $AO_SESSION_ID"
echo "BRANCH: $(git rev-parse --abbrev-ref HEAD)"
test -f README.md && echo "CLONED-README"
${KEY_LINE}
echo "HOOK: \${#AO_HOOK_SECRET}"
while read -r line; do
  case "$line" in
    size) echo "SIZE: $(stty size)";;
    quit) echo "BYE"; exit 7;;
    *) echo "GOT: $line";;
  esac
done
`;

describe('the kubernetes runtime against a fake API server (real client-node, real processes as containers)', () => {
  let fake: FakeKubernetes;
  let repo: GitFixture;
  let dir: string;
  let kubeconfig: string;
  let worktree: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-kube-data-'));
  const runtimes: Runtime[] = [];
  const make = (extra: Record<string, unknown> = {}): Runtime => {
    const rt = runtimeKubernetes.create(
      runtimeKubernetes.configSchema.parse({
        namespace: NS,
        image: 'ao-agent:test',
        kubeconfig,
        daemonUrl: 'http://ao.ao.svc:3000/',
        apiKeySecret: { name: 'anthropic', key: 'api-key' },
        resources: { limits: { cpu: '1', memory: '1Gi' } },
        deleteGraceSec: 1,
        ...extra,
      }),
      { dataDir, logger: quietLogger } as never,
    ) as Runtime;
    runtimes.push(rt);
    return rt;
  };
  const spawnOpts = (sessionId: string) => ({
    sessionId,
    projectId: 'kube',
    cwd: worktree,
    command: ['/bin/sh', '-c', AGENT],
    env: {
      AO_SESSION_ID: sessionId,
      ANTHROPIC_API_KEY: 'a-literal-that-must-not-be-used',
      AO_HOOK_SECRET: HOOK,
    },
    logPath: join(dir, 'logs', `${sessionId}.log`),
    cols: 120,
    rows: 40,
  });
  const sessionSecrets = () =>
    fake
      .secrets(NS)
      .flatMap((s) => (s.metadata.labels?.['ao.session'] ? [s.metadata.labels['ao.session']] : []));
  const screen = (rt: Runtime, h: RuntimeHandle, text: string) =>
    waitFor(async () => (await rt.capture(h, 200)).includes(text), `"${text}" on the screen`, 20_000);

  beforeAll(async () => {
    fake = await startFakeKubernetes();
    fake.setSecret(NS, 'anthropic', { 'api-key': KEY });
    dir = mkdtempSync(join(tmpdir(), 'ao-kube-'));
    kubeconfig = fake.writeKubeconfig(join(dir, 'kubeconfig'), NS);
    repo = await makeGitFixture('kube');
    worktree = join(dir, 'worktrees', 'kube-1');
    await repo.git(['worktree', 'add', '-b', 'ao/kube-1', worktree, 'main']);
  }, 60_000);

  afterAll(async () => {
    for (const rt of runtimes) await rt.close?.();
    await fake?.close();
    repo?.cleanup();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  let handle: RuntimeHandle;
  let first: Runtime;

  it('spawns a labelled pod: the init container clones the branch, the key comes from the Secret', async () => {
    first = make();
    handle = await first.spawn(spawnOpts('kube-1'));
    expect(handle).toMatchObject({ runtime: 'kubernetes', id: 'kube-1' });
    const [pod] = fake.pods(NS);
    expect(pod?.metadata.labels).toMatchObject({ 'ao.session': 'kube-1', 'ao.project': 'kube' });
    expect(JSON.stringify(pod)).not.toContain(KEY);
    expect(JSON.stringify(pod)).not.toContain('a-literal-that-must-not-be-used');
    expect(pod?.spec.initContainers?.[0]?.name).toBe('clone');
    // The agent's last start-up line: the lines before it are on the screen too (waiting for the first raced them).
    await screen(first, handle, `HOOK: ${HOOK.length}`);
    const text = await first.capture(handle, 200);
    expect(text).toContain('AGENT-UP kube-1');
    expect(text).toContain('BRANCH: ao/kube-1');
    expect(text).toContain('CLONED-README');
    expect(text).toContain(`KEY: ${KEY.length} sk`); // the Secret's value (its length and prefix), not the literal
    // The hook secret is in the session's own Secret (labelled like the pod, owned by it), referenced by the pod.
    expect(JSON.stringify(pod)).not.toContain(HOOK);
    expect(text).toContain(`HOOK: ${HOOK.length}`);
    const env = pod?.spec.containers[0]?.env ?? [];
    expect(env.find((e) => e.name === 'AO_HOOK_SECRET')).toEqual({
      name: 'AO_HOOK_SECRET',
      valueFrom: { secretKeyRef: { name: pod?.metadata.name, key: 'AO_HOOK_SECRET' } },
    });
    const [secret] = fake.secrets(NS).filter((s) => s.metadata.labels?.['ao.session'] === 'kube-1');
    expect(secret?.metadata).toMatchObject({
      name: pod?.metadata.name,
      labels: { 'ao.session': 'kube-1', 'ao.project': 'kube' },
      ownerReferences: [{ kind: 'Pod', name: pod?.metadata.name, uid: pod?.metadata.uid }],
    });
    expect(Buffer.from(secret?.data['AO_HOOK_SECRET'] ?? '', 'base64').toString()).toBe(HOOK);
    expect(first.callbackUrl?.('http://127.0.0.1:3000')).toBe('http://ao.ao.svc:3000');
  });

  it('types into the pod through attach, and a web terminal sees the output and resizes the TTY', async () => {
    await first.sendText(handle, 'hello pod');
    await first.sendKeys(handle, ['Enter']);
    await screen(first, handle, 'GOT: hello pod');
    const term = await first.openTerminal(handle, { cols: 100, rows: 30 });
    let seen = '';
    term.onData((d) => {
      seen += d;
    });
    term.write('size\r');
    await waitFor(() => seen.includes('SIZE: 30 100'), 'the resized TTY', 20_000);
    term.close();
    expect(fake.requests.some((r) => r.method === 'UPGRADE' && r.path.endsWith('/attach'))).toBe(true);
    expect(readFileSync(join(dir, 'logs', 'kube-1.log'), 'utf8')).toContain('GOT: hello pod');
  });

  it('finds the pod again by labels after a daemon restart, re-attaches, and reports its exit by the watch', async () => {
    await first.close?.();
    const second = make();
    expect(await second.listOwned()).toEqual(['kube-1']);
    expect(sessionSecrets()).toEqual(['kube-1']); // its pod is alive: the sweep keeps it
    const events: RuntimeEvent[] = [];
    second.watch?.((e) => events.push(e));
    expect((await second.stateMany([handle])).get('kube-1')).toEqual({ state: 'alive' });
    await screen(second, handle, 'GOT: hello pod'); // the screen before the restart, from the session log
    await second.sendText(handle, 'after restart');
    await second.sendKeys(handle, ['Enter']);
    await screen(second, handle, 'GOT: after restart');
    // The API server drops the watch: it resumes from its resourceVersion and misses nothing.
    await waitFor(() => fake.openWatches() > 0, 'the pod watch open', 10_000);
    fake.dropWatches();
    await waitFor(() => fake.openWatches() > 0, 'the pod watch open again', 10_000);
    expect(events.filter((e) => e.type === 'resync')).toEqual([]);
    // Events it did not select move the version on, history is compacted, then the watch drops: resuming from its
    // version gets 410 Gone, so it lists again and asks for a resync.
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    await kc.makeApiClient(k8s.CoreV1Api).createNamespacedPod({
      namespace: NS,
      body: {
        metadata: { name: 'unrelated' },
        spec: { containers: [{ name: 'main', image: 'x', command: ['/bin/sleep', '30'], workingDir: dir }] },
      },
    });
    await waitFor(
      () => fake.pods(NS).some((pod) => pod.status.phase === 'Running' && pod.metadata.name === 'unrelated'),
      'the unrelated pod',
      10_000,
    );
    fake.compact();
    fake.dropWatches();
    await waitFor(() => events.some((e) => e.type === 'resync'), 'a resync after 410 Gone', 10_000);
    await waitFor(() => fake.openWatches() > 0, 'the pod watch open after the list', 10_000);
    await second.sendText(handle, 'quit');
    await second.sendKeys(handle, ['Enter']);
    await waitFor(() => events.some((e) => e.type === 'exited'), 'the exit pushed by the watch', 20_000);
    expect(events).toContainEqual({ type: 'exited', id: 'kube-1', exitCode: 7, signal: null });
    expect((await second.stateMany([handle])).get('kube-1')).toEqual({
      state: 'exited',
      exitCode: 7,
      signal: null,
    });
    // The watch may report the exit before the attach stream delivers the last output: wait for it.
    await waitFor(
      async () => (await second.capture(handle, 200)).includes('BYE'),
      'the last output on screen',
      10_000,
    );
    // Its agent has ended: the pod cannot be exec'd into, so its clone cannot be checked (and the kill says so).
    expect(await second.saveWork?.(handle, worktree)).toMatchObject({ outcome: 'unreachable' });
    const watches = fake.requests.filter((r) => r.query['watch'] === 'true' && !r.query['fieldSelector']);
    expect(watches.length).toBeGreaterThanOrEqual(2);
    expect(watches.at(-1)?.query['resourceVersion']).toMatch(/^\d+$/);
  });

  it('kill deletes the pod (no event for its own kill); spawning again replaces a stale pod', {
    timeout: 30_000,
  }, async () => {
    const rt = runtimes.at(-1) as Runtime;
    const events: RuntimeEvent[] = [];
    const off = rt.watch?.((e) => events.push(e));
    const again = await rt.spawn(spawnOpts('kube-1'));
    await screen(rt, again, 'AGENT-UP kube-1').catch(async (e) => {
      throw new Error(
        `${e.message}\n${await rt.capture(again, 200).catch(String)}\n${JSON.stringify(fake.pods(NS).map((p) => p.status))}`,
      );
    });
    // Nothing unpushed in its clone: nothing to save (checked in the pod through exec).
    expect(await rt.saveWork?.(again, worktree)).toMatchObject({ outcome: 'clean' });
    expect(fake.requests.some((r) => r.method === 'UPGRADE' && r.path.endsWith('/exec'))).toBe(true);
    await rt.kill(again);
    await waitFor(
      () => !fake.pods(NS).some((pod) => pod.metadata.labels['ao.session']),
      'the pod deleted',
      20_000,
    );
    expect(await rt.listOwned()).toEqual([]);
    expect(sessionSecrets()).toEqual([]); // deleted with the pod
    expect((await rt.stateMany([again])).get('kube-1')).toEqual({ state: 'gone' });
    await rt.kill(again); // idempotent
    expect(events.filter((e) => e.type !== 'resync')).toEqual([]);
    off?.();
  });

  it('recovery deletes session Secrets whose pod is gone, and leaves others alone', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    // A daemon that died between creating a session's Secret and its pod left the first; the second is the user's.
    const labels = { 'ao.session': 'kube-9', 'ao.home': homeLabel(dataDir) };
    const stringData = { AO_HOOK_SECRET: 'x' };
    await core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: 'ao-orphan', labels }, stringData },
    });
    await core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: 'users-own', labels: { app: 'x' } }, stringData },
    });
    expect(sessionSecrets()).toEqual(['kube-9']);
    expect(await make().listOwned()).toEqual([]);
    expect(sessionSecrets()).toEqual([]);
    expect(
      fake
        .secrets(NS)
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(['anthropic', 'users-own']);
  });

  it('a pod whose clone fails is deleted, and spawn says why', async () => {
    const rt = make({ workspace: { mode: 'clone', repoUrl: join(dir, 'no-such-repo.git') } });
    await expect(rt.spawn(spawnOpts('kube-2'))).rejects.toThrow(
      /failed to start: Init:Error init container clone exited 128/,
    );
    await waitFor(
      () => !fake.pods(NS).some((pod) => pod.metadata.labels['ao.session'] === 'kube-2'),
      'the failed pod deleted',
      10_000,
    );
    expect(sessionSecrets()).not.toContain('kube-2');
  });
});
