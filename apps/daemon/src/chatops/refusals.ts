/**
 * Refusals answered and logged per user, bounded: a stranger can message a public bot (any Telegram user can) as
 * often as they like; past `perWindow` in `windowMs` they are neither answered nor written as events.
 */
export class Refusals {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly perWindow = 3,
    private readonly windowMs = 60_000,
    private readonly maxUsers = 1000,
  ) {}

  /** True when this refusal is answered and logged; false when the user is over the bound. */
  admit(user: string, now = Date.now()): boolean {
    const recent = (this.seen.get(user) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.perWindow) return false;
    recent.push(now);
    this.seen.delete(user);
    this.seen.set(user, recent);
    // The oldest users are forgotten first: the map stays bounded whatever the number of strangers.
    while (this.seen.size > this.maxUsers) this.seen.delete(this.seen.keys().next().value as string);
    return true;
  }
}
