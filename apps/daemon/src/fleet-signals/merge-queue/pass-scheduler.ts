interface KeyState {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  dirty: boolean;
}

/**
 * Runs a pass per key (a project) one at a time: `schedule` debounces, `run` starts one now or, while one is under
 * way, marks it to run again once it ends (so no change is missed and no two passes overlap).
 */
export class PassScheduler {
  private readonly states = new Map<string, KeyState>();
  private closed = false;

  constructor(
    private readonly pass: (key: string) => Promise<void>,
    private readonly debounceMs: number,
  ) {}

  schedule(key: string): void {
    if (this.closed) return;
    const state = this.state(key);
    if (state.timer) return;
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.run(key);
    }, this.debounceMs);
  }

  /** One pass now (after the one under way); resolves when no further pass was asked for. */
  run(key: string): Promise<void> {
    const state = this.state(key);
    if (state.running) {
      state.dirty = true;
      return state.running;
    }
    state.running = (async () => {
      do {
        state.dirty = false;
        await this.pass(key);
      } while (state.dirty && !this.closed);
    })().finally(() => {
      state.running = null;
    });
    return state.running;
  }

  /** Asks the pass under way for `key` (if any) to run once more when it ends. */
  again(key: string): void {
    this.state(key).dirty = true;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.states.values()].map((s) => s.running));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.states.values()) if (s.timer) clearTimeout(s.timer);
    await this.idle();
  }

  private state(key: string): KeyState {
    let state = this.states.get(key);
    if (!state) {
      state = { timer: null, running: null, dirty: false };
      this.states.set(key, state);
    }
    return state;
  }
}
