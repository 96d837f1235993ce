import { randomBytes } from 'node:crypto';

/** A change waiting for its requester's "yes". */
export interface PendingChange {
  /** Who asked, where: `transport:user:channel`. Only the same requester may confirm. */
  owner: string;
  /** The command and its session, for the log (`tell demo-3`, `demo-3`). */
  command: string;
  sessionId: string | null;
  /** What it does, for replies (with a `tell`'s text). */
  describe: string;
  run(): Promise<string>;
  expired(): void;
}

/**
 * Changes asked for in chat and not yet confirmed, each with a random token (the button's value) and a timer:
 * past `timeoutMs` it is dropped and `expired()` is called; nothing runs.
 */
export class Confirmations {
  private readonly pending = new Map<string, PendingChange & { timer: NodeJS.Timeout }>();

  constructor(private readonly timeoutMs: number) {}

  /** Keeps one pending change per requester: a new one replaces (cancels) the older. */
  ask(change: PendingChange): string {
    for (const [token, p] of this.pending) if (p.owner === change.owner) this.drop(token);
    const token = randomBytes(8).toString('hex');
    const timer = setTimeout(() => {
      if (this.pending.delete(token)) change.expired();
    }, this.timeoutMs);
    timer.unref();
    this.pending.set(token, { ...change, timer });
    return token;
  }

  /** Takes the requester's pending change: by token (a button), or the latest one (a typed yes/no). */
  take(owner: string, token?: string): PendingChange | null {
    const entry = token
      ? ([token, this.pending.get(token)] as const)
      : [...this.pending].reverse().find(([, p]) => p.owner === owner);
    const [key, change] = entry ?? [];
    if (!key || !change || change.owner !== owner) return null;
    this.drop(key);
    return change;
  }

  clear(): void {
    for (const token of [...this.pending.keys()]) this.drop(token);
  }

  private drop(token: string): void {
    const p = this.pending.get(token);
    if (p) clearTimeout(p.timer);
    this.pending.delete(token);
  }
}
