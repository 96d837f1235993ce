import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';

const FRESH_MS = 1500;

interface Clock {
  handles: Map<string, RuntimeHandle>;
  latest: Map<string, number>;
  at: number;
  pending: Promise<void> | null;
}

/**
 * "When did each session last print", asked of each runtime once per ~second for all watched sessions together, so
 * screen watchers capture only screens that can have changed: 50 idle sessions cost one query a second, not 50.
 */
export class OutputClocks {
  private readonly clocks = new WeakMap<Runtime, Clock>();

  capture(runtime: Runtime, handle: RuntimeHandle): { capture: () => Promise<string>; close(): void } {
    if (!runtime.lastOutputMany) return { capture: () => runtime.capture(handle), close() {} };
    let clock = this.clocks.get(runtime);
    if (!clock) {
      clock = { handles: new Map(), latest: new Map(), at: 0, pending: null };
      this.clocks.set(runtime, clock);
    }
    return cachedCapture(runtime, handle, clock);
  }
}

function cachedCapture(
  runtime: Runtime,
  handle: RuntimeHandle,
  c: Clock,
): { capture: () => Promise<string>; close(): void } {
  c.handles.set(handle.id, handle);
  let screen: string | null = null;
  let capturedAt = 0;
  const lastOutput = async (): Promise<number | undefined> => {
    if (Date.now() - c.at > FRESH_MS) {
      c.pending ??= (
        runtime.lastOutputMany?.([...c.handles.values()]) ?? Promise.resolve(new Map<string, number>())
      )
        .then((latest) => {
          c.latest = latest;
          c.at = Date.now();
        })
        .finally(() => {
          c.pending = null;
        });
      await c.pending;
    }
    return c.latest.get(handle.id);
  };
  return {
    async capture() {
      const last = await lastOutput();
      // Output at or after the previous capture (tmux reports whole seconds): the screen may differ, look again.
      if (screen === null || last === undefined || last >= capturedAt - 1000) {
        capturedAt = Date.now();
        screen = await runtime.capture(handle);
      }
      return screen;
    },
    close() {
      c.handles.delete(handle.id);
    },
  };
}
