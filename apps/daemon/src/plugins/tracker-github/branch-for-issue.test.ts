import { branchNameSchema } from '@ao/shared/ids';
import { describe, expect, it } from 'vitest';
import { branchForIssue } from './branch-for-issue';

describe('branchForIssue', () => {
  it('makes <prefix><number>-<slug>', () => {
    expect(branchForIssue({ number: 42, title: 'Fix login redirect' }, 'ao/')).toBe(
      'ao/42-fix-login-redirect',
    );
    expect(branchForIssue({ number: 7, title: 'Crème brûlée: add recipe!' })).toBe(
      'ao/7-creme-brulee-add-recipe',
    );
    expect(branchForIssue({ number: 3, title: 'x' }, 'feat/ao-')).toBe('feat/ao-3-x');
  });

  it.each([
    ['shell metacharacters', '$(rm -rf ~); `reboot` && echo "pwned" | sh > /etc/passwd'],
    ['git ref tricks', '../../refs/heads/main.lock @{-1} ~^:?*[\\'],
    ['leading dashes', '--upload-pack=evil -x'],
    ['newlines and control characters', 'line one\nline two\r\n\u0000\u001b[31m'],
    ['only emoji', '🔥🔥🔥'],
    ['another script', 'исправить вход'],
    ['a very long title', 'word '.repeat(200)],
    ['empty', ''],
  ])('gives a valid, safe branch for %s', (_label, title) => {
    const branch = branchForIssue({ number: 12, title }, 'ao/');
    expect(branchNameSchema.safeParse(branch).success).toBe(true);
    expect(branch).toMatch(/^ao\/12(-[a-z0-9]+(-[a-z0-9]+)*)?$/);
    expect(branch.length).toBeLessThanOrEqual('ao/12-'.length + 40);
  });

  it('falls back to the number when the title slugs to nothing', () => {
    expect(branchForIssue({ number: 5, title: '🔥🔥' })).toBe('ao/5');
  });

  it('refuses bad numbers and prefixes that make an invalid branch', () => {
    expect(() => branchForIssue({ number: 0, title: 'x' })).toThrow();
    expect(() => branchForIssue({ number: 1.5, title: 'x' })).toThrow();
    expect(() => branchForIssue({ number: 1, title: 'x' }, '-bad/')).toThrow();
    expect(() => branchForIssue({ number: 1, title: 'x' }, 'a..b/')).toThrow();
  });

  it('uses a tracker key in lowercase, and refuses keys that are not keys', () => {
    expect(branchForIssue({ number: 42, key: 'ENG-42', title: 'Fix login redirect' })).toBe(
      'ao/eng-42-fix-login-redirect',
    );
    expect(branchForIssue({ number: 7, key: 'MY_PROJ-7', title: '🔥' })).toBe('ao/my_proj-7');
    const hostile = branchForIssue({
      number: 9,
      key: 'PROJ-9',
      title: '$(rm -rf ~) ../../refs/heads/main.lock',
    });
    expect(branchNameSchema.safeParse(hostile).success).toBe(true);
    expect(hostile).toMatch(/^ao\/proj-9(-[a-z0-9]+)*$/);
    for (const key of ['eng-1', 'ENG-1/../x', '../ENG-1', 'ENG-1 ', 'ENG-1;reboot', '-ENG-1'])
      expect(() => branchForIssue({ number: 1, key, title: 'x' })).toThrow();
  });
});
