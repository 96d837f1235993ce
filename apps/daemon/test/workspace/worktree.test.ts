import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceWorktree } from '../../src/plugins/workspace-worktree';
import { logged, thrown, useWorkspace } from './workspace-test-context';

/** What only the worktree plugin does; what every workspace plugin does is in workspace-contract.test.ts. */
describe('workspace plugin: worktree', { timeout: 60_000 }, () => {
  const s = useWorkspace(workspaceWorktree);

  it('creates the branch from the up-to-date remote base branch, outside the repository', async () => {
    const { fx } = s;
    const other = join(fx.root, 'other');
    await fx.git(['clone', fx.remote, other], fx.root);
    await fx.commit(other, 'upstream.txt', 'from a teammate\n');
    await fx.git(['push', 'origin', 'main'], other);
    const remoteMain = await s.remoteBranchSha('main');
    const localMain = await fx.git(['rev-parse', 'main']);
    expect(remoteMain).not.toBe(localMain);

    const info = await s.ws.create(s.opts());

    expect(info).toEqual({
      path: s.opts().path,
      branch: 'ao/demo-1',
      baseBranch: 'main',
      baseSha: remoteMain,
    });
    expect(await fx.git(['rev-parse', 'HEAD'], info.path)).toBe(remoteMain);
    expect(await fx.git(['symbolic-ref', '--short', 'HEAD'], info.path)).toBe('ao/demo-1');
    expect(info.path.startsWith(`${s.t.dataDir}/`)).toBe(true);
    expect(info.path.startsWith(`${fx.repo}/`)).toBe(false);
    expect(await fx.git(['status', '--porcelain'])).toBe(''); // nothing written into the user's checkout
    expect(await fx.git(['rev-parse', 'main'])).toBe(localMain); // the user's own branch is untouched
  });

  it('rejects a workspace path inside the repository', async () => {
    const err = await thrown(() => s.ws.create(s.opts({ path: join(s.fx.repo, 'wt') })));
    expect(err).toMatchObject({ code: 'bad_request', field: 'path' });
    expect(existsSync(join(s.fx.repo, 'wt'))).toBe(false);
  });

  it('takes the explicit `git push -u origin <branch>` form as well', async () => {
    const { path } = await s.ws.create(s.opts());
    await s.fx.commit(path, 'more.txt', 'more\n');
    await s.fx.git(['push', '-u', 'origin', 'ao/demo-1'], path);
    expect(await s.remoteBranchSha('ao/demo-1')).toBe(await s.fx.git(['rev-parse', 'HEAD'], path));
  });

  it('keeps the session branch (in the checkout) of a refused or forced removal with unpushed commits', async () => {
    const { path } = await s.ws.create(s.opts());
    await s.fx.commit(path, 'a.txt', 'a\n');
    const head = await s.fx.git(['rev-parse', 'HEAD'], path);
    await thrown(() => s.ws.remove(path, s.fx.repo, { force: false }));
    expect(await s.fx.git(['rev-parse', 'ao/demo-1'])).toBe(head);
    writeFileSync(join(path, 'draft.txt'), 'discarded\n');

    await s.ws.remove(path, s.fx.repo, { force: true });

    expect(existsSync(path)).toBe(false);
    expect(await s.fx.git(['rev-parse', 'ao/demo-1'])).toBe(head);
    expect(logged(s.t.logs, 'warn').join('\n')).toContain('kept the session branch');
  });

  it('removes a clean, pushed worktree and its branch, ignored build output included', async () => {
    const { fx } = s;
    const { path } = await s.ws.create(s.opts());
    await fx.commit(path, 'a.txt', 'a\n');
    await fx.git(['push'], path);
    writeFileSync(join(fx.repo, '.git', 'info', 'exclude'), 'build/\n');
    mkdirSync(join(path, 'build'));
    writeFileSync(join(path, 'build', 'out.js'), 'generated\n');
    expect(await s.ws.state(path, fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 0 });

    await s.ws.remove(path, fx.repo, { force: false });

    expect(existsSync(path)).toBe(false);
    expect(await fx.git(['branch', '--list', 'ao/demo-1'])).toBe('');
    expect(await fx.git(['worktree', 'list', '--porcelain'])).not.toContain(path);
  });

  it("refuses an existing branch that is not this session's", async () => {
    await s.fx.git(['branch', 'ao/taken']);
    const err = await thrown(() => s.ws.create(s.opts({ branch: 'ao/taken' })));
    expect(err).toMatchObject({ code: 'conflict' });
    expect(err.message).toContain('"ao/taken" already exists');
    expect(existsSync(s.opts().path)).toBe(false);

    await s.ws.create(s.opts());
    const other = await thrown(() =>
      s.ws.create(s.opts({ sessionId: 'demo-2', path: join(s.root, 'demo', 'demo-2') })),
    );
    expect(other).toMatchObject({ code: 'conflict' });
    expect(other.message).toContain('session demo-1');
  });

  it("re-adds the same session's worktree from its branch when the folder is gone", async () => {
    const first = await s.ws.create(s.opts());
    await s.fx.commit(first.path, 'a.txt', 'a\n');
    const head = await s.fx.git(['rev-parse', 'HEAD'], first.path);
    rmSync(first.path, { recursive: true, force: true });

    const again = await s.ws.create(s.opts());

    expect(again).toEqual(first);
    expect(await s.fx.git(['rev-parse', 'HEAD'], again.path)).toBe(head);
  });

  it('creates many worktrees of one repository at once', async () => {
    const ids = [1, 2, 3, 4, 5, 6];
    const infos = await Promise.all(
      ids.map((n) =>
        s.ws.create(
          s.opts({ sessionId: `demo-${n}`, branch: `ao/demo-${n}`, path: join(s.root, 'demo', `demo-${n}`) }),
        ),
      ),
    );
    expect(infos.map((i) => i.branch)).toEqual(ids.map((n) => `ao/demo-${n}`));
    for (const n of ids) {
      expect(await s.fx.git(['config', '--get', `branch.ao/demo-${n}.merge`])).toBe(
        `refs/heads/ao/demo-${n}`,
      );
    }
    expect(logged(s.t.logs, 'warn')).toEqual([]);
  });

  it("does not list the user's own worktrees", async () => {
    const a = await s.ws.create(s.opts());
    await s.fx.git(['worktree', 'add', '-b', 'mine', join(s.fx.root, 'users-own-worktree')]);
    expect(await s.ws.list?.(s.fx.repo)).toEqual([a.path]);
  });
});
