import { describe, expect, it } from 'vitest';
import { UnsafeWorkspaceError } from './errors';
import { assertSafeToRemove, parseStatusZ } from './inspect';

describe('parseStatusZ', () => {
  it('keeps leading-space status codes and names with spaces, skipping rename sources', () => {
    const out = ' M README.md\0?? dir/new file.txt\0R  renamed.txt\0old.txt\0A  added.ts\0';
    expect(parseStatusZ(out)).toEqual(['README.md', 'dir/new file.txt', 'renamed.txt', 'added.ts']);
  });

  it('reads empty output as clean', () => {
    expect(parseStatusZ('')).toEqual([]);
  });
});

describe('assertSafeToRemove', () => {
  const clean = { exists: true, dirtyFiles: [], unpushed: 0 };

  it('passes a clean, pushed workspace and anything forced', () => {
    expect(() => assertSafeToRemove('/w', clean, false)).not.toThrow();
    expect(() => assertSafeToRemove('/w', { ...clean, dirtyFiles: ['a'], unpushed: 3 }, true)).not.toThrow();
  });

  it('names the files and counts the commits it refuses for', () => {
    const files = Array.from({ length: 12 }, (_, i) => `f${i}.txt`);
    let err: unknown;
    try {
      assertSafeToRemove('/w', { exists: true, dirtyFiles: files, unpushed: 2 }, false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsafeWorkspaceError);
    const unsafe = err as UnsafeWorkspaceError;
    expect(unsafe.code).toBe('unsafe_worktree');
    expect(unsafe.status).toBe(409);
    expect(unsafe.reason).toEqual({ path: '/w', dirtyFiles: files, unpushed: 2 });
    expect(unsafe.message).toContain('12 uncommitted file(s): f0.txt, f1.txt');
    expect(unsafe.message).toContain('and 2 more and 2 unpushed commit(s)');
  });
});
