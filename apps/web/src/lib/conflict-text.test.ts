import type { SessionConflict } from '@ao/shared/session';
import { describe, expect, it } from 'vitest';
import { conflictFilesTitle, conflictText, dependencyText } from './conflict-text';

const c = (over: Partial<SessionConflict>): SessionConflict => ({
  with: 'ho-7',
  kind: 'conflict',
  files: ['src/x.ts'],
  fileCount: 1,
  ...over,
});

describe('conflictText', () => {
  it('names the other session, the first file and how many more', () => {
    expect(conflictText(c({ files: ['src/x.ts', 'a', 'b'], fileCount: 3 }))).toBe(
      'conflicts with ho-7 in src/x.ts (+2)',
    );
    expect(conflictText(c({}))).toBe('conflicts with ho-7 in src/x.ts');
    expect(conflictText(c({ with: 'base', kind: 'overlap' }))).toBe('also changed by the base in src/x.ts');
  });
  it('shows a newline in a file name as a mark, and quotes names in the title', () => {
    expect(conflictText(c({ files: ['a\nb'] }))).toBe('conflicts with ho-7 in a⏎b');
    expect(conflictFilesTitle(c({ files: ['-x y'], fileCount: 4 }))).toBe('"-x y"\n… and 3 more');
  });
});

describe('dependencyText', () => {
  it('names sessions with their issues, or the issue alone', () => {
    expect(dependencyText('blocked by', [])).toBeNull();
    expect(
      dependencyText('blocked by', [
        { session: 'ho-3', issue: 12, reason: 'issue' },
        { session: 'ho-4', issue: null, reason: 'conflict' },
      ]),
    ).toBe('blocked by ho-3 (#12), ho-4');
    expect(dependencyText('blocks', [{ session: null, issue: 7, reason: 'issue' }])).toBe('blocks #7');
  });
});
