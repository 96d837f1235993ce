import type { Message, MessageState } from '@ao/shared/session';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { messages } from '../db/schema';
import type { EventBus } from '../events/event-bus';

type Kind = Message['kind'];
type Row = typeof messages.$inferSelect;
type Reached = 'queued' | 'delivered';

/** States in which a message still waits for the agent (`sent` is final: that agent cannot confirm anything). */
const WAITING: MessageState[] = ['sending', 'queued'];
/** A message reported failed may still arrive late (a slow machine): it is matched for this long. */
const LATE_MS = 10 * 60_000;

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
/**
 * Whether a turn's text is this message: agents may add to it or cut it, so the first 60 characters decide. An empty
 * turn is no message.
 */
export function sameText(message: string, turn: string): boolean {
  const a = normalize(message).slice(0, 60);
  const b = normalize(turn);
  if (!b) return false;
  return b.includes(a) || a.includes(b.slice(0, 60));
}

const toMessage = (r: Row): Message => ({ ...r, kind: r.kind as Kind, state: r.state as MessageState });

/**
 * Every message to an agent (its first prompt included) is a row: `sending` (handed to the agent, waiting for its
 * confirmation) → `queued` (the agent holds it while busy) → `delivered` (a turn started with it), or `failed` (never
 * confirmed) / `dropped` (the agent discarded it or ended first). `sent` is final: typed into an agent that gives no
 * confirmation. Each move is an event. Deliveries to one session are serialized; waiters learn when a
 * message is queued or delivered. The session's `promptPending` and `queuedMessages` follow these rows.
 */
export class Messages {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly waiters = new Map<number, (state: Reached) => void>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    /** Keeps the session row's counters in step (promptPending, queuedMessages). */
    private readonly onCounts: (
      sessionId: string,
      counts: { promptPending: boolean; queued: number },
    ) => void,
  ) {}

  /** Runs deliveries to one session one after the other, so two messages never interleave. */
  serialize<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(sessionId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    this.queues.set(sessionId, next);
    const forget = () => {
      if (this.queues.get(sessionId) === next) this.queues.delete(sessionId);
    };
    next.then(forget, forget); // the caller handles the rejection; this only tidies the map
    return next;
  }

  create(
    sessionId: string,
    kind: Kind,
    text: string,
    state: MessageState,
    detail: string | null = null,
  ): Message {
    const now = new Date().toISOString();
    const message = this.bus.transaction((tx, emit) => {
      const row = tx
        .insert(messages)
        .values({ sessionId, kind, text, state, detail, createdAt: now, updatedAt: now })
        .returning()
        .get();
      const m = toMessage(row);
      emit('session.message', { sessionId, message: m });
      return m;
    });
    this.recount(sessionId);
    return message;
  }

  get(id: number): Message | null {
    const row = this.db.select().from(messages).where(eq(messages.id, id)).get();
    return row ? toMessage(row) : null;
  }

  list(sessionId: string, limit = 200): Message[] {
    return this.db
      .select()
      .from(messages)
      .where(eq(messages.sessionId, sessionId))
      .orderBy(asc(messages.id))
      .limit(limit)
      .all()
      .map(toMessage);
  }

  /** Moves a message to `state` (an event), wakes its waiter, and updates the session's counters. */
  set(id: number, state: MessageState, detail: string | null): Message | null {
    const message = this.bus.transaction((tx, emit) => {
      const row = tx.select().from(messages).where(eq(messages.id, id)).get();
      if (!row || (row.state === state && row.detail === detail)) return null;
      const updated = tx
        .update(messages)
        .set({ state, detail, updatedAt: new Date().toISOString() })
        .where(eq(messages.id, id))
        .returning()
        .get();
      const m = toMessage(updated);
      emit('session.message', { sessionId: m.sessionId, message: m });
      return m;
    });
    if (!message) return null;
    if (state === 'queued' || state === 'delivered') this.waiters.get(id)?.(state);
    this.recount(message.sessionId);
    return message;
  }

  /** Resolves when the message is queued or delivered, or with null after `timeoutMs`. */
  wait(id: number, timeoutMs: number): Promise<Reached | null> {
    const now = this.get(id)?.state;
    if (now === 'queued' || now === 'delivered') return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (state: Reached | null) => {
        clearTimeout(timer);
        if (this.waiters.get(id) === done) this.waiters.delete(id);
        resolve(state);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      this.waiters.set(id, done);
    });
  }

  /** A turn started with `text`: the oldest waiting (or recently failed) message it matches is delivered. */
  onUserTurn(sessionId: string, text: string, detail: string): Message | null {
    if (!normalize(text)) return null; // an empty turn confirms nothing
    const match = this.find(sessionId, [...WAITING, 'failed'], text);
    if (match) return this.set(match.id, 'delivered', detail);
    // An agent launched with a prompt starts its first turn with it, even when it rewrites the text (a template, a
    // slash command): the first turn while the prompt waits takes it.
    const prompt = this.db
      .select()
      .from(messages)
      .where(
        and(eq(messages.sessionId, sessionId), eq(messages.kind, 'prompt'), inArray(messages.state, WAITING)),
      )
      .orderBy(asc(messages.id))
      .get();
    return prompt ? this.set(prompt.id, 'delivered', `${detail} (its text differs from the prompt's)`) : null;
  }

  /** The agent took `text` into its queue (busy): the message it matches is queued, not yet delivered. */
  onQueued(sessionId: string, text: string): Message | null {
    const match = this.find(sessionId, ['sending', 'failed'], text);
    return match
      ? this.set(match.id, 'queued', 'the agent is busy: it holds the message for its next turn')
      : null;
  }

  /** The agent discarded queued texts: those messages are dropped, with the reason. */
  onDropped(sessionId: string, texts: readonly string[], reason: string): Message[] {
    return texts.flatMap((text) => {
      const match = this.find(sessionId, ['queued'], text);
      const m = match ? this.set(match.id, 'dropped', reason) : null;
      return m ? [m] : [];
    });
  }

  /** The agent ended (exited, killed, runtime lost): what it held or had not yet taken is dropped. */
  dropWaiting(sessionId: string, reason: string): Message[] {
    const waiting = this.db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), inArray(messages.state, WAITING)))
      .all();
    return waiting.flatMap((r) => {
      const m = this.set(r.id, 'dropped', reason);
      return m ? [m] : [];
    });
  }

  /** Whether the session's first prompt still waits for the agent. */
  promptPending(sessionId: string): boolean {
    return (
      this.db
        .select({ id: messages.id })
        .from(messages)
        .where(
          and(
            eq(messages.sessionId, sessionId),
            eq(messages.kind, 'prompt'),
            inArray(messages.state, WAITING),
          ),
        )
        .get() !== undefined
    );
  }

  /** The oldest message in `states` that is this text: one that is exactly it first (a short "y" is not "Fix your…"). */
  private find(sessionId: string, states: MessageState[], text: string): Row | undefined {
    const since = new Date(Date.now() - LATE_MS).toISOString();
    const candidates = this.db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), inArray(messages.state, states)))
      .orderBy(asc(messages.id))
      .all()
      .filter((r) => (r.state !== 'failed' || r.updatedAt >= since) && sameText(r.text, text));
    return candidates.find((r) => normalize(r.text) === normalize(text)) ?? candidates[0];
  }

  private recount(sessionId: string): void {
    const queued = this.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.state, 'queued')))
      .all().length;
    this.onCounts(sessionId, { promptPending: this.promptPending(sessionId), queued });
  }
}
