/**
 * Members polled together every `intervalMs` by one timer (unref'd: it never keeps the process alive), running while
 * there is a member. For safety-net polls kept by hundreds of watchers at once.
 */
export class SharedPoll<T> {
  private readonly members = new Set<T>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly poll: (member: T) => void,
  ) {}

  add(member: T): void {
    this.members.add(member);
    this.schedule();
  }

  delete(member: T): void {
    this.members.delete(member);
    if (this.members.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private schedule(): void {
    if (this.timer || this.members.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const member of this.members) this.poll(member);
      this.schedule();
    }, this.intervalMs);
    this.timer.unref();
  }
}
