import type { Message } from '@ao/shared/session';
import { describe, expect, it } from 'vitest';
import { deliveryView, mergeMessage, mergeMessages, messagesCap } from './messages';

const msg = (over: Partial<Message> = {}): Message => ({
  id: 1,
  sessionId: 'demo-1',
  kind: 'message',
  text: 'fix the tests',
  state: 'sending',
  detail: null,
  createdAt: '2026-01-02T10:00:00.000Z',
  updatedAt: '2026-01-02T10:00:00.000Z',
  ...over,
});

describe('mergeMessage', () => {
  it('follows a message from queued to delivered', () => {
    let list = mergeMessage([], msg());
    list = mergeMessage(list, msg({ state: 'queued', updatedAt: '2026-01-02T10:00:01.000Z' }));
    expect(list.map((m) => m.state)).toEqual(['queued']);
    list = mergeMessage(list, msg({ state: 'delivered', updatedAt: '2026-01-02T10:00:05.000Z' }));
    expect(list.map((m) => m.state)).toEqual(['delivered']);
  });
  it('keeps the newer copy when an older one arrives late (a fetch answered before the event)', () => {
    const delivered = msg({ state: 'delivered', updatedAt: '2026-01-02T10:00:05.000Z' });
    const list = mergeMessage([delivered], msg({ state: 'queued', updatedAt: '2026-01-02T10:00:01.000Z' }));
    expect(list).toEqual([delivered]);
  });
  it('on a tie of times, the state further along wins', () => {
    const queued = msg({ state: 'queued' });
    expect(mergeMessage([queued], msg({ state: 'delivered' }))[0]?.state).toBe('delivered');
    expect(mergeMessage([msg({ state: 'delivered' })], queued)[0]?.state).toBe('delivered');
  });
  it('a late delivery after a failure is shown', () => {
    const failed = msg({ state: 'failed', updatedAt: '2026-01-02T10:00:10.000Z' });
    const late = msg({ state: 'delivered', updatedAt: '2026-01-02T10:00:20.000Z' });
    expect(mergeMessage([failed], late)[0]?.state).toBe('delivered');
  });
  it('keeps id order and a bounded list', () => {
    const list = mergeMessages([msg({ id: 3 })], [msg({ id: 1 }), msg({ id: 2 })]);
    expect(list.map((m) => m.id)).toEqual([1, 2, 3]);
    let many: readonly Message[] = [];
    for (let i = 1; i <= messagesCap + 5; i++) many = mergeMessage(many, msg({ id: i }));
    expect(many).toHaveLength(messagesCap);
    expect(many[0]?.id).toBe(6);
  });
  it('returns the same list when nothing changed', () => {
    const list = [msg()];
    expect(mergeMessage(list, msg())).toBe(list);
  });
});

describe('deliveryView', () => {
  it('says queued honestly, and that sent is unconfirmed', () => {
    expect(deliveryView('queued', null).text).toBe(
      'Queued: the agent is busy; it will take this with its next turn.',
    );
    expect(deliveryView('sent', 'x').text).toMatch(/cannot confirm/);
    expect(deliveryView('dropped', 'the agent ended').text).toBe(
      'Dropped: the agent discarded it (the agent ended).',
    );
    expect(deliveryView('delivered', null).final).toBe(true);
    expect(deliveryView('queued', null).final).toBe(false);
  });
});
