import { describe, expect, it } from 'vitest';
import { logExcerpt } from './log-excerpt';

const numbered = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

describe('logExcerpt', () => {
  it('keeps the lines that end just after the first ##[error]', () => {
    const log = [
      ...numbered(200),
      'boom: expected 1 to be 2',
      '##[error]Process completed with exit code 1.',
      ...numbered(50, 'after'),
    ];
    const lines = logExcerpt(log.join('\n')).split('\n');
    expect(lines).toHaveLength(60);
    expect(lines).toContain('boom: expected 1 to be 2');
    expect(lines).toContain('##[error]Process completed with exit code 1.');
    expect(lines.at(-1)).toBe('after 4');
    expect(lines).not.toContain('line 100');
  });

  it('uses the first ##[error], not a later one', () => {
    const log = [...numbered(100), '##[error]first', ...numbered(100, 'mid'), '##[error]second'].join('\n');
    const text = logExcerpt(log);
    expect(text).toContain('##[error]first');
    expect(text).not.toContain('##[error]second');
  });

  it('without ##[error], starts a little before the first error-looking line', () => {
    const log = [...numbered(100), 'Error: cannot find module x', ...numbered(100, 'tail')].join('\n');
    const lines = logExcerpt(log).split('\n');
    expect(lines).toHaveLength(60);
    expect(lines[20]).toBe('Error: cannot find module x');
  });

  it('without any error, keeps the last lines', () => {
    const lines = logExcerpt(numbered(100).join('\n')).split('\n');
    expect(lines[0]).toBe('line 40');
    expect(lines.at(-1)).toBe('line 99');
  });

  it('strips Actions timestamps, ANSI colours and CRs', () => {
    const log =
      '2026-11-02T10:00:00.1234567Z \u001b[31mred\u001b[0m text\r\n2026-11-02T10:00:01Z ##[error]bad\r\n';
    expect(logExcerpt(log)).toBe('red text\n##[error]bad');
  });

  it('is bounded in characters, keeping the end where the error is', () => {
    const long = Array.from({ length: 59 }, (_, i) => `${i} ${'x'.repeat(500)}`);
    const text = logExcerpt([...long, '##[error]the end'].join('\n'), { maxChars: 2000 });
    expect(text.length).toBeLessThanOrEqual(2000 + 2);
    expect(text.startsWith('…\n')).toBe(true);
    expect(text.endsWith('##[error]the end')).toBe(true);
  });
});
