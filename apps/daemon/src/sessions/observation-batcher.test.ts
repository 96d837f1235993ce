import type { AgentObservation } from '@ao/shared/plugin';
import { describe, expect, it } from 'vitest';
import { batchObservations } from './observation-batcher';

const working = (detail: string): AgentObservation => ({
  signal: { activity: 'working', source: 'transcript', detail, confidence: 'medium' },
});

describe('batchObservations', () => {
  it('applies activity changes at once and folds the chatter between them into one write a second', async () => {
    const applied: AgentObservation[] = [];
    const b = batchObservations((o) => applied.push(o));
    b.emit(working('Write a.ts'));
    expect(applied).toHaveLength(1); // a new activity: at once
    for (let i = 0; i < 20; i++)
      b.emit({ ...working(`Bash step ${i}`), usage: { model: 'm', tokensIn: i, tokensOut: i } });
    expect(applied).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(applied).toHaveLength(2);
    expect(applied[1]?.usage?.tokensIn).toBe(19);
    expect(applied[1]?.signal?.detail).toBe('Bash step 19');
    b.emit({ signal: { activity: 'idle', source: 'transcript', detail: 'done', confidence: 'medium' } });
    expect(applied).toHaveLength(3);
    b.close();
  });

  it('never holds back a user turn (it confirms a message)', () => {
    const applied: AgentObservation[] = [];
    const b = batchObservations((o) => applied.push(o));
    b.emit(working('x'));
    b.emit({ userTurn: { text: 'hello', at: new Date().toISOString() } });
    expect(applied.at(-1)?.userTurn?.text).toBe('hello');
    b.close();
  });

  it('never holds back a queued or dropped message, so two of them are never merged into one', () => {
    const applied: AgentObservation[] = [];
    const b = batchObservations((o) => applied.push(o));
    const at = new Date().toISOString();
    b.emit(working('busy'));
    b.emit({ queued: { text: 'first', at } });
    b.emit({ queued: { text: 'second', at } });
    b.emit({ dropped: { texts: ['first'], reason: 'Escape', at } });
    b.emit({ dropped: { texts: ['second'], reason: 'Escape', at } });
    expect(applied.flatMap((o) => (o.queued ? [o.queued.text] : []))).toEqual(['first', 'second']);
    expect(applied.flatMap((o) => o.dropped?.texts ?? [])).toEqual(['first', 'second']);
    b.close();
  });
});
