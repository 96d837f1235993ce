import type { Logger, Runtime, RuntimeEvent } from '@ao/shared/plugin';
import type { PluginRegistry } from '../plugins/registry';
import type { RuntimeSink } from '../sessions/port';

/**
 * Follows every runtime instance the daemon creates: its pushed events (a program ended, a session vanished, a
 * resync) go to the sessions part as they happen, so an idle fleet costs nothing. A runtime that cannot push is
 * asked every `pollMs` instead, and the log says so. Until recovery is done, events only mark their runtime for a
 * check afterwards: recovery looks at every session itself, and must not race them.
 */
export class RuntimeMonitor {
  private readonly stops: Array<() => void> = [];
  private readonly polled = new Set<Runtime>();
  private readonly missed = new Set<Runtime>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private recovering = true;

  constructor(
    private readonly registry: PluginRegistry,
    private readonly sink: RuntimeSink,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    for (const runtime of this.registry.created('runtime')) this.follow(runtime);
    this.stops.push(
      this.registry.onCreate((slot, instance) => {
        if (slot === 'runtime') this.follow(instance as Runtime);
      }),
    );
  }

  /** Recovery is done: runtimes that spoke meanwhile are checked now, and events flow from here on. */
  async recovered(): Promise<void> {
    this.recovering = false;
    for (const runtime of [...this.missed]) {
      this.missed.delete(runtime);
      await this.check(runtime);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const stop of this.stops.splice(0)) stop();
    if (this.timer) clearTimeout(this.timer);
  }

  private follow(runtime: Runtime): void {
    if (this.stopped) return;
    if (runtime.watch) {
      this.stops.push(runtime.watch((event) => this.onEvent(runtime, event)));
      return;
    }
    this.logger.info({ every: this.pollMs }, 'a runtime without push events: its sessions are polled');
    this.polled.add(runtime);
    this.timer ??= setTimeout(() => this.poll(), this.pollMs);
  }

  private onEvent(runtime: Runtime, event: RuntimeEvent): void {
    if (this.recovering) {
      this.missed.add(runtime);
      return;
    }
    this.sink.onRuntimeEvent(runtime, event).catch((err: Error) => {
      this.logger.error({ event: event.type, err: err.message }, 'handling a runtime event failed');
    });
  }

  private check(runtime: Runtime): Promise<void> {
    return this.sink.checkRuntime(runtime).catch((err: Error) => {
      this.logger.error({ err: err.message }, 'liveness check failed');
    });
  }

  private poll(): void {
    this.timer = null;
    const polls = this.recovering ? [] : [...this.polled].map((runtime) => this.check(runtime));
    void Promise.all(polls).finally(() => {
      if (!this.stopped) this.timer = setTimeout(() => this.poll(), this.pollMs);
    });
  }
}
