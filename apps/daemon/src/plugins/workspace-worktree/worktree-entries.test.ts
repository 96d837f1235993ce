import { describe, expect, it } from 'vitest';
import { parseWorktreeList } from './worktree-entries';

describe('parseWorktreeList', () => {
  it('reads main, branch, detached and prunable entries', () => {
    const out = [
      'worktree /home/u/repo',
      'HEAD 1111111111111111111111111111111111111111',
      'branch refs/heads/main',
      '',
      'worktree /data/worktrees/demo/demo-1',
      'HEAD 2222222222222222222222222222222222222222',
      'branch refs/heads/ao/demo-1',
      '',
      'worktree /data/worktrees/demo/demo-2',
      'HEAD 3333333333333333333333333333333333333333',
      'detached',
      'prunable gitdir file points to non-existent location',
      '',
    ].join('\n');
    expect(parseWorktreeList(out)).toEqual([
      { path: '/home/u/repo', branch: 'refs/heads/main' },
      { path: '/data/worktrees/demo/demo-1', branch: 'refs/heads/ao/demo-1' },
      { path: '/data/worktrees/demo/demo-2', branch: null },
    ]);
  });
});
