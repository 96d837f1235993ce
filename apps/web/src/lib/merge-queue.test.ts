import type { MergeQueueItem, MergeQueueProject } from '@ao/shared/api-merge-queue';
import type { AoEvent } from '@ao/shared/events';
import { describe, expect, it } from 'vitest';
import {
  autoMergeText,
  noQueues,
  queueSlots,
  queueText,
  shownQueues,
  withQueueEvent,
  withQueueReply,
} from './merge-queue';

const item = (sessionId: string, position: number, over: Partial<MergeQueueItem> = {}): MergeQueueItem => ({
  sessionId,
  prNumber: position,
  branch: `ao/${sessionId}`,
  position,
  state: 'waiting',
  reason: 'checks running',
  blockedBy: [],
  ...over,
});

const queue = (project: string, items: MergeQueueItem[], over: Partial<MergeQueueProject> = {}) => ({
  project,
  enabled: true,
  autoMerge: true,
  base: 'main',
  held: null,
  lastMerged: null,
  items,
  ...over,
});

const changed = (id: number, q: MergeQueueProject): AoEvent => ({
  id,
  type: 'merge_queue.changed',
  at: '2026-11-28T00:00:00.000Z',
  data: { project: q.project, queue: q },
});

describe('withQueueEvent / withQueueReply', () => {
  it('an event replaces its project queue; other events change nothing', () => {
    const a1 = queue('a', [item('a-1', 1)]);
    const q = withQueueEvent(noQueues, changed(1, a1));
    expect(q.get('a')).toBe(a1);
    const other: AoEvent = { id: 2, type: 'ci.failed', at: '', data: { sessionId: 'a-1', checks: [] } };
    expect(withQueueEvent(q, other)).toBe(q);
  });

  it('a reply replaces all, except projects an event changed after the request was sent', () => {
    const fromEvent = queue('a', [item('a-2', 1, { state: 'merging' })]);
    const evented = withQueueEvent(noQueues, changed(5, fromEvent));
    const reply = { projects: [queue('a', [item('a-1', 1), item('a-2', 2)]), queue('b', [])] };
    const merged = withQueueReply(evented, reply, new Set(['a']));
    expect(merged.get('a')).toBe(fromEvent);
    expect(merged.get('b')).toEqual(queue('b', []));
    expect(withQueueReply(evented, reply, new Set()).get('a')?.items).toHaveLength(2);
  });
});

describe('queueSlots and queueText', () => {
  const q = queue('a', [
    item('a-1', 1, { state: 'merging', reason: 'merging (squash)' }),
    item('a-2', 2, { state: 'ready', reason: 'ready: merged in its turn' }),
    item('a-3', 3, { reason: 'behind main: the agent was asked to rebase (the rebase stops on conflicts)' }),
    item('a-4', 4, { state: 'rebasing', reason: 'rebasing onto origin/main' }),
    item('a-5', 5, { reason: 'rebased onto main: waiting for checks on the new head' }),
  ]);
  const slots = queueSlots(
    new Map([
      ['a', q],
      ['b', queue('b', [item('b-1', 1)], { enabled: false })],
    ]),
  );

  it('places every session of an enabled queue, with the queue size; none of a queue that is off', () => {
    expect([...slots.keys()]).toEqual(['a-1', 'a-2', 'a-3', 'a-4', 'a-5']);
    expect(slots.get('a-3')?.total).toBe(5);
  });

  it('says merging now, the place, and the queue reason, in a tone by how much it needs someone', () => {
    const text = (id: string) => {
      const slot = slots.get(id);
      return slot ? queueText(slot) : null;
    };
    expect(text('a-1')).toEqual({ label: 'merging now', detail: 'merging (squash)', tone: 'info' });
    expect(text('a-2')).toEqual({
      label: 'queue #2 of 5',
      detail: 'ready: merged in its turn',
      tone: 'good',
    });
    expect(text('a-3')?.tone).toBe('warn');
    expect(text('a-3')?.label).toBe('queue #3 of 5');
    expect(text('a-4')?.label).toBe('queue #4 of 5 · rebasing');
    expect(text('a-5')).toEqual({
      label: 'queue #5 of 5',
      detail: 'rebased onto main: waiting for checks on the new head',
      tone: 'neutral',
    });
  });
});

describe('shownQueues and autoMergeText', () => {
  it('enabled queues first, then by project; a project filter keeps its own', () => {
    const map = new Map([
      ['c', queue('c', [])],
      ['a', queue('a', [], { enabled: false })],
      ['b', queue('b', [])],
    ]);
    expect(shownQueues(map, null).map((q) => q.project)).toEqual(['b', 'c', 'a']);
    expect(shownQueues(map, 'a').map((q) => q.project)).toEqual(['a']);
  });

  it('names the auto-merge setting', () => {
    expect(autoMergeText(true)).toBe('auto-merge on');
    expect(autoMergeText(false)).toBe('auto-merge off: a human merges');
    expect(autoMergeText({ label: 'ship-it' })).toBe('auto-merge for PRs labelled "ship-it"');
  });
});
