import { sessionStatusSchema } from '@ao/shared/session';
import { describe, expect, it } from 'vitest';
import { canMove, transitions } from './lifecycle';

const S = sessionStatusSchema.options;
/** Every legal move, written out: a change to the table must change this list. */
const legal = [
  'spawning→running',
  'spawning→failed',
  'spawning→killed',
  'running→exited',
  'running→runtime_lost',
  'running→killed',
  'running→done',
  'exited→running',
  'exited→runtime_lost',
  'exited→killed',
  'exited→done',
  'runtime_lost→running',
  'runtime_lost→exited',
  'runtime_lost→killed',
  'runtime_lost→done',
  'failed→running',
  'failed→killed',
  'failed→done',
  'killed→running',
  'killed→done',
];

describe('session lifecycle', () => {
  it.each(S.flatMap((from) => S.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(from === to || legal.includes(`${from}→${to}`));
  });
  it('done is terminal and spawning is only ever a start', () => {
    expect(transitions.done).toEqual([]);
    expect(S.filter((from) => transitions[from].includes('spawning'))).toEqual([]);
  });
});
