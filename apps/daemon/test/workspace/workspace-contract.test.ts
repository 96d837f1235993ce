import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeGitFixture } from '@ao/testkit';
import { describe, expect, it } from 'vitest';
import { workspaceClone } from '../../src/plugins/workspace-clone';
import { workspaceWorktree } from '../../src/plugins/workspace-worktree';
import { logged, thrown, useWorkspace, type WorkspaceSetup } from './workspace-test-context';

/**
 * What every workspace plugin promises, run against each one: publishing with a plain `git push`, dirty and unpushed
 * state, refusing to remove work that would be lost (and leaving it intact), force, removing clean work, branches
 * that exist on the remote, reusing a session's own workspace, listing what it made, never deleting what it did not
 * make, hostile names, an unreachable remote. Plugin-specific behaviour is in worktree.test.ts and clone.test.ts.
 */
const plugins = [
  {
    name: 'worktree',
    plugin: workspaceWorktree,
    unreachable: 'falls back to the last fetched base, with a warning',
    async expectUnreachable(s: WorkspaceSetup, lastFetched: string) {
      expect((await s.ws.create(s.opts())).baseSha).toBe(lastFetched);
      expect(logged(s.t.logs, 'warn').join('\n')).toContain('fetch failed');
    },
  },
  {
    name: 'clone',
    plugin: workspaceClone,
    unreachable: 'fails clearly, leaving nothing behind',
    async expectUnreachable(s: WorkspaceSetup) {
      expect(await thrown(() => s.ws.create(s.opts()))).toMatchObject({ code: 'runtime_error' });
      expect(existsSync(s.opts().path)).toBe(false);
    },
  },
];

