import { kubernetesConfigSchema } from '@ao/shared/config-kubernetes';
import { describe, expect, it } from 'vitest';
import { podName } from './labels';
import { podSpec } from './pod-spec';
import { sessionSecret } from './session-secret';

const SECRET_VALUE = 'sk-ant-very-secret-value';
const spawn = {
  sessionId: 'app-7',
  projectId: 'app',
  cwd: '/data/worktrees/app-7',
  command: ['claude', '--session-id', 'x'],
  env: { AO_SESSION_ID: 'app-7', ANTHROPIC_API_KEY: SECRET_VALUE },
};

const config = (extra: Record<string, unknown> = {}) =>
  kubernetesConfigSchema.parse({
    namespace: 'agents',
    image: 'registry.local/ao-agent:1',
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    nodeSelector: { pool: 'agents' },
    apiKeySecret: { name: 'anthropic', key: 'api-key' },
    ...extra,
  });

describe('podSpec', () => {
  it('runs the agent under the forwarder in clone mode (rules, URL, secret, an emptyDir per rule dir); not with a PVC', () => {
    const forward = {
      url: 'http://ao:3000/api/hooks/app-7/files',
      secret: 'hs-value-42',
      rules: [{ dir: '/home/a/.claude/projects/x', pattern: '^[a-z]+\\.jsonl$', mode: 'append' as const }],
    };
    const pod = podSpec({
      config: config(),
      home: 'abc',
      spawn: { ...spawn, forward },
      clone: { repoUrl: 'u', branch: 'b' },
    });
    type C = {
      command: string[];
      env: Array<{ name: string; value?: string; valueFrom?: unknown }>;
      volumeMounts: unknown[];
    };
    const agent = (pod.spec['containers'] as C[])[0];
    expect(agent?.command.slice(0, 2)).toEqual(['node', '-e']);
    expect(agent?.command.slice(3)).toEqual(['--', 'claude', '--session-id', 'x']);
    expect(agent?.env).toContainEqual({ name: 'AO_FORWARD', value: JSON.stringify(forward.rules) });
    expect(agent?.env).toContainEqual({ name: 'AO_FORWARD_URL', value: forward.url });
    expect(agent?.env).toContainEqual({ name: 'AO_FORWARD_0_DIR', value: '/home/a/.claude/projects/x' });
    // The hook secret comes from the session's Secret (named like the pod), never as a value in the spec.
    expect(JSON.stringify(pod)).not.toContain('hs-value-42');
    expect(agent?.env).toContainEqual({
      name: 'AO_HOOK_SECRET',
      valueFrom: { secretKeyRef: { name: pod.metadata.name, key: 'AO_HOOK_SECRET' } },
    });
    const doc = sessionSecret({ namespace: 'agents', home: 'abc', spawn: { ...spawn, forward } });
    expect(doc?.metadata.name).toBe(pod.metadata.name);
    expect(doc?.metadata.labels).toEqual(pod.metadata.labels);
    expect(doc?.data).toEqual({ AO_HOOK_SECRET: Buffer.from('hs-value-42').toString('base64') });
    expect(sessionSecret({ namespace: 'agents', home: 'abc', spawn })).toBeNull();
    // A worker's MCP token (Codex, OpenCode) is a session secret too.
    const mcp = { ...spawn, env: { ...spawn.env, AO_MCP_TOKEN: 'tok-123456' } };
    const withToken = podSpec({
      config: config(),
      home: 'abc',
      spawn: mcp,
      clone: { repoUrl: 'u', branch: 'b' },
    });
    expect(JSON.stringify(withToken)).not.toContain('tok-123456');
    expect(Object.keys(sessionSecret({ namespace: 'agents', home: 'abc', spawn: mcp })?.data ?? {})).toEqual([
      'AO_MCP_TOKEN',
    ]);
    expect(agent?.volumeMounts).toContainEqual({
      name: 'ao-forward-0',
      mountPath: '/home/a/.claude/projects/x',
    });
    expect(pod.spec['volumes']).toContainEqual({ name: 'ao-forward-0', emptyDir: {} });
    const pvc = podSpec({
      config: config({ workspace: { mode: 'pvc', claimName: 'data', mountPath: '/data' } }),
      home: 'abc',
      spawn: { ...spawn, forward },
    });
    expect((pvc.spec['containers'] as C[])[0]?.command).toEqual(['claude', '--session-id', 'x']);
  });

  it('takes the API key from the Secret by reference and never writes its value', () => {
    const pod = podSpec({
      config: config(),
      home: 'abc',
      spawn,
      clone: { repoUrl: 'https://x/r.git', branch: 'ao/7' },
    });
    const text = JSON.stringify(pod);
    expect(text).not.toContain(SECRET_VALUE);
    const agent = (pod.spec['containers'] as Array<{ env: unknown[] }>)[0];
    expect(agent?.env).toContainEqual({
      name: 'ANTHROPIC_API_KEY',
      valueFrom: { secretKeyRef: { name: 'anthropic', key: 'api-key' } },
    });
    expect(agent?.env.filter((e) => (e as { name: string }).name === 'ANTHROPIC_API_KEY')).toHaveLength(1);
  });

  it('labels the pod for recovery and names it per daemon and session', () => {
    const pod = podSpec({ config: config(), home: 'abc', spawn, clone: { repoUrl: 'u', branch: 'b' } });
    expect(pod.metadata).toEqual({
      name: 'ao-abc-app-7',
      namespace: 'agents',
      labels: { 'ao.session': 'app-7', 'ao.project': 'app', 'ao.home': 'abc' },
    });
    expect(podName('abc', 'a_b-1')).toMatch(/^ao-abc-a-b-1-[0-9a-f]{6}$/);
    expect(podName('abc', 'a_b-1')).not.toBe(podName('abc', 'a-b-1'));
  });

  it('sets requests, limits, the node selector, a TTY with stdin, and never restarts', () => {
    const pod = podSpec({ config: config(), home: 'abc', spawn, clone: { repoUrl: 'u', branch: 'b' } });
    const agent = (pod.spec['containers'] as Array<Record<string, unknown>>)[0];
    expect(agent).toMatchObject({
      name: 'agent',
      image: 'registry.local/ao-agent:1',
      command: spawn.command,
      workingDir: spawn.cwd,
      tty: true,
      stdin: true,
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    });
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Never',
      nodeSelector: { pool: 'agents' },
      automountServiceAccountToken: false,
    });
  });

  it('clones in an init container into an emptyDir at the worktree path, data as arguments', () => {
    const pod = podSpec({
      config: config(),
      home: 'abc',
      spawn,
      clone: { repoUrl: 'https://git.example/r.git; rm -rf /', branch: 'ao/7' },
    });
    const init = (pod.spec['initContainers'] as Array<{ command: string[]; volumeMounts: unknown[] }>)[0];
    expect(init?.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(init?.command[2]).not.toContain('rm -rf');
    expect(init?.command.slice(3)).toEqual([
      'clone',
      'https://git.example/r.git; rm -rf /',
      spawn.cwd,
      'ao/7',
    ]);
    expect(init?.volumeMounts).toEqual([{ name: 'workspace', mountPath: spawn.cwd }]);
    expect(pod.spec['volumes']).toEqual([{ name: 'workspace', emptyDir: {} }]);
  });

  it('mounts the data-dir PVC at the same path and refuses a worktree outside it', () => {
    const pvc = config({ workspace: { mode: 'pvc', claimName: 'ao-data', mountPath: '/data' } });
    const pod = podSpec({ config: pvc, home: 'abc', spawn });
    expect(pod.spec['volumes']).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'ao-data' } }]);
    expect(pod.spec['initContainers']).toBeUndefined();
    expect(() => podSpec({ config: pvc, home: 'abc', spawn: { ...spawn, cwd: '/home/u/wt' } })).toThrow(
      /not under workspace.mountPath/,
    );
  });

  it('rejects bad config naming the key', () => {
    const r = kubernetesConfigSchema.safeParse({
      namespace: 'Bad_NS',
      resources: { limits: { cpu: 'lots' } },
    });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('namespace');
    expect(paths).toContain('resources.limits.cpu');
  });

  it("gives the agent a writable state dir seeded from its session files (clone only), before the rules' dirs", () => {
    const files = { dir: '/data/sessions/app-7', files: { 'seed.json': '{}', 'settings.json': '{}' } };
    const stateSeed = {
      dir: '/home/a/.claude',
      copies: [{ from: '/data/sessions/app-7/seed.json', to: '/home/a/.claude/.claude.json' }],
      env: { CLAUDE_CONFIG_DIR: '/home/a/.claude' },
    };
    const forward = {
      url: 'http://ao:3000/api/hooks/app-7/files',
      secret: 'hs',
      rules: [{ dir: '/home/a/.claude/sessions', pattern: '^\\d+\\.json$', mode: 'replace' as const }],
    };
    const input = { config: config(), home: 'abc', files, clone: { repoUrl: 'u', branch: 'b' } };
    const pod = podSpec({ ...input, spawn: { ...spawn, stateSeed, forward } });
    type C = { command: string[]; env: Array<{ name: string; value?: string }>; volumeMounts: unknown[] };
    const agent = (pod.spec['containers'] as C[])[0];
    expect(agent?.env).toContainEqual({ name: 'AO_SEED_0_FROM', value: '/data/sessions/app-7/seed.json' });
    expect(agent?.env).toContainEqual({ name: 'AO_SEED_0_TO', value: '/home/a/.claude/.claude.json' });
    expect(agent?.env).toContainEqual({ name: 'CLAUDE_CONFIG_DIR', value: '/home/a/.claude' });
    expect(pod.spec['volumes']).toContainEqual({ name: 'ao-agent-state', emptyDir: {} });
    const mounts = (agent?.volumeMounts ?? []) as Array<{ name: string }>;
    const at = (name: string) => mounts.findIndex((m) => m.name === name);
    expect(at('ao-agent-state')).toBeGreaterThanOrEqual(0);
    expect(at('ao-agent-state')).toBeLessThan(at('ao-forward-0'));
    // Seeds alone still run the forwarder (it copies them); a seed that is not a shipped file is refused.
    const alone = podSpec({ ...input, spawn: { ...spawn, stateSeed } });
    expect((alone.spec['containers'] as C[])[0]?.command.slice(0, 2)).toEqual(['node', '-e']);
    const stray = { ...stateSeed, copies: [{ from: '/etc/passwd', to: '/home/a/.claude/.claude.json' }] };
    expect(() => podSpec({ ...input, spawn: { ...spawn, stateSeed: stray } })).toThrow(
      /not one of its session files/,
    );
    const outside = { ...stateSeed, copies: [{ from: '/data/sessions/app-7/seed.json', to: '/etc/x' }] };
    expect(() => podSpec({ ...input, spawn: { ...spawn, stateSeed: outside } })).toThrow(
      /not in its state dir/,
    );
    // A PVC shares the daemon's disk: nothing of this.
    const pvc = podSpec({
      config: config({ workspace: { mode: 'pvc', claimName: 'data', mountPath: '/data' } }),
      home: 'abc',
      spawn: { ...spawn, stateSeed },
    });
    expect(JSON.stringify(pvc)).not.toContain('AO_SEED');
  });
});
