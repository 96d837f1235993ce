import { describe, expect, it } from 'vitest';
import { absoluteRemoteUrl } from './remote-url';

describe('absoluteRemoteUrl', () => {
  it.each([
    ['https://github.com/o/r.git', 'https://github.com/o/r.git'],
    ['ssh://git@host:22/o/r.git', 'ssh://git@host:22/o/r.git'],
    ['git@github.com:o/r.git', 'git@github.com:o/r.git'],
    ['file:///srv/r.git', 'file:///srv/r.git'],
    ['/srv/r.git', '/srv/r.git'],
    ['../r.git', '/home/u/r.git'],
    ['./sub/r.git', '/home/u/repo/sub/r.git'],
  ])('%s -> %s', (url, expected) => {
    expect(absoluteRemoteUrl(url, '/home/u/repo')).toBe(expected);
  });
});
