import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerConfigSchema, memoryBytes } from './config';
import { callbackUrl, containerSpec, gitDirsOf } from './container-spec';
import { toRuntimeEvent } from './engine-events';
import { stateOf } from './engine-state';

const root = mkdtempSync(join(tmpdir(), 'ao-ctr-spec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('container spec', () => {
  const worktree = join(root, 'wt');
  const gitdir = join(root, 'repo', '.git', 'worktrees', 'wt');
  mkdirSync(worktree, { recursive: true });
  mkdirSync(gitdir, { recursive: true });
  writeFileSync(join(worktree, '.git'), `gitdir: ${gitdir}\n`);
  writeFileSync(join(gitdir, 'commondir'), '../..\n');

  it("mounts the worktree, its repository's git dir and the state dirs at the same paths, with labels and limits", () => {
    const config = containerConfigSchema.parse({ image: 'img', cpus: 1.5, memory: '512m', env: ['KEEP'] });
    const spec = containerSpec({
      config,
      home: 'h1',
      kind: 'podman',
      spawn: {
        sessionId: 'p-1',
        projectId: 'p',
        cwd: worktree,
        command: ['agent', '--x'],
        env: { AO_SESSION_ID: 'p-1' },
        mounts: [join(root, 'session'), join(root, 'session', 'inner')],
      },
      cols: 80,
      rows: 24,
      hostEnv: { KEEP: 'yes', DROP: 'no' },
    });
    expect(spec.name).toBe('ao-h1-p-1');
    expect(spec.Labels).toEqual({ 'ao.session': 'p-1', 'ao.project': 'p', 'ao.home': 'h1' });
    expect(spec.HostConfig?.Binds).toEqual([
      `${worktree}:${worktree}`,
      `${join(root, 'repo', '.git')}:${join(root, 'repo', '.git')}`,
      `${join(root, 'session')}:${join(root, 'session')}`,
    ]);
    expect(spec.HostConfig?.Memory).toBe(512 * 1024 * 1024);
    expect(spec.HostConfig?.NanoCpus).toBe(1.5e9);
    expect(spec.Env).toContain('KEEP=yes');
    expect(spec.Env?.some((e) => e.startsWith('DROP='))).toBe(false);
    expect(spec.Cmd).toEqual(['agent', '--x']);
  });

  it('refuses a mount path that would be read as options', () => {
    const config = containerConfigSchema.parse({});
    const spawn = { sessionId: 'p-1', cwd: '/tmp/a:ro', command: ['x'], env: {} };
    expect(() =>
      containerSpec({ config, home: 'h', kind: 'docker', spawn, cols: 80, rows: 24, hostEnv: {} }),
    ).toThrow(/cannot mount/);
  });

  it('gives agents the daemon URL through the host gateway on a bridge, as is otherwise', () => {
    const url = 'http://127.0.0.1:3000';
    expect(callbackUrl(containerConfigSchema.parse({}), url)).toBe(url);
    expect(callbackUrl(containerConfigSchema.parse({ network: 'bridge' }), url)).toBe(
      'http://host.containers.internal:3000',
    );
    expect(callbackUrl(containerConfigSchema.parse({ daemonUrl: 'http://10.0.0.2:9/' }), url)).toBe(
      'http://10.0.0.2:9',
    );
  });

  it('reads sizes, and finds no git dir for a plain directory', () => {
    expect(memoryBytes('2g')).toBe(2 * 1024 ** 3);
    expect(memoryBytes('1000')).toBe(1000);
    expect(containerConfigSchema.safeParse({ memory: 'lots' }).success).toBe(false);
    expect(gitDirsOf(root)).toEqual([]);
  });
});

describe('engine events and states', () => {
  const actor = (attrs: Record<string, string>) => ({ ID: 'c1', Attributes: attrs });
  it('maps die to an exit with its code, remove to gone, and ignores the rest', () => {
    expect(
      toRuntimeEvent({
        Type: 'container',
        Action: 'die',
        Actor: actor({ 'ao.session': 's-1', exitCode: '137' }),
      }),
    ).toEqual({
      type: 'exited',
      id: 's-1',
      exitCode: 137,
      signal: null,
    });
    expect(
      toRuntimeEvent({ Type: 'container', Action: 'remove', Actor: actor({ 'ao.session': 's-1' }) }),
    ).toEqual({
      type: 'gone',
      id: 's-1',
    });
    expect(
      toRuntimeEvent({ Type: 'container', Action: 'start', Actor: actor({ 'ao.session': 's-1' }) }),
    ).toBeNull();
    expect(toRuntimeEvent({ Type: 'container', Action: 'die', Actor: actor({}) })).toBeNull();
  });

  it('reads a listed container as alive, exited with its code, or gone', () => {
    const c = (State: string, Status: string) => ({ State, Status }) as Parameters<typeof stateOf>[0];
    expect(stateOf(c('running', 'Up 3 seconds'))).toEqual({ state: 'alive' });
    expect(stateOf(c('exited', 'Exited (3) 1 second ago'))).toEqual({
      state: 'exited',
      exitCode: 3,
      signal: null,
    });
    expect(stateOf(undefined)).toEqual({ state: 'gone' });
  });
});
