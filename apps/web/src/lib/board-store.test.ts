import type { MergeQueueProject, MergeQueueReply } from '@ao/shared/api-merge-queue';
import type { AoEvent } from '@ao/shared/events';
import { describe, expect, it } from 'vitest';
import { BoardStore } from './board-store';

const queue = (project: string, sessions: string[]): MergeQueueProject => ({
  project,
  enabled: true,
  autoMerge: true,
  base: 'main',
  held: null,
  lastMerged: null,
  items: sessions.map((sessionId, i) => ({
    sessionId,
    prNumber: i + 1,
    branch: `ao/${sessionId}`,
    position: i + 1,
    state: 'waiting',
    reason: 'checks running',
    blockedBy: [],
  })),
});
const changed = (id: number, q: MergeQueueProject): AoEvent => ({
  id,
  type: 'merge_queue.changed',
  at: '2026-11-28T00:00:00.000Z',
  data: { project: q.project, queue: q },
});

/** A request the test answers when it wants, and counts. */
function pending() {
  const calls: Array<(r: MergeQueueReply) => void> = [];
  const fetch = () => new Promise<MergeQueueReply>((resolve) => calls.push(resolve));
  return { fetch, calls };
}

describe('BoardStore merge queues', () => {
  it('a reply sets every queue; an event that came while it was on its way wins for its project', async () => {
    const store = new BoardStore();
    const { fetch, calls } = pending();
    const loading = store.loadQueues(fetch);
    store.event(changed(1, queue('a', ['a-2'])));
    calls[0]?.({ projects: [queue('a', ['a-1', 'a-2']), queue('b', ['b-1'])] });
    await loading;
    expect(
      store
        .get()
        .queues.get('a')
        ?.items.map((i) => i.sessionId),
    ).toEqual(['a-2']);
    expect(
      store
        .get()
        .queues.get('b')
        ?.items.map((i) => i.sessionId),
    ).toEqual(['b-1']);
    store.event(changed(2, queue('b', [])));
    expect(store.get().queues.get('b')?.items).toEqual([]);
  });

  it('reads the queues again when a project is added or changed', async () => {
    const store = new BoardStore();
    const { fetch, calls } = pending();
    const first = store.loadQueues(fetch);
    calls[0]?.({ projects: [] });
    await first;
    const project = { id: 'c', name: 'C', path: '/c', error: null } as never;
    store.event({ id: 3, type: 'project.added', at: '', data: { project } });
    expect(calls).toHaveLength(2);
    calls[1]?.({ projects: [{ ...queue('c', []), enabled: false, held: 'merge.queue is off' }] });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.get().queues.get('c')?.enabled).toBe(false);
  });

  it('a failed request leaves what events brought', async () => {
    const store = new BoardStore();
    store.event(changed(1, queue('a', ['a-1'])));
    const warn = console.warn;
    console.warn = () => {};
    try {
      await store.loadQueues(() => Promise.reject(new Error('down')));
    } finally {
      console.warn = warn;
    }
    expect(store.get().queues.get('a')?.items).toHaveLength(1);
  });
});
