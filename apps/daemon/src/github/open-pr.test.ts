import { describe, expect, it } from 'vitest';
import { prBody } from './open-pr';

describe('prBody: the body of a PR ao opens', () => {
  it('says Fixes #N for a GitHub issue, so GitHub closes it when the PR merges', () => {
    const row = { id: 'demo-3', prompt: 'Work on it', issue: { number: 42, title: 'x', url: null } };
    expect(prBody(row, 'github')).toBe(
      'Opened by ao for session demo-3.\n\nFixes #42\n\nTask:\n\nWork on it',
    );
  });
  it('no Fixes line for keyed trackers, for sessions without an issue', () => {
    const keyed = { id: 'demo-4', prompt: null, issue: { number: 7, key: 'ENG-7', title: 'x', url: null } };
    expect(prBody(keyed, 'linear')).toBe('Opened by ao for session demo-4.');
    expect(prBody({ id: 'demo-5', prompt: 'p', issue: null }, 'github')).not.toContain('Fixes');
  });
});
