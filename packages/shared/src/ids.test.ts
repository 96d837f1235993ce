import { describe, expect, it } from 'vitest';
import { createSessionBodySchema } from './api';
import { issueIdInputSchema, parseIssueId } from './ids';
import { issueRefSchema } from './session';

describe('issue ids', () => {
  it.each([42, '42', '#42', 'ENG-42', 'PROJ-7', 'A_B2-1'])('accepts %j', (id) => {
    expect(issueIdInputSchema.safeParse(id).success).toBe(true);
  });

  it.each([
    0,
    -1,
    1.5,
    'twelve',
    'eng-42',
    'ENG-',
    '-42',
    '2ENG-4',
    'ENG-42 ',
    'ENG-42\n',
    'ENG-4;rm -rf ~',
    '$(reboot)-1',
    '../ENG-1',
    `E${'N'.repeat(70)}-1`,
  ])('refuses %j', (id) => {
    expect(issueIdInputSchema.safeParse(id).success).toBe(false);
  });

  it('a bad issue in a session body is an error at the issue field', () => {
    const r = createSessionBodySchema.safeParse({ issue: 'eng-1' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['issue']);
  });

  it('parseIssueId: numbers for GitHub, keys as given', () => {
    expect(parseIssueId(42)).toBe(42);
    expect(parseIssueId('#42')).toBe(42);
    expect(parseIssueId('42')).toBe(42);
    expect(parseIssueId('ENG-42')).toBe('ENG-42');
    expect(() => parseIssueId('nope')).toThrow();
  });

  it('stored refs without a key (before trackers had keys) still parse', () => {
    expect(issueRefSchema.parse({ number: 3, title: 't', url: null })).toEqual({
      number: 3,
      title: 't',
      url: null,
    });
    expect(issueRefSchema.parse({ number: 3, key: 'ENG-3', title: 't', url: null }).key).toBe('ENG-3');
  });
});
