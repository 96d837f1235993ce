import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Project } from '@ao/shared/api';
import { makeGitFixture } from '@ao/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ao, aoUp } from '../helpers/cli';

describe('ao init (real CLI, real git)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-init-'));
  const cleanups: Array<() => void> = [];
  afterAll(async () => {
    await ao(dataDir, ['down']).catch(() => undefined);
    for (const c of cleanups) c();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes a commented config with the repository and default branch detected, and registers projects', async () => {
    await aoUp(dataDir);
    const a = await makeGitFixture('alpha');
    const b = await makeGitFixture('beta');
    cleanups.push(a.cleanup, b.cleanup);
    await a.git(['remote', 'set-url', 'origin', 'git@github.com:acme/alpha.git']);
    await a.git(['remote', 'set-url', '--push', 'origin', a.remote]);

    const out = await ao(dataDir, ['init', '--agent', 'codex', '--runtime', 'tmux'], { cwd: a.repo });
    expect(out.stdout).toMatch(/registered/);
    const text = readFileSync(join(a.repo, 'ao.config.yaml'), 'utf8');
    expect(text).toMatch(/^# /m); // commented for the user
    const config = parse(text) as Record<string, unknown> & { project: Record<string, unknown> };
    expect(config.project).toMatchObject({ id: 'alpha', repo: 'acme/alpha', defaultBranch: 'main' });
    expect(config).toMatchObject({
      agent: 'codex',
      runtime: 'tmux',
      workspace: 'worktree',
      tracker: 'github',
    });

    await ao(dataDir, ['init', '--tracker', 'none'], { cwd: b.repo });
    const { stdout } = await ao(dataDir, ['status', '--json']);
    expect(JSON.parse(stdout)).toEqual([]);
    const projects = await fetch(
      `${JSON.parse(readFileSync(join(dataDir, 'daemon.json'), 'utf8')).url}/api/projects`,
      {
        headers: { authorization: `Bearer ${readFileSync(join(dataDir, 'token'), 'utf8').trim()}` },
      },
    ).then((r) => r.json() as Promise<{ projects: Project[] }>);
    expect(projects.projects.map((p) => p.id).sort()).toEqual(['alpha', 'beta']);

    const again = await ao(dataDir, ['init'], { cwd: a.repo }).catch((err: Error) => err);
    expect(String(again)).toMatch(/exists; edit it, or pass --force/);
  });

  it('refuses an unknown plugin before writing anything, listing the known ones', async () => {
    const c = await makeGitFixture('gamma');
    cleanups.push(c.cleanup);
    const err = await ao(dataDir, ['init', '--agent', 'nosuch'], { cwd: c.repo }).then(
      () => new Error('init succeeded'),
      (e: Error) => e,
    );
    expect(err.message).toMatch(/--agent: unknown agent plugin "nosuch"; known: claude-code, generic, codex/);
    expect(existsSync(join(c.repo, 'ao.config.yaml'))).toBe(false);
  });

  it('a broken config is reported with the file, line and key path when registered', async () => {
    const c = await makeGitFixture('delta');
    cleanups.push(c.cleanup);
    writeFileSync(
      join(c.repo, 'ao.config.yaml'),
      'project:\n  id: delta\n  name: Delta\nruntime: tmux\nagents:\n  generic:\n    command: "not-a-list"\n',
    );
    const out = await ao(dataDir, ['up', '--config', join(c.repo, 'ao.config.yaml')]).catch((e: Error) => e);
    expect(String(out instanceof Error ? out.message : out.stdout)).toMatch(/already running/);
    const info = JSON.parse(readFileSync(join(dataDir, 'daemon.json'), 'utf8')) as { url: string };
    const res = await fetch(`${info.url}/api/projects`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${readFileSync(join(dataDir, 'token'), 'utf8').trim()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ configPath: join(c.repo, 'ao.config.yaml') }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain(`${join(c.repo, 'ao.config.yaml')}:7: agents.generic.command:`);
  });

  it('`ao up --config` with several mistakes prints every one with its line, and still starts', async () => {
    const e = await makeGitFixture('epsilon');
    const otherData = mkdtempSync(join(tmpdir(), 'ao-init-up-'));
    cleanups.push(e.cleanup, () => rmSync(otherData, { recursive: true, force: true }));
    const file = join(e.repo, 'ao.config.yaml');
    writeFileSync(
      file,
      'project:\n  id: epsilon\n  name: 7\nagnet: codex\nagent: nosuch\nagents:\n  generic:\n    prompt: shout\n',
    );
    const up = await aoUp(otherData, ['--config', file]);
    try {
      const problems = up
        .output()
        .split('\n')
        .filter((l) => l.startsWith(`ao: ${file}:`));
      expect(problems.map((l) => l.slice(`ao: ${file}`.length).split(': ')[0])).toEqual([
        ':3',
        ':4',
        ':5',
        ':7',
        ':8',
      ]);
      expect(problems[2]).toContain('agent: unknown agent plugin "nosuch"');
    } finally {
      await ao(otherData, ['down']);
    }
  });
});
