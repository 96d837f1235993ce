import { describe, expect, it } from 'vitest';
import { firstLine, formatAge, formatCost, formatTokens, issueLabel } from './format';

describe('formatAge', () => {
  const now = Date.parse('2026-01-02T12:00:00Z');
  it.each([
    ['2026-01-02T12:00:00Z', 'just now'],
    ['2026-01-02T11:59:30Z', '30s'],
    ['2026-01-02T11:55:00Z', '5m'],
    ['2026-01-02T09:00:00Z', '3h'],
    ['2025-12-30T12:00:00Z', '3d'],
    ['2026-01-02T12:00:10Z', 'just now'],
  ])('%s → %s', (iso, want) => {
    expect(formatAge(iso, now)).toBe(want);
  });
  it('handles missing and invalid times', () => {
    expect(formatAge(null, now)).toBe('—');
    expect(formatAge('not a date', now)).toBe('—');
  });
});

describe('formatCost', () => {
  it.each([
    [0, '$0.00'],
    [0.4234, '$0.42'],
    [12.345, '$12.3'],
    [1234, '$1.2k'],
    [Number.NaN, '$0.00'],
  ])('%d → %s', (usd, want) => {
    expect(formatCost(usd)).toBe(want);
  });
});

describe('formatTokens', () => {
  it.each([
    [950, '950'],
    [1234, '1.2k'],
    [12_345, '12k'],
    [4_500_000, '4.5M'],
  ])('%d → %s', (n, want) => {
    expect(formatTokens(n)).toBe(want);
  });
});

describe('firstLine', () => {
  it('takes the first non-empty line and trims it', () => {
    expect(firstLine('\n\n  Fix the login bug  \nmore')).toBe('Fix the login bug');
  });
  it('cuts long lines with an ellipsis', () => {
    expect(firstLine('a'.repeat(200), 10)).toBe(`${'a'.repeat(9)}…`);
  });
  it('returns empty for null', () => {
    expect(firstLine(null)).toBe('');
  });
});

describe('issueLabel', () => {
  it('names a GitHub issue by number and a Linear/Jira issue by key', () => {
    expect(issueLabel({ number: 42 })).toBe('#42');
    expect(issueLabel({ number: 42, key: 'ENG-42' })).toBe('ENG-42');
  });
});
