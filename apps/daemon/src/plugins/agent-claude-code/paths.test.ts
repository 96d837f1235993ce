import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeCwd, projectSlug, transcriptPath } from './paths';

describe('projectSlug', () => {
  it('replaces every non-alphanumeric character, including _ and .', () => {
    expect(projectSlug('/home/me/my_repo.v2/wt-1')).toBe('-home-me-my-repo-v2-wt-1');
    expect(projectSlug('/tmp/probe/repo')).toBe('-tmp-probe-repo');
  });

  it('cuts paths over 200 characters and appends the hash (checked against claude 2.1.197)', () => {
    // A 252-character path; the folder name below is what the real CLI created for it.
    const cwd = `/tmp/probe/${'a_b.c'.repeat(24)}/${'x'.repeat(120)}`;
    expect(cwd.length).toBe(252);
    const slug = projectSlug(cwd);
    expect(slug).toBe(`-tmp-probe-${'a-b-c'.repeat(24)}-${'x'.repeat(68)}-43hjm1`);
    expect(slug.length).toBe(207);
  });

  it('keeps a path of exactly 200 characters whole', () => {
    const cwd = `/${'y'.repeat(199)}`;
    expect(projectSlug(cwd)).toBe(`-${'y'.repeat(199)}`);
  });

  it('builds the exact transcript path', () => {
    expect(transcriptPath('/cfg', '/w/a_b', 'abc')).toBe('/cfg/projects/-w-a-b/abc.jsonl');
  });
});

describe('claudeCwd', () => {
  it('resolves symlinks like the kernel does for Claude; keeps a path that does not exist yet', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'ao-cwd-')));
    try {
      mkdirSync(join(root, 'real', 'wt'), { recursive: true });
      symlinkSync(join(root, 'real'), join(root, 'link'));
      expect(claudeCwd(join(root, 'link', 'wt'))).toBe(join(root, 'real', 'wt'));
      expect(claudeCwd(join(root, 'real', 'wt'))).toBe(join(root, 'real', 'wt'));
      expect(claudeCwd(join(root, 'link', 'missing'))).toBe(join(root, 'link', 'missing'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
