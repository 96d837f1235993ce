import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kubernetesConfigSchema } from '@ao/shared/config-kubernetes';
import { ensureBusyboxImage, PODMAN_FLAGS, podmanAvailable, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { podSpec } from '../../src/plugins/runtime-kubernetes/pod-spec';
import { type SecretManifest, sessionSecret } from '../../src/plugins/runtime-kubernetes/session-secret';

const run = promisify(execFile);
const SECRET = 'sk-podman-kube-secret-value';
const HOOK = 'hook-secret-podman-0123456789';

/**
 * The Pod document ao generates, run for real by `podman kube play` (no Kubernetes API server can run here): the
 * command runs, the limits and labels are applied, the key arrives from a Secret by reference.
 */
const skipped = podmanAvailable() ? '' : ' — SKIPPED: podman, runc or busybox-static is not installed';
describe.skipIf(!podmanAvailable())(`the generated Pod spec under \`podman kube play\`${skipped}`, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let podFile: string;
  let secretFile: string;
  let sessionDoc: SecretManifest;
  const podman = async (args: string[]) =>
    (await run('podman', [...PODMAN_FLAGS, ...args], { env, maxBuffer: 16 * 1024 * 1024 })).stdout;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ao-kubeplay-'));
    writeFileSync(join(dir, 'containers.conf'), '[containers]\ndefault_ulimits = []\n');
    env = { ...process.env, CONTAINERS_CONF: join(dir, 'containers.conf') };
    const image = await ensureBusyboxImage(podman);
    const config = kubernetesConfigSchema.parse({
      namespace: 'agents',
      image,
      imagePullPolicy: 'Never',
      resources: { requests: { cpu: '250m', memory: '32Mi' }, limits: { cpu: '500m', memory: '64Mi' } },
      apiKeySecret: { name: 'ao-kubeplay-key', key: 'api-key' },
      workspace: { mode: 'pvc', claimName: 'ao-kubeplay-data', mountPath: '/data' },
    });
    const spawn = {
      sessionId: 'kp-1',
      projectId: 'kp',
      cwd: '/data',
      command: [
        '/bin/sh',
        '-c',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
        'echo "AGENT-UP $AO_SESSION_ID in $PWD"; echo "KEY: ${#ANTHROPIC_API_KEY} ${ANTHROPIC_API_KEY%%-*}"; echo "HOOK: ${#AO_HOOK_SECRET}"; ' +
          'echo "MEM=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"; sleep 300',
      ],
      env: { AO_SESSION_ID: 'kp-1', ANTHROPIC_API_KEY: 'literal-must-not-win', AO_HOOK_SECRET: HOOK },
    };
    const pod = podSpec({ config, home: 'kubeplay', spawn });
    sessionDoc = sessionSecret({ namespace: 'agents', home: 'kubeplay', spawn }) as SecretManifest;
    expect(JSON.stringify(pod)).not.toContain(HOOK);
    podFile = join(dir, 'pod.yaml');
    writeFileSync(podFile, stringify(pod));
    // Podman 4.3 resolves secretKeyRef against a podman secret holding the Secret's data as JSON (key → base64).
    secretFile = join(dir, 'secret.json');
    writeFileSync(secretFile, JSON.stringify({ 'api-key': Buffer.from(SECRET).toString('base64') }));
    await podman(['kube', 'down', podFile]).catch(() => undefined);
    await podman(['secret', 'rm', 'ao-kubeplay-key']).catch(() => undefined);
    await podman(['secret', 'rm', 'ao-kubeplay-kp-1']).catch(() => undefined);
  }, 120_000);

  afterAll(async () => {
    if (podFile) await podman(['kube', 'down', podFile]).catch(() => undefined);
    await podman(['pod', 'rm', '-f', 'ao-kubeplay-kp-1']).catch(() => undefined);
    await podman(['secret', 'rm', 'ao-kubeplay-key']).catch(() => undefined);
    await podman(['secret', 'rm', 'ao-kubeplay-kp-1']).catch(() => undefined);
    await podman(['volume', 'rm', '-f', 'ao-kubeplay-data']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the command with the labels, the limits, the key and the session secret from Secrets', async () => {
    await podman(['secret', 'create', 'ao-kubeplay-key', secretFile]);
    // The session's Secret document as ao generates it: `podman kube play` takes it (it makes a podman secret)...
    const secretDoc = join(dir, 'session-secret.yaml');
    writeFileSync(secretDoc, stringify(sessionDoc));
    await podman(['kube', 'play', secretDoc]);
    await podman(['secret', 'inspect', sessionDoc.metadata.name]);
    // ...but Podman 4.3 stores the YAML document, while its secretKeyRef reads a JSON map (key -> base64): the
    // same data in that form stands in for it (a cluster resolves the document itself).
    await podman(['secret', 'rm', sessionDoc.metadata.name]);
    const sessionJson = join(dir, 'session-secret.json');
    writeFileSync(sessionJson, JSON.stringify(sessionDoc.data));
    await podman(['secret', 'create', sessionDoc.metadata.name, sessionJson]);
    await podman(['kube', 'play', podFile]);
    const logs = () => podman(['logs', 'ao-kubeplay-kp-1-agent']).catch(() => '');
    await waitFor(async () => (await logs()).includes('MEM='), 'the agent output', 60_000);
    const out = await logs();
    expect(out).toContain('AGENT-UP kp-1 in /data');
    expect(out).toContain(`KEY: ${SECRET.length} sk`);
    expect(out).toContain(`HOOK: ${HOOK.length}`);
    expect(out).toContain(`MEM=${64 * 1024 * 1024}`);
    const inspected = JSON.parse(await podman(['pod', 'inspect', 'ao-kubeplay-kp-1'])) as unknown;
    const pod = (Array.isArray(inspected) ? inspected[0] : inspected) as { Labels?: Record<string, string> }; // 4.x: an object
    expect(pod?.Labels).toMatchObject({ 'ao.session': 'kp-1', 'ao.project': 'kp', 'ao.home': 'kubeplay' });
    const [ctr] = JSON.parse(
      await podman(['inspect', '--type', 'container', 'ao-kubeplay-kp-1-agent']),
    ) as Array<{
      HostConfig: { Memory: number; CpuQuota: number; CpuPeriod: number };
      Config: { Tty: boolean; Env: string[] };
    }>;
    expect(ctr?.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect((ctr?.HostConfig.CpuQuota ?? 0) / (ctr?.HostConfig.CpuPeriod || 100_000)).toBeCloseTo(0.5);
    expect(ctr?.Config.Tty).toBe(true);
    await podman(['kube', 'down', podFile]);
    await expect(podman(['pod', 'exists', 'ao-kubeplay-kp-1'])).rejects.toThrow();
  });
});
