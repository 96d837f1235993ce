import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type FakeKubernetes, startFakeKubernetes, waitFor } from '@ao/testkit';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The fake API server speaks what the real client-node expects: REST, TLS with a CA, bearer auth, exec streams. */
describe('the fake Kubernetes API server with the real @kubernetes/client-node', () => {
  let fake: FakeKubernetes;
  let dir: string;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    fake = await startFakeKubernetes();
    dir = mkdtempSync(join(tmpdir(), 'ao-fakek8s-'));
    kc = new k8s.KubeConfig();
    kc.loadFromFile(fake.writeKubeconfig(join(dir, 'kubeconfig'), 'ns1'));
    core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedPod({
      namespace: 'ns1',
      body: {
        metadata: { name: 'sleeper', labels: { app: 'x' } },
        spec: {
          containers: [{ name: 'main', image: 'none', command: ['/bin/sleep', '60'], workingDir: dir }],
        },
      },
    });
    await waitFor(
      async () =>
        (await core.readNamespacedPod({ name: 'sleeper', namespace: 'ns1' })).status?.phase === 'Running',
      'the pod running',
      10_000,
    );
  }, 30_000);

  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists by label selector, answers 404 and 409 as Status objects, and refuses a wrong token', async () => {
    expect((await core.listNamespacedPod({ namespace: 'ns1', labelSelector: 'app=x' })).items).toHaveLength(
      1,
    );
    expect((await core.listNamespacedPod({ namespace: 'ns1', labelSelector: 'app=y' })).items).toHaveLength(
      0,
    );
    await expect(core.readNamespacedPod({ name: 'nope', namespace: 'ns1' })).rejects.toMatchObject({
      code: 404,
    });
    await expect(
      core.createNamespacedPod({
        namespace: 'ns1',
        body: {
          metadata: { name: 'sleeper' },
          spec: { containers: [{ name: 'main', command: ['/bin/true'] }] },
        },
      }),
    ).rejects.toMatchObject({ code: 409 });
    const bad = new k8s.KubeConfig();
    bad.loadFromOptions({
      ...JSON.parse(JSON.stringify({ clusters: kc.clusters, contexts: kc.contexts, currentContext: 'fake' })),
      users: [{ name: 'fake', token: 'wrong' }],
    });
    await expect(
      bad.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'ns1' }),
    ).rejects.toMatchObject({ code: 401 });
  });

  it('execs a terminal: a TTY of the size sent on the resize channel, stdin, and the exit code on the status channel', async () => {
    const stdin = new PassThrough();
    const stdout = Object.assign(new PassThrough(), { columns: 91, rows: 27 });
    let out = '';
    stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    let status: k8s.V1Status | null = null;
    const ws = await new k8s.Exec(kc).exec(
      'ns1',
      'sleeper',
      'main',
      // client-node sends its resize frame and stdin independently: the size may land after the line typed, so the
      // shell waits for it (bounded: without a resize it prints 24 80 after ~10 s and the test fails).
      [
        '/bin/sh',
        '-c',
        'read -r x; echo "IN:$x"; i=0; while [ "$(stty size)" = "24 80" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; stty size; exit 3',
      ],
      stdout,
      null,
      stdin,
      true,
      (s) => {
        status = s;
      },
    );
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    stdin.write('typed\n');
    await waitFor(() => status !== null, 'the status frame', 20_000);
    expect(out).toContain('IN:typed');
    expect(out).toContain('27 91');
    expect(status).toMatchObject({
      status: 'Failure',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('serves Secrets: create (stringData to base64 data), get, list by label, replace, delete, 404/409/422', async () => {
    const namespace = 'ns1';
    const created = await core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: 's1', labels: { app: 's' } }, stringData: { token: 'v1' } },
    });
    expect(created.data).toEqual({ token: Buffer.from('v1').toString('base64') });
    expect(created.type).toBe('Opaque');
    expect(created.metadata?.uid).toBeTruthy();
    await expect(
      core.createNamespacedSecret({ namespace, body: { metadata: { name: 's1' } } }),
    ).rejects.toMatchObject({ code: 409 });
    await expect(
      core.createNamespacedSecret({ namespace, body: { metadata: { name: 'S_bad' } } }),
    ).rejects.toMatchObject({ code: 422 });
    const listed = await core.listNamespacedSecret({ namespace, labelSelector: 'app=s' });
    expect(listed.items.map((s) => s.metadata?.name)).toEqual(['s1']);
    expect((await core.listNamespacedSecret({ namespace, labelSelector: 'app=t' })).items).toEqual([]);
    const read = await core.readNamespacedSecret({ name: 's1', namespace });
    read.metadata = {
      ...read.metadata,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u' }],
    };
    const replaced = await core.replaceNamespacedSecret({ name: 's1', namespace, body: read });
    expect(replaced.metadata?.ownerReferences?.[0]?.uid).toBe('u');
    expect(replaced.metadata?.uid).toBe(created.metadata?.uid);
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );
    const deleted = await core.deleteNamespacedSecret({ name: 's1', namespace });
    expect(deleted).toMatchObject({ status: 'Success', details: { name: 's1', kind: 'secrets' } });
    await expect(core.readNamespacedSecret({ name: 's1', namespace })).rejects.toMatchObject({ code: 404 });
    await expect(core.deleteNamespacedSecret({ name: 's1', namespace })).rejects.toMatchObject({ code: 404 });
  });

  it('deletes a pod: the watch from a resourceVersion sees DELETED, and the process is gone', async () => {
    // A Secret the pod owns goes with it (the garbage collector); one it does not own stays.
    const sleeper = await core.readNamespacedPod({ name: 'sleeper', namespace: 'ns1' });
    const owner = { apiVersion: 'v1', kind: 'Pod', name: 'sleeper', uid: sleeper.metadata?.uid ?? '' };
    await core.createNamespacedSecret({
      namespace: 'ns1',
      body: { metadata: { name: 'owned', ownerReferences: [owner] }, stringData: { k: 'v' } },
    });
    await core.createNamespacedSecret({ namespace: 'ns1', body: { metadata: { name: 'free' } } });
    const list = await core.listNamespacedPod({ namespace: 'ns1' });
    const seen: string[] = [];
    const controller = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces/ns1/pods',
      { resourceVersion: list.metadata?.resourceVersion },
      (type: string) => seen.push(type),
      () => undefined,
    );
    await core.deleteNamespacedPod({ name: 'sleeper', namespace: 'ns1', gracePeriodSeconds: 1 });
    await waitFor(() => seen.includes('DELETED'), 'DELETED', 10_000);
    controller.abort();
    expect(seen[0]).toBe('MODIFIED'); // deletionTimestamp set first, as the API server does
    expect(fake.pods('ns1')).toEqual([]);
    expect(fake.secrets('ns1').map((s) => s.metadata.name)).toEqual(['free']);
  });
});