describe.each(plugins)(
  'workspace contract: $name',
  { timeout: 60_000 },
  ({ plugin, unreachable, expectUnreachable }) => {
    const s = useWorkspace(plugin);

    it('lets an agent publish the session branch with a plain `git push`', async () => {
      const { path } = await s.ws.create(s.opts());
      await s.fx.commit(path, 'feature.txt', 'work\n');
      expect((await s.ws.state(path, s.fx.repo)).unpushed).toBe(1);

      await s.fx.git(['push'], path);

      expect(await s.remoteBranchSha('ao/demo-1')).toBe(await s.fx.git(['rev-parse', 'HEAD'], path));
      expect(await s.ws.state(path, s.fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 0 });
      expect(await s.remoteBranchSha('main')).toBe(await s.fx.git(['rev-parse', 'main'])); // main did not move
    });

    it('reports dirty (tracked and untracked) and unpushed state, and a missing workspace', async () => {
      const { path } = await s.ws.create(s.opts());
      expect(await s.ws.state(path, s.fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 0 });
      writeFileSync(join(path, 'README.md'), 'changed\n');
      expect(await s.ws.state(path, s.fx.repo)).toEqual({ exists: true, dirty: true, unpushed: 0 });
      await s.fx.git(['checkout', '--', 'README.md'], path);
      mkdirSync(join(path, 'deep', 'dir'), { recursive: true });
      writeFileSync(join(path, 'deep', 'dir', 'new.txt'), 'untracked\n');
      expect(await s.ws.state(path, s.fx.repo)).toEqual({ exists: true, dirty: true, unpushed: 0 });
      await s.fx.git(['add', '.'], path);
      await s.fx.git(['-c', 'commit.gpgsign=false', 'commit', '-m', 'one'], path);
      await s.fx.commit(path, 'two.txt', '2\n');
      expect(await s.ws.state(path, s.fx.repo)).toEqual({ exists: true, dirty: false, unpushed: 2 });
      expect(await s.ws.state(join(s.root, 'nope'), s.fx.repo)).toEqual({
        exists: false,
        dirty: false,
        unpushed: 0,
      });
    });

    it('refuses to remove a dirty workspace, naming the files, and leaves it intact', async () => {
      const { path } = await s.ws.create(s.opts());
      writeFileSync(join(path, 'draft.txt'), 'unsaved work\n');

      const err = await thrown(() => s.ws.remove(path, s.fx.repo, { force: false }));

      expect(err).toMatchObject({
        code: 'unsafe_worktree',
        status: 409,
        reason: { dirtyFiles: ['draft.txt'] },
      });
      expect(err.message).toContain('1 uncommitted file(s): draft.txt');
      expect(readFileSync(join(path, 'draft.txt'), 'utf8')).toBe('unsaved work\n');
      expect(await s.ws.list?.(s.fx.repo)).toEqual([path]);
    });

    it('refuses to remove a workspace with unpushed commits, saying how many, and leaves it intact', async () => {
      const { path } = await s.ws.create(s.opts());
      await s.fx.commit(path, 'a.txt', 'a\n');
      await s.fx.commit(path, 'b.txt', 'b\n');
      const head = await s.fx.git(['rev-parse', 'HEAD'], path);

      const err = await thrown(() => s.ws.remove(path, s.fx.repo, { force: false }));

      expect(err).toMatchObject({ code: 'unsafe_worktree', reason: { unpushed: 2, dirtyFiles: [] } });
      expect(err.message).toContain('2 unpushed commit(s)');
      expect(await s.fx.git(['rev-parse', 'HEAD'], path)).toBe(head);
    });

    it('force removes a dirty workspace with unpushed commits', async () => {
      const { path } = await s.ws.create(s.opts());
      await s.fx.commit(path, 'a.txt', 'a\n');
      writeFileSync(join(path, 'draft.txt'), 'discarded\n');

      await s.ws.remove(path, s.fx.repo, { force: true });

      expect(existsSync(path)).toBe(false);
      expect(await s.ws.list?.(s.fx.repo)).toEqual([]);
    });

    it('removes a clean, pushed workspace; removing it again is a no-op', async () => {
      const { path } = await s.ws.create(s.opts());
      await s.fx.commit(path, 'a.txt', 'a\n');
      await s.fx.git(['push'], path);

      await s.ws.remove(path, s.fx.repo, { force: false });

      expect(existsSync(path)).toBe(false);
      expect(await s.ws.list?.(s.fx.repo)).toEqual([]);
      await s.ws.remove(path, s.fx.repo, { force: false });
    });

    it('never deletes what it did not make, even forced: a checkout among its own, the user checkout', async () => {
      const stranger = join(s.root, 'demo', 'stranger');
      await s.fx.git(['clone', '-q', s.fx.remote, stranger], s.fx.root);
      writeFileSync(join(stranger, 'keep.txt'), 'mine\n');

      expect(await thrown(() => s.ws.remove(stranger, s.fx.repo, { force: true }))).toMatchObject({
        code: 'bad_request',
      });
      expect(await thrown(() => s.ws.remove(s.fx.repo, s.fx.repo, { force: true }))).toMatchObject({
        code: 'bad_request',
      });
      expect(readFileSync(join(stranger, 'keep.txt'), 'utf8')).toBe('mine\n');
      expect(existsSync(join(s.fx.repo, 'README.md'))).toBe(true);
    });

    it('refuses a branch that already exists on the remote, leaving nothing behind', async () => {
      await s.fx.git(['push', 'origin', 'main:refs/heads/ao/demo-1']);
      const err = await thrown(() => s.ws.create(s.opts()));
      expect(err).toMatchObject({ code: 'conflict' });
      expect(err.message).toContain('"ao/demo-1" already exists on origin');
      expect(existsSync(s.opts().path)).toBe(false);
    });

    it("reuses the same session's workspace, work included", async () => {
      const first = await s.ws.create(s.opts());
      await s.fx.commit(first.path, 'a.txt', 'a\n');
      const head = await s.fx.git(['rev-parse', 'HEAD'], first.path);

      expect(await s.ws.create(s.opts())).toEqual(first);
      expect(await s.fx.git(['rev-parse', 'HEAD'], first.path)).toBe(head);
    });

    it('lists the workspaces it made of this repository only', async () => {
      const a = await s.ws.create(s.opts());
      const b = await s.ws.create(
        s.opts({ sessionId: 'demo-2', branch: 'ao/demo-2', path: join(s.root, 'demo', 'demo-2') }),
      );
      const other = await makeGitFixture('other');
      try {
        await s.ws.create(
          s.opts({ repoPath: other.repo, sessionId: 'other-1', path: join(s.root, 'other', 'other-1') }),
        );
        mkdirSync(join(s.root, 'demo', 'stranger'), { recursive: true });
        expect((await s.ws.list?.(s.fx.repo))?.sort()).toEqual([a.path, b.path].sort());
      } finally {
        other.cleanup();
      }
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
      const err = await thrown(() => s.ws.create(s.opts({ branch })));
      expect(err).toMatchObject({ code: 'bad_request', field: 'branch' });
      expect(s.t.calls).toEqual([]);
    });

    it('rejects a hostile base branch, remote or path before git runs', async () => {
      expect(await thrown(() => s.ws.create(s.opts({ baseBranch: '--exec=x' })))).toMatchObject({
        field: 'baseBranch',
      });
      expect(await thrown(() => s.ws.create(s.opts({ remote: '--upload-pack=x' })))).toMatchObject({
        field: 'remote',
      });
      expect(await thrown(() => s.ws.create(s.opts({ path: 'relative/dir' })))).toMatchObject({
        field: 'path',
      });
      expect(s.t.calls).toEqual([]);
    });

    it(`with an unreachable remote: ${unreachable}`, async () => {
      const before = await s.fx.git(['rev-parse', 'origin/main']);
      await s.fx.git(['remote', 'set-url', 'origin', join(s.fx.root, 'gone.git')]);
      await expectUnreachable(s, before);
    });
  },
);
