import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GitFixture, git, makeGitFixture } from '@ao/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitRunner, type GitRunner } from '../../src/fleet-signals/merge-queue/run-git';
import {
  type BranchTarget,
  inspectBranch,
  mergesCleanly,
  rebaseBranch,
} from '../../src/fleet-signals/merge-queue/update-branch';

const commit = async (cwd: string, file: string, text: string, message = `edit ${file}`) => {
  writeFileSync(join(cwd, file), text);
  await git(['add', '--', file], cwd);
  await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], cwd);
};
/** What a worktree looks like: its HEAD, its branch, and every change git sees (untracked included). */
const snapshot = async (cwd: string) => ({
  head: await git(['rev-parse', 'HEAD'], cwd),
  ref: await git(['symbolic-ref', 'HEAD'], cwd),
  status: await git(['status', '--porcelain=v1', '--untracked-files=all'], cwd),
});

describe('updateBranch: rebasing a session branch in its worktree (real git, bare remote)', () => {
  let g: GitFixture;
  let wt: string;
  let t: BranchTarget;
  const realGit = createGitRunner();
  const remoteTip = (ref: string) => git(['rev-parse', `refs/heads/${ref}`], g.remote);

  beforeEach(async () => {
    g = await makeGitFixture('upd');
    await commit(g.repo, 'shared.txt', 'one\ntwo\nthree\n');
    await g.git(['push', '-q', 'origin', 'main']);
    wt = join(g.root, 'wt');
    await g.git(['worktree', 'add', '-q', '-b', 'ao/feature', wt, 'main']);
    await commit(wt, 'feature.txt', 'feature\n', 'agent work');
    await git(['push', '-q', 'origin', 'ao/feature'], wt);
    t = { worktree: wt, remote: 'origin', branch: 'ao/feature', base: 'main' };
  });
  afterEach(() => g.cleanup());

  /** main moves on the remote (another PR merged). */
  const moveMain = async (file: string, text: string) => {
    await commit(g.repo, file, text, 'main moves');
    await g.git(['push', '-q', 'origin', 'main']);
    return g.git(['rev-parse', 'HEAD']);
  };

  it('up to date: nothing to do', async () => {
    const at = await inspectBranch(realGit, t);
    expect(at.upToDate).toBe(true);
    expect(at.head).toBe(at.pushed);
  });

  it('mergesCleanly: a branch behind a base that changed other files merges cleanly; one editing the same line does not', async () => {
    await moveMain('other.txt', 'other\n');
    expect(await mergesCleanly(realGit, t, await inspectBranch(realGit, t))).toBe(true);
    await commit(wt, 'shared.txt', 'one\nTWO by the agent\nthree\n', 'agent edits shared');
    await git(['push', '-q', 'origin', 'ao/feature'], wt);
    await moveMain('shared.txt', 'one\nTWO by main\nthree\n');
    expect(await mergesCleanly(realGit, t, await inspectBranch(realGit, t))).toBe(false);
  });

  it('a clean worktree is rebased onto the new base and pushed with a lease', async () => {
    const mainTip = await moveMain('other.txt', 'other\n');
    const calls: string[][] = [];
    const spy: GitRunner = (cwd, args, o) => {
      calls.push([...args]);
      return realGit(cwd, args, o);
    };
    const at = await inspectBranch(spy, t);
    expect(at.upToDate).toBe(false);
    const out = await rebaseBranch(spy, t, at);
    expect(out.kind).toBe('rebased');
    const pushed = await remoteTip('ao/feature');
    expect(pushed).toBe(await git(['rev-parse', 'HEAD'], wt));
    // The pushed branch has the base commit and the agent's commit on top.
    expect(await git(['rev-parse', `${pushed}~1`], g.remote)).toBe(mainTip);
    expect(await git(['log', '-1', '--format=%s', pushed], g.remote)).toBe('agent work');
    expect(calls.find((c) => c[0] === 'push')).toContain(`--force-with-lease=ao/feature:${at.pushed}`);
    expect((await snapshot(wt)).status).toBe('');
  });

  it('a rebase that stops on conflicts is aborted: the worktree is exactly as before, the files are named', async () => {
    await commit(wt, 'shared.txt', 'one\nTWO by the agent\nthree\n', 'agent edits shared');
    await git(['push', '-q', 'origin', 'ao/feature'], wt);
    await moveMain('shared.txt', 'one\nTWO by main\nthree\n');
    const before = await snapshot(wt);
    const pushedBefore = await remoteTip('ao/feature');
    const out = await rebaseBranch(realGit, t, await inspectBranch(realGit, t));
    expect(out).toEqual({ kind: 'conflict', files: ['shared.txt'] });
    expect(await snapshot(wt)).toEqual(before);
    expect(await remoteTip('ao/feature')).toBe(pushedBefore);
  });

  /** A runner that lets the agent edit its worktree while git rebases (after the rebase command ran). */
  const agentEditsDuringRebase = (edit: () => void): GitRunner => {
    return async (cwd, args, o) => {
      const out = await realGit(cwd, args, o);
      if (args.includes('rebase') && !args.includes('--abort')) edit();
      return out;
    };
  };

  it('the agent editing its worktree while a rebase stops on conflicts loses nothing: the rebase is not in its worktree', async () => {
    await commit(wt, 'shared.txt', 'one\nTWO by the agent\nthree\n', 'agent edits shared');
    await git(['push', '-q', 'origin', 'ao/feature'], wt);
    await moveMain('shared.txt', 'one\nTWO by main\nthree\n');
    const head = await git(['rev-parse', 'HEAD'], wt);
    const seen: string[] = [];
    const spy = agentEditsDuringRebase(() => {
      seen.push(readFileSync(join(wt, 'shared.txt'), 'utf8'));
      writeFileSync(join(wt, 'feature.txt'), 'the agent typed this meanwhile\n');
    });
    const out = await rebaseBranch(spy, t, await inspectBranch(realGit, t));
    expect(out).toEqual({ kind: 'conflict', files: ['shared.txt'] });
    // The agent never saw conflict markers, and its edit is still there.
    expect(seen).toEqual(['one\nTWO by the agent\nthree\n']);
    expect(readFileSync(join(wt, 'feature.txt'), 'utf8')).toBe('the agent typed this meanwhile\n');
    expect(await git(['rev-parse', 'HEAD'], wt)).toBe(head);
    expect(await git(['worktree', 'list', '--porcelain'], wt)).not.toContain('ao-rebase-');
  });

  it('the agent editing its worktree while a clean rebase runs: nothing is pushed, the edit stays', async () => {
    await moveMain('other.txt', 'other\n');
    const pushedBefore = await remoteTip('ao/feature');
    const head = await git(['rev-parse', 'HEAD'], wt);
    const spy = agentEditsDuringRebase(() =>
      writeFileSync(join(wt, 'feature.txt'), 'the agent typed this meanwhile\n'),
    );
    const out = await rebaseBranch(spy, t, await inspectBranch(realGit, t));
    expect(out).toMatchObject({ kind: 'unsafe', reason: 'the worktree has uncommitted changes' });
    expect(readFileSync(join(wt, 'feature.txt'), 'utf8')).toBe('the agent typed this meanwhile\n');
    expect(await git(['rev-parse', 'HEAD'], wt)).toBe(head);
    expect(await remoteTip('ao/feature')).toBe(pushedBefore);
  });

  it('an unpushed commit or an uncommitted change is never rewritten', async () => {
    await moveMain('other.txt', 'other\n');
    await commit(wt, 'more.txt', 'not pushed\n', 'unpushed work');
    const before = await snapshot(wt);
    const pushedBefore = await remoteTip('ao/feature');
    const out = await rebaseBranch(realGit, t, await inspectBranch(realGit, t));
    expect(out).toMatchObject({ kind: 'unsafe', reason: 'the branch has commits not pushed to origin' });
    expect(await snapshot(wt)).toEqual(before);
    expect(await remoteTip('ao/feature')).toBe(pushedBefore);

    await git(['reset', '-q', '--hard', pushedBefore], wt);
    writeFileSync(join(wt, 'feature.txt'), 'edited, not committed\n');
    const dirty = await snapshot(wt);
    const again = await rebaseBranch(realGit, t, await inspectBranch(realGit, t));
    expect(again).toMatchObject({ kind: 'unsafe', reason: 'the worktree has uncommitted changes' });
    expect(await snapshot(wt)).toEqual(dirty);
  });

  it('the lease holds: a branch pushed by someone else meanwhile is not overwritten, and the worktree goes back', async () => {
    await moveMain('other.txt', 'other\n');
    const at = await inspectBranch(realGit, t);
    const before = await snapshot(wt);
    // Someone pushes to the branch between ao's fetch and its push.
    const other = join(g.root, 'other-clone');
    await git(['clone', '-q', '--branch', 'ao/feature', g.remote, other], g.root);
    await commit(other, 'theirs.txt', 'theirs\n', 'pushed by someone else');
    await git(['push', '-q', 'origin', 'ao/feature'], other);
    const theirs = await git(['rev-parse', 'HEAD'], other);
    const out = await rebaseBranch(realGit, t, at);
    expect(out.kind).toBe('push-refused');
    expect(await remoteTip('ao/feature')).toBe(theirs);
    expect(await snapshot(wt)).toEqual(before);
  });
});
