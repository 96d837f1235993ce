import { describe, expect, it } from 'vitest';
import { QueueTracker } from './transcript-queue';

const at = '2026-11-27T10:00:00.000Z';
const op = (operation: string, content?: string, reason?: string) => ({
  type: 'queue-operation',
  operation,
  ...(content === undefined ? {} : { content }),
  ...(reason === undefined ? {} : { reason }),
});

describe("QueueTracker: Claude Code's input queue", () => {
  it('a message taken into the running turn (2.1.332: removed, absorbed_mid_turn) is not dropped', () => {
    const q = new QueueTracker();
    expect(q.operation(op('enqueue', 'also check the README'), at)).toEqual([
      { queued: { text: 'also check the README', at } },
    ]);
    expect(q.operation(op('remove', 'also check the README', 'absorbed_mid_turn'), at)).toEqual([]);
    expect(q.snapshot()).toEqual([{ text: 'also check the README', state: 'taken', at }]);
  });

  it('a message cleared on cancel or dropped by a hook is dropped, with the reason', () => {
    const q = new QueueTracker();
    q.operation(op('enqueue', 'one'), at);
    q.operation(op('enqueue', 'two'), at);
    expect(q.operation(op('remove', 'one', 'cleared_on_cancel'), at)).toEqual([
      { dropped: { texts: ['one'], reason: 'Claude discarded it (cleared on cancel)', at } },
    ]);
    expect(q.operation(op('remove', 'two', 'dropped_by_hook'), at)).toEqual([
      { dropped: { texts: ['two'], reason: 'Claude discarded it (dropped by hook)', at } },
    ]);
  });
});
