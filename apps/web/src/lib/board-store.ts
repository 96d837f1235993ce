'use client';
import type { MergeQueueReply } from '@ao/shared/api-merge-queue';
import type { AoEvent, Snapshot } from '@ao/shared/events';
import type { Escalation } from '@ao/shared/events-mcp';
import type { Message, Session } from '@ao/shared/session';
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { FeedStatus } from './event-feed';
import {
  applyEvent,
  applySnapshot,
  type BoardState,
  emptyBoard,
  upsertSession,
  withEscalation,
  withMessages,
} from './event-store';
import { noQueues, type Queues, withQueueEvent, withQueueReply } from './merge-queue';

export interface StoreState {
  board: BoardState;
  feed: FeedStatus;
  /** Every project's merge queue, from `GET /api/merge-queue` and `merge_queue.changed` events. */
  queues: Queues;
}

/** The dashboard's one store: the board built from SSE, and the feed's health. React reads it with useBoard(). */
export class BoardStore {
  private state: StoreState = { board: emptyBoard, feed: 'connecting', queues: noQueues };
  /** Projects whose queue an event changed since the current queue request was sent (their event is newer). */
  private queueTouched: Set<string> | null = null;
  private queueFetch: (() => Promise<MergeQueueReply>) | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(e: AoEvent) => void>();

  get = (): StoreState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private set(next: StoreState): void {
    if (next === this.state) return;
    this.state = next;
    for (const fn of this.listeners) fn();
  }

  snapshot(s: Snapshot): void {
    this.set({ ...this.state, board: applySnapshot(this.state.board, s) });
  }

  event(e: AoEvent): void {
    const r = applyEvent(this.state.board, e);
    if (r.state !== this.state.board) this.set({ ...this.state, board: r.state });
    if (e.type === 'merge_queue.changed') {
      this.queueTouched?.add(e.data.project);
      this.set({ ...this.state, queues: withQueueEvent(this.state.queues, e) });
    }
    // A project added or reconfigured (merge.queue turned on or off): the daemon sends no event for a queue that is
    // off, so its queue is read again.
    if ((e.type === 'project.added' || e.type === 'project.updated') && this.queueFetch)
      void this.loadQueues(this.queueFetch);
    for (const fn of this.eventListeners) fn(e);
  }

  /** Every live event, for views that keep their own state (e.g. the lessons page). */
  onEvent = (fn: (e: AoEvent) => void): (() => void) => {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  };

  /**
   * Loads every project's merge queue (after each snapshot: events missed while disconnected are not replayed then;
   * and when a project is added or changed).
   * A failure leaves what events brought, and is logged: the board works without the queue.
   */
  async loadQueues(fetch: () => Promise<MergeQueueReply>): Promise<void> {
    this.queueFetch = fetch;
    const touched = new Set<string>();
    this.queueTouched = touched;
    let reply: MergeQueueReply;
    try {
      reply = await fetch();
    } catch (err) {
      console.warn('merge queue: could not load it', err);
      return;
    }
    if (this.queueTouched !== touched) return; // a newer request is under way
    this.queueTouched = null;
    this.set({ ...this.state, queues: withQueueReply(this.state.queues, reply, touched) });
  }

  upsert(s: Session): void {
    this.set({ ...this.state, board: upsertSession(this.state.board, s) });
  }

  /** Rows from the messages route, merged with what events already brought. */
  messages(sessionId: string, rows: readonly Message[]): void {
    const board = withMessages(this.state.board, sessionId, rows);
    if (board !== this.state.board) this.set({ ...this.state, board });
  }

  /** An escalation answered by the resolve route (the SSE event brings the same; whichever comes first wins). */
  escalation(x: Escalation): void {
    const escalations = withEscalation(this.state.board.escalations, x);
    if (escalations !== this.state.board.escalations)
      this.set({ ...this.state, board: { ...this.state.board, escalations } });
  }

  dismissRecovered(): void {
    if (this.state.board.recovered)
      this.set({ ...this.state, board: { ...this.state.board, recovered: null } });
  }

  feed(status: FeedStatus): void {
    if (status !== this.state.feed) this.set({ ...this.state, feed: status });
  }
}

export const BoardContext = createContext<BoardStore | null>(null);

export function useStore(): BoardStore {
  const store = useContext(BoardContext);
  if (!store) throw new Error('useStore outside <BoardContext>');
  return store;
}

export function useBoard(): StoreState {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
