import { execFile } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GIT_ENV, type GitFixture, makeGitFixture } from '@ao/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Attribution } from '../../src/insights/attribution/attribution';

const run = promisify(execFile);

/** A commit made the way an agent makes one: git with the session's environment. */
async function agentGit(args: string[], cwd: string, env: Record<string, string>) {
  return (await run('git', args, { cwd, env: { ...GIT_ENV, ...env } })).stdout.trim();
}

const plan = (model: string | null, env: Record<string, string> = {}) => ({
  command: ['x'],
  env,
  prompt: { mode: 'none' as const },
  agentSessionId: null,
  model,
});

describe('the commit-msg hook ao gives agents through their environment', () => {
  let fx: GitFixture;
  let dataDir: string;
  let wt: string;
  let attribution: Attribution;
  const session = { id: 'demo-1', projectId: 'demo', agent: 'claude-code', model: null };

  beforeEach(async () => {
    fx = await makeGitFixture('hooked');
    dataDir = mkdtempSync(join(tmpdir(), 'ao-data-'));
    chmodSync(dataDir, 0o700);
    wt = join(fx.root, 'wt');
    await fx.git(['worktree', 'add', '-q', '-b', 'ao/1', wt, 'main']);
    attribution = new Attribution({ dataDir, env: GIT_ENV, enabled: () => true });
  });
  afterEach(() => {
    fx.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const snapshot = () => ({
    config: readFileSync(join(fx.repo, '.git', 'config'), 'utf8'),
    hooks: readdirSync(join(fx.repo, '.git', 'hooks')).sort(),
  });

  it('adds the model as co-author, keeps other trailers, writes nothing into the repository', async () => {
    const before = snapshot();
    const env = attribution.envFor(session, plan('claude-sonnet-4-5'));
    expect(statSync(join(dataDir, 'hooks', 'commit-msg')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'hooks')).mode & 0o777).toBe(0o700);
    writeFileSync(join(wt, 'a.txt'), 'a\n');
    await agentGit(['add', 'a.txt'], wt, env);
    const msg = 'add a\n\nSigned-off-by: Someone <someone@example.com>';
    await agentGit(['commit', '-q', '-m', msg], wt, env);
    const body = await agentGit(['log', '-1', '--format=%B'], wt, env);
    expect(body).toContain('Signed-off-by: Someone <someone@example.com>');
    expect(body).toContain('Co-Authored-By: claude-sonnet-4-5 <noreply@anthropic.com>');

    // The model changes mid-session: the next commit names the new one.
    attribution.onModel(session, 'claude-opus-4-1');
    writeFileSync(join(wt, 'b.txt'), 'b\n');
    await agentGit(['add', 'b.txt'], wt, env);
    await agentGit(
      ['commit', '-q', '-m', 'add b\n\nCo-Authored-By: claude-opus-4-1 <noreply@anthropic.com>'],
      wt,
      env,
    );
    const second = await agentGit(['log', '-1', '--format=%B'], wt, env);
    // An identical trailer already there is not doubled.
    expect(second.match(/Co-Authored-By: claude-opus-4-1/g)).toHaveLength(1);
    expect(snapshot()).toEqual(before);
    expect(await fx.git(['config', '--get', 'core.hooksPath']).catch(() => 'unset')).toBe('unset');
  });

  it("runs the user's own hooks: commit-msg appends, pre-commit can still reject", async () => {
    const hooks = join(fx.repo, '.git', 'hooks');
    writeFileSync(join(hooks, 'commit-msg'), '#!/bin/sh\necho "Reviewed-by: user hook" >> "$1"\n', {
      mode: 0o755,
    });
    writeFileSync(
      join(hooks, 'pre-commit'),
      '#!/bin/sh\nif git diff --cached --name-only | grep -q forbidden; then echo "no forbidden files" >&2; exit 1; fi\n',
      { mode: 0o755 },
    );
    const env = attribution.envFor(session, plan('gpt-5-codex'));
    writeFileSync(join(wt, 'ok.txt'), 'ok\n');
    await agentGit(['add', 'ok.txt'], wt, env);
    await agentGit(['commit', '-q', '-m', 'ok'], wt, env);
    const body = await agentGit(['log', '-1', '--format=%B'], wt, env);
    expect(body).toContain('Co-Authored-By: gpt-5-codex <noreply@openai.com>');
    expect(body).toContain('Reviewed-by: user hook');

    writeFileSync(join(wt, 'forbidden.txt'), 'x\n');
    await agentGit(['add', 'forbidden.txt'], wt, env);
    const err = await agentGit(['commit', '-q', '-m', 'bad'], wt, env).catch((e: { stderr: string }) => e);
    expect(String((err as { stderr: string }).stderr)).toContain('no forbidden files');
    expect(await agentGit(['log', '-1', '--format=%s'], wt, env)).toBe('ok');
  });

  it("a failing user commit-msg hook fails the commit; the user's core.hooksPath is honoured", async () => {
    const own = join(fx.root, 'my-hooks');
    mkdirSync(own);
    writeFileSync(
      join(own, 'commit-msg'),
      '#!/bin/sh\ngrep -q JIRA- "$1" || { echo "needs a ticket" >&2; exit 1; }\n',
      {
        mode: 0o755,
      },
    );
    await fx.git(['config', 'core.hooksPath', own]);
    const env = attribution.envFor({ ...session, agent: 'generic' }, plan(null)); // no model known: the agent's name
    writeFileSync(join(wt, 'c.txt'), 'c\n');
    await agentGit(['add', 'c.txt'], wt, env);
    const err = await agentGit(['commit', '-q', '-m', 'no ticket'], wt, env).catch(
      (e: { stderr: string }) => e,
    );
    expect(String((err as { stderr: string }).stderr)).toContain('needs a ticket');
    await agentGit(['commit', '-q', '-m', 'JIRA-1 with ticket'], wt, env);
    expect(await agentGit(['log', '-1', '--format=%B'], wt, env)).toContain(
      'Co-Authored-By: generic <agent@ao.invalid>',
    );
  });

  it('appends to a GIT_CONFIG_COUNT the agent already has', async () => {
    const a = new Attribution({
      dataDir,
      env: {
        ...GIT_ENV,
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'user.name',
        GIT_CONFIG_VALUE_0: 'Env Name',
      },
      enabled: () => true,
    });
    const env = a.envFor(session, plan('claude-haiku-4-5'));
    expect(env.GIT_CONFIG_COUNT).toBe('2');
    const all = { GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'Env Name', ...env };
    expect(await agentGit(['config', '--get', 'user.name'], wt, all)).toBe('Env Name');
    expect(await agentGit(['config', '--get', 'core.hooksPath'], wt, all)).toBe(join(dataDir, 'hooks'));
    expect(new Attribution({ dataDir, env: {}, enabled: () => false }).envFor(session, plan('x'))).toEqual(
      {},
    );
  });
});
