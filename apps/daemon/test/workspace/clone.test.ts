import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace, WorkspaceCreateOptions } from '@ao/shared/plugin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspaceClone } from '../../src/plugins/workspace-clone';
import { type GitFixture, makeGitFixture } from '../helpers/git-fixture';
import { logged, makeTestContext, type TestContext, thrown } from './workspace-test-context';

describe('workspace plugin: clone', { timeout: 60_000 }, () => {
  let fx: GitFixture;
  let t: TestContext;
  let ws: Workspace;
  let root: string;

  const opts = (over: Partial<WorkspaceCreateOptions> = {}): WorkspaceCreateOptions => ({
    sessionId: 'demo-1',
    repoPath: fx.repo,
    remote: 'origin',
    baseBranch: 'main',
    branch: 'ao/demo-1',
    path: join(root, 'demo', 'demo-1'),
    ...over,
  });
  const commit = async (cwd: string, file: string, text: string) => {
    writeFileSync(join(cwd, file), text);
    await fx.git(['add', file], cwd);
    await fx.git(['-c', 'commit.gpgsign=false', 'commit', '-m', `add ${file}`], cwd);
  };
  const remoteBranchSha = (branch: string) => fx.git(['rev-parse', `refs/heads/${branch}`], fx.remote);

  beforeEach(async () => {
    fx = await makeGitFixture();
    t = makeTestContext();
    root = join(t.dataDir, 'worktrees');
    ws = workspaceClone.create(workspaceClone.configSchema.parse({}), t.ctx);
  });
  afterEach(() => {
    fx.cleanup();
    t.cleanup();
  });

  it('clones the remote (not the checkout) at the up-to-date base branch, on the session branch', async () => {
    const other = join(fx.root, 'other');
    await fx.git(['clone', fx.remote, other], fx.root);
    await commit(other, 'upstream.txt', 'from a teammate\n');
    await fx.git(['push', 'origin', 'main'], other);
    await commit(fx.repo, 'local-only.txt', 'not pushed by the user\n');
    const remoteMain = await remoteBranchSha('main');

    const info = await ws.create(opts());

    expect(info).toEqual({ path: opts().path, branch: 'ao/demo-1', baseBranch: 'main', baseSha: remoteMain });
    expect(readFileSync(join(info.path, 'upstream.txt'), 'utf8')).toBe('from a teammate\n');
    expect(existsSync(join(info.path, 'local-only.txt'))).toBe(false);
    expect(await fx.git(['symbolic-ref', '--short', 'HEAD'], info.path)).toBe('ao/demo-1');
    expect(await fx.git(['remote', 'get-url', 'origin'], info.path)).toBe(fx.remote);
    expect(await fx.git(['status', '--porcelain'])).toBe('');
  });

  it('resolves a relative remote URL against the repository', async () => {
    await fx.git(['remote', 'set-url', 'origin', '../demo.git']);
    const info = await ws.create(opts());
    expect(await fx.git(['remote', 'get-url', 'origin'], info.path)).toBe(fx.remote);
  });

  it('lets an agent publish the session branch with a plain `git push`', async () => {
    const { path } = await ws.create(opts());
    await commit(path, 'feature.txt', 'work\n');
    expect((await ws.state(path, fx.repo)).unpushed).toBe(1);

    await fx.git(['push'], path);

    expect(await remoteBranchSha('ao/demo-1')).toBe(await fx.git(['rev-parse', 'HEAD'], path));
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 0 });
  });

  it('reports dirty (tracked and untracked) and unpushed state', async () => {
    const { path } = await ws.create(opts());
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 0 });
    writeFileSync(join(path, 'README.md'), 'changed\n');
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: true, unpushed: 0 });
    await fx.git(['checkout', '--', 'README.md'], path);
    writeFileSync(join(path, 'new.txt'), 'untracked\n');
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: true, unpushed: 0 });
    await fx.git(['add', '.'], path);
    await fx.git(['-c', 'commit.gpgsign=false', 'commit', '-m', 'one'], path);
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 1 });
  });

  it('refuses to remove a dirty or unpushed clone and leaves it intact; force removes it', async () => {
    const { path } = await ws.create(opts());
    writeFileSync(join(path, 'draft.txt'), 'unsaved\n');
    const dirty = await thrown(() => ws.remove(path, fx.repo, { force: false }));
    expect(dirty).toMatchObject({
      code: 'unsafe_worktree',
      reason: { dirtyFiles: ['draft.txt'], unpushed: 0 },
    });
    expect(readFileSync(join(path, 'draft.txt'), 'utf8')).toBe('unsaved\n');

    await fx.git(['add', '.'], path);
    await fx.git(['-c', 'commit.gpgsign=false', 'commit', '-m', 'draft'], path);
    const unpushed = await thrown(() => ws.remove(path, fx.repo, { force: false }));
    expect(unpushed).toMatchObject({ code: 'unsafe_worktree', reason: { dirtyFiles: [], unpushed: 1 } });
    expect(unpushed.message).toContain('1 unpushed commit(s)');
    expect(existsSync(join(path, 'draft.txt'))).toBe(true);

    await ws.remove(path, fx.repo, { force: true });
    expect(existsSync(path)).toBe(false);
    expect(logged(t.logs, 'warn').join('\n')).toContain('force-removing');
  });

  it('removes a clean, pushed clone', async () => {
    const { path } = await ws.create(opts());
    await commit(path, 'a.txt', 'a\n');
    await fx.git(['push'], path);
    await ws.remove(path, fx.repo, { force: false });
    expect(existsSync(path)).toBe(false);
    await ws.remove(path, fx.repo, { force: false }); // removing again is a no-op
  });

  it('never deletes a directory it did not clone, even forced', async () => {
    const stranger = join(root, 'demo', 'stranger');
    mkdirSync(stranger, { recursive: true });
    writeFileSync(join(stranger, 'keep.txt'), 'mine\n');
    expect(await thrown(() => ws.remove(stranger, fx.repo, { force: true }))).toMatchObject({
      code: 'bad_request',
    });
    expect(await thrown(() => ws.remove(fx.repo, fx.repo, { force: true }))).toMatchObject({
      code: 'bad_request',
    });
    expect(existsSync(join(stranger, 'keep.txt'))).toBe(true);
    expect(existsSync(join(fx.repo, 'README.md'))).toBe(true);
  });

  it.each(['--upload-pack=touch /tmp/ao-pwned', '$(id)', 'a..b', 'x y', ''])(
    'rejects the hostile branch name %j before git runs',
    async (branch) => {
      const err = await thrown(() => ws.create(opts({ branch })));
      expect(err).toMatchObject({ code: 'bad_request', field: 'branch' });
      expect(t.calls).toEqual([]);
    },
  );

  it('refuses a branch that already exists on the remote, leaving no clone behind', async () => {
    await fx.git(['push', 'origin', 'main:refs/heads/ao/demo-1']);
    const err = await thrown(() => ws.create(opts()));
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toContain('"ao/demo-1" already exists on origin');
    expect(existsSync(opts().path)).toBe(false);
  });

  it("reuses the same session's clone and refuses another session's path", async () => {
    const first = await ws.create(opts());
    await commit(first.path, 'a.txt', 'a\n');
    expect(await ws.create(opts())).toEqual(first);
    expect(await thrown(() => ws.create(opts({ sessionId: 'demo-2' })))).toMatchObject({ code: 'conflict' });
    expect(existsSync(join(first.path, 'a.txt'))).toBe(true);
  });

  it('fails clearly when the remote is unreachable', async () => {
    await fx.git(['remote', 'set-url', 'origin', join(fx.root, 'gone.git')]);
    const err = await thrown(() => ws.create(opts()));
    expect(err).toMatchObject({ code: 'runtime_error' });
    expect(existsSync(opts().path)).toBe(false);
  });

  it('lists the clones it made of the repository', async () => {
    const a = await ws.create(opts());
    const b = await ws.create(
      opts({ sessionId: 'demo-2', branch: 'ao/demo-2', path: join(root, 'demo', 'demo-2') }),
    );
    const otherRepo = await makeGitFixture('other');
    try {
      await ws.create(
        opts({ repoPath: otherRepo.repo, sessionId: 'other-1', path: join(root, 'other', 'other-1') }),
      );
      expect(await ws.list?.(fx.repo)).toEqual([a.path, b.path].sort());
    } finally {
      otherRepo.cleanup();
    }
  });
});
