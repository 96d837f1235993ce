import { describe, expect, it } from 'vitest';
import { graphqlUrlFor, splitRepo, tokenOf } from './github-client';

describe('github client settings', () => {
  it('derives the GraphQL endpoint for github.com and GitHub Enterprise', () => {
    expect(graphqlUrlFor('https://api.github.com')).toBe('https://api.github.com/graphql');
    expect(graphqlUrlFor('https://ghe.example/api/v3/')).toBe('https://ghe.example/api/graphql');
  });

  it('takes the token from token, then GITHUB_TOKEN, then GH_TOKEN', () => {
    expect(tokenOf({ token: 'a', GITHUB_TOKEN: 'b', GH_TOKEN: 'c' })).toBe('a');
    expect(tokenOf({ GITHUB_TOKEN: 'b', GH_TOKEN: 'c' })).toBe('b');
    expect(tokenOf({ GITHUB_TOKEN: '', GH_TOKEN: 'c' })).toBe('c');
    expect(tokenOf({})).toBeUndefined();
  });

  it('splits owner/name and refuses anything else', () => {
    expect(splitRepo('acme/app.js')).toEqual({ owner: 'acme', repo: 'app.js' });
    for (const bad of ['acme', 'acme/app/x', '../x', 'acme/..', '-x/y', 'acme/app?x=1', '']) {
      expect(() => splitRepo(bad)).toThrow(/owner\/name/);
    }
  });
});
