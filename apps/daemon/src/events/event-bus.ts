import type { AoEvent, EventPayload, EventType } from '@ao/shared/events';
import { desc, gt } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { events } from '../db/schema';

type Listener = (event: AoEvent) => void;

/**
 * Writes events in the caller's transaction and publishes them only after it commits (DESIGN.md §2).
 * Use `bus.transaction((tx, emit) => ...)`: everything `emit`ted is stored with the change and sent when it commits.
 */
export class EventBus {
  private listeners = new Set<Listener>();

  /** Prepared once: events are the hottest write (one per change). Runs inside the caller's transaction. */
  private readonly insertEvent;

  constructor(private readonly db: Db) {
    this.insertEvent = db.$client.prepare(
      'INSERT INTO events (type, at, session_id, data) VALUES (?, ?, ?, ?)',
    );
  }

  transaction<T>(fn: (tx: Db, emit: <E extends EventType>(type: E, data: EventPayload<E>) => void) => T): T {
    const pending: AoEvent[] = [];
    const result = this.db.transaction((tx) => {
      const emit = <E extends EventType>(type: E, data: EventPayload<E>) => {
        const at = new Date().toISOString();
        const sessionId = sessionIdOf(data);
        const { lastInsertRowid } = this.insertEvent.run(type, at, sessionId, JSON.stringify(data));
        pending.push({ id: Number(lastInsertRowid), type, at, data } as AoEvent);
      };
      return fn(tx as unknown as Db, emit);
    });
    for (const event of pending) this.publish(event);
    return result;
  }

  emit<E extends EventType>(type: E, data: EventPayload<E>): void {
    this.transaction((_tx, emit) => emit(type, data));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastId(): number {
    return this.db.select({ id: events.id }).from(events).orderBy(desc(events.id)).limit(1).get()?.id ?? 0;
  }

  /** Events after `id`, oldest first (bounded: a client further behind gets a snapshot instead). */
  since(id: number, limit = 10_000): AoEvent[] {
    const rows = this.db.select().from(events).where(gt(events.id, id)).orderBy(events.id).limit(limit).all();
    return rows.map((r) => ({ id: r.id, type: r.type, at: r.at, data: r.data }) as AoEvent);
  }

  private publish(event: AoEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // A broken subscriber must not stop the others; it is removed so it cannot fail again.
        this.listeners.delete(listener);
        console.error('event listener failed, unsubscribed', err);
      }
    }
  }
}

function sessionIdOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as { session?: { id?: unknown }; sessionId?: unknown };
  if (typeof d.sessionId === 'string') return d.sessionId;
  if (typeof d.session?.id === 'string') return d.session.id;
  return null;
}
