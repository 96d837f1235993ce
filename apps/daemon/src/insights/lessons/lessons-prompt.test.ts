import type { Lesson } from '@ao/shared/lessons';
import { describe, expect, it } from 'vitest';
import { lessonsPrompt, MAX_PROMPT_CHARS, MAX_PROMPT_LESSONS } from './lessons-prompt';

const lesson = (id: number, text: string): Lesson => ({
  id,
  project: 'p',
  text,
  proposedText: text,
  state: 'accepted',
  source: 'human',
  sessionId: null,
  reason: null,
  createdAt: '',
  decidedAt: '',
  decidedBy: 'human',
});

describe('lessonsPrompt', () => {
  it('numbers the lessons in the order given (newest first), one line each', () => {
    const p = lessonsPrompt([lesson(3, 'Run lint.'), lesson(1, 'Small\ncommits.\u001b[31m')]);
    expect(p?.ids).toEqual([3, 1]);
    expect(p?.text.split('\n').slice(1)).toEqual(['1. Run lint.', '2. Small commits. [31m']);
  });

  it('is bounded in count and length; nothing without lessons', () => {
    const many = Array.from({ length: 30 }, (_, i) => lesson(i + 1, `lesson ${i + 1}`));
    expect(lessonsPrompt(many)?.ids).toHaveLength(MAX_PROMPT_LESSONS);
    const long = Array.from({ length: 10 }, (_, i) => lesson(i + 1, 'x'.repeat(499)));
    const p = lessonsPrompt(long);
    expect(p?.text.length).toBeLessThanOrEqual(MAX_PROMPT_CHARS);
    expect(p?.ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(lessonsPrompt([])).toBeNull();
  });
});
