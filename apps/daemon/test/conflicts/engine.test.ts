import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GitFixture, makeGitFixture } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictEngine } from '../../src/fleet-signals/conflicts/conflict-engine';
import { createRunGit, type RunGit } from '../../src/fleet-signals/conflicts/git-exec';
import { checkSha, mergeConflictsBatch } from '../../src/fleet-signals/conflicts/git-queries';
import { overlapOf } from '../../src/fleet-signals/conflicts/overlap';

const text = (edit: Record<number, string> = {}) =>
  `${Array.from({ length: 12 }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join('\n')}\n`;

describe('ConflictEngine (real git, no worktree touched)', () => {
  let g: GitFixture;
  let base: string;
  const heads: Record<string, string> = {};
  const calls: string[][] = [];
  const inputs: string[] = [];
  const counting: RunGit = (repo, args, input) => {
    calls.push([...args]);
    if (input) inputs.push(input);
    return createRunGit()(repo, args, input);
  };

  const branch = async (name: string, files: Record<string, string>) => {
    await g.git(['checkout', '-q', '-b', name, 'main']);
    for (const [f, t] of Object.entries(files)) {
      writeFileSync(join(g.repo, f), t);
      await g.git(['add', '--', f]);
    }
    await g.git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', name]);
    heads[name] = await g.git(['rev-parse', 'HEAD']);
    await g.git(['checkout', '-q', 'main']);
  };

  beforeAll(async () => {
    g = await makeGitFixture('eng');
    writeFileSync(join(g.repo, 'x.ts'), text());
    await g.git(['add', '.']);
    await g.git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'x']);
    base = await g.git(['rev-parse', 'HEAD']);
    await branch('a', { 'x.ts': text({ 1: 'a' }), '-n\nz y': 'a\n' });
    await branch('b', { 'x.ts': text({ 1: 'b' }), '-n\nz y': 'b\n' });
    await branch('c', { 'x.ts': text({ 12: 'c' }) });
    await branch('d', { 'other.ts': 'd\n' });
  });
  afterAll(() => g.cleanup());

  it('finds conflicts and overlaps; disjoint branches are never merged', async () => {
    const engine = new ConflictEngine(counting);
    const ids = ['a', 'b', 'c', 'd'];
    const out = await engine.compute(
      g.repo,
      ids.map((id) => ({ id, head: heads[id] as string })),
      base,
    );
    expect(out.get('a')).toEqual([
      { with: 'b', kind: 'conflict', files: ['-n\nz y', 'x.ts'], fileCount: 2 },
      { with: 'c', kind: 'overlap', files: ['x.ts'], fileCount: 1 },
    ]);
    expect(out.get('d')).toEqual([]);
    const merged = calls.filter((c) => c[0] === 'merge-tree');
    expect(merged).toHaveLength(2); // the 3 touching pairs (a-b, a-c, b-c), shared out between 2 processes
  });

  it('after one branch moves, runs git only for what involves its new head', async () => {
    const engine = new ConflictEngine(counting);
    const list = () => ['a', 'b', 'c'].map((id) => ({ id, head: heads[id] as string }));
    await engine.compute(g.repo, list(), base);
    await branch('c2', { 'x.ts': text({ 1: 'c2' }) });
    heads.c = heads.c2 as string;
    calls.length = 0;
    inputs.length = 0;
    const out = await engine.compute(g.repo, list(), base);
    expect(out.get('c')?.map((x) => [x.with, x.kind])).toEqual([
      ['a', 'conflict'],
      ['b', 'conflict'],
    ]);
    expect(calls.map((c) => c[0])).toEqual(['merge-base', 'diff', 'merge-tree', 'merge-tree']);
    const merged = inputs.join('').trim().split('\n');
    expect(merged).toHaveLength(2); // c-a and c-b; a-b is known
    for (const pair of merged) expect(pair).toContain(heads.c);
  });

  it('batches merges through --stdin and accepts only full commit ids', async () => {
    const run = createRunGit();
    const found = await mergeConflictsBatch(run, g.repo, [
      [heads.a as string, heads.b as string],
      [heads.a as string, heads.d as string],
    ]);
    expect(found).toEqual([['-n\nz y', 'x.ts'], []]);
    expect(() => checkSha('--output=/tmp/x')).toThrow(/not a commit id/);
    expect(() => checkSha('HEAD')).toThrow(/not a commit id/);
  });

  it('overlapOf: same paths, and a file where the other side has a directory', () => {
    expect(overlapOf(new Set(['a/b', 'c']), new Set(['c']))).toEqual({ touches: true, paths: ['c'] });
    expect(overlapOf(new Set(['a']), new Set(['a/b/c'])).touches).toBe(true);
    expect(overlapOf(new Set(['ab']), new Set(['a/b'])).touches).toBe(false);
  });
});
