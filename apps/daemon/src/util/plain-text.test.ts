import { describe, expect, it } from 'vitest';
import { plainText } from './plain-text';

describe('plainText', () => {
  it('removes colours, cursor moves and titles, and keeps the words', () => {
    const raw = '\x1b]0;claude\x07\x1b[2K\x1b[1;31mError:\x1b[0m Unable to connect\r\n\x1b[?25hbye\r\n';
    expect(plainText(raw)).toBe('Error: Unable to connect\nbye\n');
  });
});
