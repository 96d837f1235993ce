import type { Logger, Runtime } from '@ao/shared/plugin';
import type { PluginRegistry } from '../plugins/registry';
import type { RuntimeSink } from '../sessions/port';

/**
 * Follows every runtime instance the daemon creates: its pushed events (a program ended, a session vanished, a
 * resync) go to the sessions part as they happen, so an idle fleet costs nothing. A runtime that cannot push is
 * asked every `pollMs` instead, and the log says so once.
 */
export class RuntimeMonitor {
  private readonly stops: Array<() => void> = [];
  private readonly polled = new Set<Runtime>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

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

  stop(): void {
    this.stopped = true;
    for (const stop of this.stops.splice(0)) stop();
    if (this.timer) clearTimeout(this.timer);
  }

  private follow(runtime: Runtime): void {
    if (this.stopped) return;
    if (runtime.watch) {
      this.stops.push(
        runtime.watch((event) => {
          this.sink
            .onRuntimeEvent(runtime, event)
            .catch((err: Error) =>
              this.logger.error({ event: event.type, err: err.message }, 'handling a runtime event failed'),
            );
        }),
      );
      return;
    }
    this.logger.info({ every: this.pollMs }, 'a runtime without push events: its sessions are polled');
    this.polled.add(runtime);
    this.timer ??= setTimeout(() => this.poll(), this.pollMs);
  }

  private poll(): void {
    this.timer = null;
    void Promise.all(
      [...this.polled].map((runtime) =>
        this.sink
          .checkRuntime(runtime)
          .catch((err: Error) => this.logger.error({ err: err.message }, 'liveness check failed')),
      ),
    ).finally(() => {
      if (!this.stopped) this.timer = setTimeout(() => this.poll(), this.pollMs);
    });
  }
}
