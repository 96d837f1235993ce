import { describe, expect, it } from 'vitest';
import { resolveSocket } from './socket';

describe('resolveSocket', () => {
  it('uses <dataDir>/tmux.sock when the path is short', () => {
    expect(resolveSocket('/home/u/.ao')).toEqual({ flag: '-S', value: '/home/u/.ao/tmux.sock' });
  });

  it('falls back to a stable -L name for a long data dir', () => {
    const long = `/tmp/${'d'.repeat(120)}`;
    const socket = resolveSocket(long);
    expect(socket.flag).toBe('-L');
    expect(socket.value).toMatch(/^ao-[0-9a-f]{12}$/);
    expect(resolveSocket(long)).toEqual(socket);
    expect(resolveSocket(`${long}x`).value).not.toBe(socket.value);
  });

  it('lets config override the socket with a path or a name', () => {
    expect(resolveSocket('/x', '/run/ao.sock')).toEqual({ flag: '-S', value: '/run/ao.sock' });
    expect(resolveSocket('/x', 'ao-dev')).toEqual({ flag: '-L', value: 'ao-dev' });
  });
});
