/** Waits for a session's next user turn (the agent's own confirmation that a message arrived). */
export class DeliveryWaiters {
  private readonly waiters = new Map<string, Set<(text: string) => void>>();

  /** Resolves true when a user turn arrives for the session within `timeoutMs`, false otherwise. */
  wait(
    sessionId: string,
    timeoutMs: number,
    matches: (text: string) => boolean = () => true,
  ): Promise<boolean> {
    return new Promise((resolve) => {
      const set = this.waiters.get(sessionId) ?? new Set();
      this.waiters.set(sessionId, set);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        set.delete(onTurn);
        if (set.size === 0) this.waiters.delete(sessionId);
        resolve(ok);
      };
      const onTurn = (text: string) => {
        if (matches(text)) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      set.add(onTurn);
    });
  }

  userTurn(sessionId: string, text: string): void {
    for (const waiter of [...(this.waiters.get(sessionId) ?? [])]) waiter(text);
  }
}
