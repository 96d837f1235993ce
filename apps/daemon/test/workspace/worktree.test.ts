import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace, WorkspaceCreateOptions } from '@ao/shared/plugin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspaceWorktree } from '../../src/plugins/workspace-worktree';
import { type GitFixture, makeGitFixture } from '../helpers/git-fixture';
import { logged, makeTestContext, type TestContext, thrown } from './workspace-test-context';

describe('workspace plugin: worktree', { timeout: 60_000 }, () => {
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
    ws = workspaceWorktree.create(workspaceWorktree.configSchema.parse({}), t.ctx);
  });
  afterEach(() => {
    fx.cleanup();
    t.cleanup();
  });

  it('creates the branch from the up-to-date remote base branch, outside the repository', async () => {
    const other = join(fx.root, 'other');
    await fx.git(['clone', fx.remote, other], fx.root);
    await commit(other, 'upstream.txt', 'from a teammate\n');
    await fx.git(['push', 'origin', 'main'], other);
    const remoteMain = await remoteBranchSha('main');
    const localMain = await fx.git(['rev-parse', 'main']);
    expect(remoteMain).not.toBe(localMain);

    const info = await ws.create(opts());

    expect(info).toEqual({ path: opts().path, branch: 'ao/demo-1', baseBranch: 'main', baseSha: remoteMain });
    expect(readFileSync(join(info.path, 'upstream.txt'), 'utf8')).toBe('from a teammate\n');
    expect(await fx.git(['rev-parse', 'HEAD'], info.path)).toBe(remoteMain);
    expect(await fx.git(['symbolic-ref', '--short', 'HEAD'], info.path)).toBe('ao/demo-1');
    expect(info.path.startsWith(`${t.dataDir}/`)).toBe(true);
    expect(info.path.startsWith(`${fx.repo}/`)).toBe(false);
    expect(await fx.git(['status', '--porcelain'])).toBe(''); // nothing written into the user's checkout
    expect(await fx.git(['rev-parse', 'main'])).toBe(localMain); // the user's own branch is untouched
  });

  it('rejects a workspace path inside the repository', async () => {
    const err = await thrown(() => ws.create(opts({ path: join(fx.repo, 'wt') })));
    expect(err).toMatchObject({ code: 'bad_request', field: 'path' });
    expect(existsSync(join(fx.repo, 'wt'))).toBe(false);
  });

  it('lets an agent publish the session branch with a plain `git push`', async () => {
    const { path } = await ws.create(opts());
    await commit(path, 'feature.txt', 'work\n');
    expect((await ws.state(path, fx.repo)).unpushed).toBe(1);

    await fx.git(['push'], path);

    expect(await remoteBranchSha('ao/demo-1')).toBe(await fx.git(['rev-parse', 'HEAD'], path));
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 0 });
    await commit(path, 'more.txt', 'more\n');
    await fx.git(['push', '-u', 'origin', 'ao/demo-1'], path); // the explicit form works the same
    expect(await remoteBranchSha('ao/demo-1')).toBe(await fx.git(['rev-parse', 'HEAD'], path));
    expect(await fx.git(['rev-parse', '--verify', '--quiet', 'refs/heads/main'], fx.remote)).toBe(
      await fx.git(['rev-parse', 'main']),
    ); // main on the remote did not move
  });

  it('reports dirty (tracked and untracked) and unpushed state', async () => {
    const { path } = await ws.create(opts());
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 0 });
    writeFileSync(join(path, 'README.md'), 'changed\n');
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: true, unpushed: 0 });
    await fx.git(['checkout', '--', 'README.md'], path);
    mkdirSync(join(path, 'deep', 'dir'), { recursive: true });
    writeFileSync(join(path, 'deep', 'dir', 'new.txt'), 'untracked\n');
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: true, unpushed: 0 });
    await fx.git(['add', '.'], path);
    await fx.git(['-c', 'commit.gpgsign=false', 'commit', '-m', 'one'], path);
    await commit(path, 'two.txt', '2\n');
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 2 });
    expect(await ws.state(join(root, 'nope'), fx.repo)).toEqual({ exists: false, dirty: false, unpushed: 0 });
  });

  it('refuses to remove a dirty worktree, naming the files, and leaves it intact', async () => {
    const { path } = await ws.create(opts());
    writeFileSync(join(path, 'draft.txt'), 'unsaved work\n');

    const err = await thrown(() => ws.remove(path, fx.repo, { force: false }));

    expect(err).toMatchObject({ name: 'UnsafeWorkspaceError', code: 'unsafe_worktree', status: 409 });
    expect(err.message).toContain('1 uncommitted file(s): draft.txt');
    expect(readFileSync(join(path, 'draft.txt'), 'utf8')).toBe('unsaved work\n');
    expect(await ws.list?.(fx.repo)).toEqual([path]);
    expect(await fx.git(['branch', '--list', 'ao/demo-1'])).toContain('ao/demo-1');
  });

  it('refuses to remove a worktree with unpushed commits, saying how many, and leaves it intact', async () => {
    const { path } = await ws.create(opts());
    await commit(path, 'a.txt', 'a\n');
    await commit(path, 'b.txt', 'b\n');
    const head = await fx.git(['rev-parse', 'HEAD'], path);

    const err = await thrown(() => ws.remove(path, fx.repo, { force: false }));

    expect(err).toMatchObject({ code: 'unsafe_worktree', reason: { unpushed: 2, dirtyFiles: [] } });
    expect(err.message).toContain('2 unpushed commit(s)');
    expect(await fx.git(['rev-parse', 'HEAD'], path)).toBe(head);
    expect(await fx.git(['rev-parse', 'ao/demo-1'])).toBe(head);
  });

  it('force removes a dirty worktree but keeps a branch holding unpushed commits', async () => {
    const { path } = await ws.create(opts());
    await commit(path, 'a.txt', 'a\n');
    const head = await fx.git(['rev-parse', 'HEAD'], path);
    writeFileSync(join(path, 'draft.txt'), 'discarded\n');

    await ws.remove(path, fx.repo, { force: true });

    expect(existsSync(path)).toBe(false);
    expect(await ws.list?.(fx.repo)).toEqual([]);
    expect(await fx.git(['rev-parse', 'ao/demo-1'])).toBe(head);
    expect(logged(t.logs, 'warn').join('\n')).toContain('kept the session branch');
  });

  it('removes a clean, pushed worktree and its branch, ignored build output included', async () => {
    const { path } = await ws.create(opts());
    await commit(path, 'a.txt', 'a\n');
    await fx.git(['push'], path);
    writeFileSync(join(fx.repo, '.git', 'info', 'exclude'), 'build/\n');
    mkdirSync(join(path, 'build'));
    writeFileSync(join(path, 'build', 'out.js'), 'generated\n');
    expect(await ws.state(path, fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 0 });

    await ws.remove(path, fx.repo, { force: false });

    expect(existsSync(path)).toBe(false);
    expect(await fx.git(['branch', '--list', 'ao/demo-1'])).toBe('');
    expect(await fx.git(['worktree', 'list', '--porcelain'])).not.toContain(path);
    await ws.remove(path, fx.repo, { force: false }); // removing again is a no-op
  });

  it("never removes the user's own checkout, even forced", async () => {
    const err = await thrown(() => ws.remove(fx.repo, fx.repo, { force: true }));
    expect(err).toMatchObject({ code: 'bad_request' });
    expect(existsSync(join(fx.repo, 'README.md'))).toBe(true);
  });

  it.each([
    '--upload-pack=touch /tmp/ao-pwned',
    '-b',
    'a b',
    'x;rm -rf ~',
    '$(id)',
    'a..b',
    '../escape',
    'ends.lock',
    'new\nline',
    '',
  ])('rejects the hostile branch name %j before git runs', async (branch) => {
    const err = await thrown(() => ws.create(opts({ branch })));
    expect(err).toMatchObject({ code: 'bad_request', field: 'branch' });
    expect(t.calls).toEqual([]);
  });

  it('rejects a hostile base branch or remote before git runs', async () => {
    expect(await thrown(() => ws.create(opts({ baseBranch: '--exec=x' })))).toMatchObject({
      field: 'baseBranch',
    });
    expect(await thrown(() => ws.create(opts({ remote: '--upload-pack=x' })))).toMatchObject({
      field: 'remote',
    });
    expect(await thrown(() => ws.create(opts({ path: 'relative/dir' })))).toMatchObject({ field: 'path' });
    expect(t.calls).toEqual([]);
  });

  it("refuses an existing branch that is not this session's", async () => {
    await fx.git(['branch', 'ao/taken']);
    const err = await thrown(() => ws.create(opts({ branch: 'ao/taken' })));
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toContain('"ao/taken" already exists');
    expect(existsSync(opts().path)).toBe(false);

    await ws.create(opts());
    const other = await thrown(() =>
      ws.create(opts({ sessionId: 'demo-2', path: join(root, 'demo', 'demo-2') })),
    );
    expect(other).toMatchObject({ code: 'conflict' });
    expect(other.message).toContain('session demo-1');
  });

  it('refuses a branch that already exists on the remote', async () => {
    await fx.git(['push', 'origin', 'main:refs/heads/ao/demo-1']);
    const err = await thrown(() => ws.create(opts()));
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toContain('already exists on origin');
  });

  it("restores the same session's branch, reusing or re-adding its worktree", async () => {
    const first = await ws.create(opts());
    await commit(first.path, 'a.txt', 'a\n');
    const head = await fx.git(['rev-parse', 'HEAD'], first.path);

    expect(await ws.create(opts())).toEqual(first);
    rmSync(first.path, { recursive: true, force: true });
    const again = await ws.create(opts());

    expect(again).toEqual(first);
    expect(await fx.git(['rev-parse', 'HEAD'], again.path)).toBe(head);
  });

  it('falls back to the last fetched remote branch when the remote is unreachable', async () => {
    const before = await fx.git(['rev-parse', 'origin/main']);
    await fx.git(['remote', 'set-url', 'origin', join(fx.root, 'gone.git')]);

    const info = await ws.create(opts());

    expect(info.baseSha).toBe(before);
    expect(logged(t.logs, 'warn').join('\n')).toContain('fetch failed');
  });

  it('creates many worktrees of one repository at once', async () => {
    const ids = [1, 2, 3, 4, 5, 6];
    const infos = await Promise.all(
      ids.map((n) =>
        ws.create(
          opts({ sessionId: `demo-${n}`, branch: `ao/demo-${n}`, path: join(root, 'demo', `demo-${n}`) }),
        ),
      ),
    );
    expect(infos.map((i) => i.branch)).toEqual(ids.map((n) => `ao/demo-${n}`));
    for (const n of ids) {
      expect(await fx.git(['config', '--get', `branch.ao/demo-${n}.merge`])).toBe(`refs/heads/ao/demo-${n}`);
    }
    expect(logged(t.logs, 'warn')).toEqual([]);
  });

  it('lists the worktrees under its root only', async () => {
    const a = await ws.create(opts());
    const b = await ws.create(
      opts({ sessionId: 'demo-2', branch: 'ao/demo-2', path: join(root, 'demo', 'demo-2') }),
    );
    await fx.git(['worktree', 'add', '-b', 'mine', join(fx.root, 'users-own-worktree')]);
    expect((await ws.list?.(fx.repo))?.sort()).toEqual([a.path, b.path].sort());
  });
});
