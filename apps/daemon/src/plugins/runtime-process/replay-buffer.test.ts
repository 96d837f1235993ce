import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer';

describe('ReplayBuffer', () => {
  it('keeps everything while under the limit', () => {
    const buffer = new ReplayBuffer(100);
    buffer.append('abc');
    buffer.append('def\r\n');
    expect(buffer.text()).toBe('abcdef\r\n');
  });

  it('keeps only the newest output, starting after a line break', () => {
    const buffer = new ReplayBuffer(20);
    for (let i = 0; i < 10; i++) buffer.append(`line-${i}\r\n`);
    expect(buffer.length).toBeLessThanOrEqual(20);
    expect(buffer.text()).toBe('line-8\r\nline-9\r\n');
  });

  it('trims one oversized chunk', () => {
    const buffer = new ReplayBuffer(10);
    buffer.append(`${'x'.repeat(30)}\nyz`);
    expect(buffer.length).toBe(10);
    expect(buffer.text()).toBe('yz');
  });
});
