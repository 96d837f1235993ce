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

const run = promisify(execFile);
const SECRET = 'sk-podman-kube-secret-value';

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
    const pod = podSpec({
      config,
      home: 'kubeplay',
      spawn: {
        sessionId: 'kp-1',
        projectId: 'kp',
        cwd: '/data',
        command: [
          '/bin/sh',
          '-c',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
          'echo "AGENT-UP $AO_SESSION_ID in $PWD"; echo "KEY: ${#ANTHROPIC_API_KEY} ${ANTHROPIC_API_KEY%%-*}"; ' +
            'echo "MEM=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"; sleep 300',
        ],
        env: { AO_SESSION_ID: 'kp-1', ANTHROPIC_API_KEY: 'literal-must-not-win' },
      },
    });
    podFile = join(dir, 'pod.yaml');
    writeFileSync(podFile, stringify(pod));
    // Podman 4.3 resolves secretKeyRef against a podman secret holding the Secret's data as JSON (key → base64).
    secretFile = join(dir, 'secret.json');
    writeFileSync(secretFile, JSON.stringify({ 'api-key': Buffer.from(SECRET).toString('base64') }));
    await podman(['kube', 'down', podFile]).catch(() => undefined);
    await podman(['secret', 'rm', 'ao-kubeplay-key']).catch(() => undefined);
  }, 120_000);

  afterAll(async () => {
    if (podFile) await podman(['kube', 'down', podFile]).catch(() => undefined);
    await podman(['pod', 'rm', '-f', 'ao-kubeplay-kp-1']).catch(() => undefined);
    await podman(['secret', 'rm', 'ao-kubeplay-key']).catch(() => undefined);
    await podman(['volume', 'rm', '-f', 'ao-kubeplay-data']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the command with the labels, the limits and the key from the Secret', async () => {
    await podman(['secret', 'create', 'ao-kubeplay-key', secretFile]);
    await podman(['kube', 'play', podFile]);
    const logs = () => podman(['logs', 'ao-kubeplay-kp-1-agent']).catch(() => '');
    await waitFor(async () => (await logs()).includes('MEM='), 'the agent output', 60_000);
    const out = await logs();
    expect(out).toContain('AGENT-UP kp-1 in /data');
    expect(out).toContain(`KEY: ${SECRET.length} sk`);
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
