import { describe, expect, it } from 'vitest';
import { overlap } from './pod-ttys';

describe('overlap (the head of the attach stream already in the pod log)', () => {
  it('finds what the log read after the attach already holds', () => {
    expect(overlap('AGENT-UP x\nURL: u\n', 'URL: u\nHOOK: 204\n')).toBe('URL: u\n'.length);
    expect(overlap('AGENT-UP x\n', 'AGENT-UP x\n')).toBe('AGENT-UP x\n'.length); // all of it printed before the read
    expect(overlap('AGENT-UP x\n', 'HOOK: 204\n')).toBe(0); // all printed after the read
    expect(overlap('', 'HOOK')).toBe(0);
    expect(overlap('abc', '')).toBe(0);
  });
});
