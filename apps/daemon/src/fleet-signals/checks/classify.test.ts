import { describe, expect, it } from 'vitest';
import { type ClassifyThresholds, classify, type OutcomeRow } from './classify';

const T: ClassifyThresholds = {
  flipRate: 0.3,
  window: 20,
  unrelatedPrs: 3,
  unrelatedWithinMs: 24 * 3_600_000,
  defaultBranch: 'main',
};
const NOW = new Date('2026-11-27T12:00:00Z');
const sha = (c: string) => c.repeat(40);
let minute = 0;
/** Outcomes given oldest first; returned newest first, as the query gives them. */
const history = (...rows: Array<[string, string, boolean]>): OutcomeRow[] =>
  rows
    .map(([branch, head, failed]) => ({
      headSha: head,
      branch,
      prNumber: null,
      onDefault: branch === 'main',
      failed,
      at: new Date(NOW.getTime() - 3_600_000 + minute++ * 60_000).toISOString(),
    }))
    .reverse();
const here = { sha: sha('f'), branch: 'ao/1', prNumber: 1 };

describe('classify: a failing check is flaky, broken-base or real, with why', () => {
  it('real: no flaky history, passing on main', () => {
    const main = history(['main', sha('1'), false]);
    expect(classify(here, history(['ao/1', sha('f'), true]), main, T, NOW)).toEqual({
      class: 'real',
      reason: 'failed on fffffff; passing on main, no sign of flakiness',
    });
  });

  it('flaky: failed then passed on one commit', () => {
    const recent = history(['ao/2', sha('a'), true], ['ao/2', sha('a'), false], ['ao/1', sha('f'), true]);
    expect(classify(here, recent, [], T, NOW)).toEqual({
      class: 'flaky',
      reason: 'failed then passed on aaaaaaa',
    });
  });

  it('not flaky: passed then failed on one commit, or failed on one and passed on the next', () => {
    const recent = history(['ao/2', sha('a'), false], ['ao/2', sha('a'), true], ['ao/2', sha('b'), false]);
    expect(classify(here, recent, [], T, NOW).class).toBe('real');
  });

  it('flaky: a high flip rate over the window', () => {
    const rows: Array<[string, string, boolean]> = [];
    for (let i = 0; i < 10; i++) rows.push(['ao/3', sha(String(i)), i % 2 === 0]);
    expect(classify(here, history(...rows), [], T, NOW)).toEqual({
      class: 'flaky',
      reason: 'flip rate 100% over last 10 runs',
    });
    expect(classify(here, history(...rows), [], { ...T, flipRate: 1.01 }, NOW).class).toBe('real');
  });

  it('broken-base: failing on the default branch, since the first failure of the streak', () => {
    const main = history(['main', sha('1'), false], ['main', sha('2'), true], ['main', sha('3'), true]);
    const found = classify(here, [], main, T, NOW);
    expect(found.class).toBe('broken-base');
    expect(found.reason).toMatch(/^also failing on main since 2026-11-27T\S+ \(2222222\)$/);
    expect(found.baseKey).toBe(`main:${sha('2')}`);
  });

  it('broken-base: failing on several unrelated PRs at once (their latest runs)', () => {
    const recent = history(['ao/2', sha('a'), true], ['ao/3', sha('b'), true], ['ao/1', sha('f'), true]);
    expect(classify(here, recent, [], T, NOW)).toMatchObject({
      class: 'broken-base',
      reason: 'fails on 3 unrelated PRs',
    });
    // One of them passed since: not enough.
    const fixed = history(['ao/2', sha('a'), true], ['ao/3', sha('b'), true], ['ao/3', sha('c'), false]);
    expect(classify(here, fixed, [], T, NOW).class).toBe('real');
  });

  it('failures on other PRs before the default branch last passed are no sign of a broken base now', () => {
    const recent = history(['ao/2', sha('a'), true], ['ao/3', sha('b'), true]);
    const mainAfter = history(['main', sha('1'), false]);
    expect(classify(here, recent, mainAfter, T, NOW)).toMatchObject({ class: 'real' });
    // Main passed before they failed: they still count.
    const mainBefore = history(['main', sha('0'), false]);
    const later = history(['ao/2', sha('c'), true], ['ao/3', sha('d'), true]);
    expect(classify(here, later, mainBefore, T, NOW)).toMatchObject({ class: 'broken-base' });
  });

  it('broken base wins over flaky: a re-run cannot fix the base', () => {
    const recent = history(['ao/2', sha('a'), true], ['ao/2', sha('a'), false]);
    const main = history(['main', sha('1'), true]);
    expect(classify(here, recent, main, T, NOW).class).toBe('broken-base');
  });
});
