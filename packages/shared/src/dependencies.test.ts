import { describe, expect, it } from 'vitest';
import { parseBlockers } from './dependencies';

describe('parseBlockers', () => {
  it('reads "blocked by" and "depends on" with one or several issues', () => {
    expect(parseBlockers('Blocked by #12.')).toEqual([12]);
    expect(parseBlockers('depends on: #3, #4 and #5\nalso blocked by #3')).toEqual([3, 4, 5]);
    expect(parseBlockers('Depends on #7 & #8')).toEqual([7, 8]);
  });
  it('ignores other mentions and bounds the list', () => {
    expect(parseBlockers('see #4; fixes #5; blocked by nothing; depends onto #6')).toEqual([]);
    const many = `blocked by ${Array.from({ length: 50 }, (_, i) => `#${i + 1}`).join(', ')}`;
    expect(parseBlockers(many)).toHaveLength(20);
  });
});
