import { describe, expect, it } from 'vitest';
import { keyBytes } from './keys';

const normal = { applicationCursorKeys: false };

describe('keyBytes', () => {
  it('maps tmux key names to terminal bytes', () => {
    expect(keyBytes('Enter', normal)).toBe('\r');
    expect(keyBytes('Escape', normal)).toBe('\x1b');
    expect(keyBytes('C-c', normal)).toBe('\x03');
    expect(keyBytes('C-d', normal)).toBe('\x04');
    expect(keyBytes('M-x', normal)).toBe('\x1bx');
    expect(keyBytes('1', normal)).toBe('1');
    expect(keyBytes('Up', normal)).toBe('\x1b[A');
    expect(keyBytes('Up', { applicationCursorKeys: true })).toBe('\x1bOA');
  });

  it('refuses unknown names instead of typing them', () => {
    expect(() => keyBytes('Entr', normal)).toThrow(/invalid key/);
    expect(() => keyBytes('\x1b', normal)).toThrow(/invalid key/);
  });
});
