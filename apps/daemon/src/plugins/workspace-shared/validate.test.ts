import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInside, validateCreateOptions } from './validate';

const base = mkdtempSync(join(tmpdir(), 'ao-validate-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('isInside', () => {
  it('sees through "..", not-yet-existing paths and symlinks', () => {
    expect(isInside(join(base, 'repo', 'a', 'b'), join(base, 'repo'))).toBe(true);
    expect(isInside(join(base, 'repo'), join(base, 'repo'))).toBe(true);
    expect(isInside(join(base, 'repo', '..', 'data'), join(base, 'repo'))).toBe(false);
    expect(isInside(join(base, 'repo-2'), join(base, 'repo'))).toBe(false);
    mkdirSync(join(base, 'repo'));
    symlinkSync(join(base, 'repo'), join(base, 'link'));
    expect(isInside(join(base, 'link', 'wt'), join(base, 'repo'))).toBe(true);
  });
});

describe('validateCreateOptions', () => {
  const opts = {
    sessionId: 'demo-1',
    repoPath: join(base, 'repo'),
    remote: 'origin',
    baseBranch: 'main',
    branch: 'feat/x',
    path: join(base, 'data', 'demo-1'),
  };

  it('accepts sound options and normalizes paths', () => {
    expect(validateCreateOptions({ ...opts, path: `${opts.path}/` })).toEqual(opts);
  });

  it.each([
    [{ branch: '-x' }, 'branch'],
    [{ baseBranch: 'main~1' }, 'baseBranch'],
    [{ remote: '-o' }, 'remote'],
    [{ remote: 'a/b' }, 'remote'],
    [{ path: 'rel' }, 'path'],
    [{ path: join(base, 'repo', 'nested') }, 'path'],
    [{ path: base }, 'path'],
    [{ repoPath: 'rel' }, 'repoPath'],
  ])('rejects %j (field %s)', (over, field) => {
    expect(() => validateCreateOptions({ ...opts, ...over })).toThrow(expect.objectContaining({ field }));
  });
});
