import type { Logger, RuntimeEvent } from '@ao/shared/plugin';
import type Dockerode from 'dockerode';
import { LABEL_HOME, LABEL_SESSION } from './labels';

interface EngineEvent {
  Type?: string;
  Action?: string;
  status?: string;
  time?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export interface EventFollowerOptions {
  docker: () => Promise<Dockerode>;
  /** Only this daemon's containers (label `ao.home=<home>`). */
  home: string;
  logger: Logger;
  /** An event and the container it is about ('' for resync). */
  emit(event: RuntimeEvent, containerId: string): void;
  /** How long to wait before following again after the stream dropped. */
  retryMs?: number;
}

/** Engine event → runtime event: `die` is an exit (with its code), `destroy`/`remove` a vanished session. */
export function toRuntimeEvent(ev: EngineEvent): RuntimeEvent | null {
  if (ev.Type !== undefined && ev.Type !== 'container') return null;
  const attrs = ev.Actor?.Attributes ?? {};
  const id = attrs[LABEL_SESSION];
  if (id === undefined) return null;
  const action = ev.Action ?? ev.status;
  if (action === 'die') {
    const code = Number(attrs['exitCode'] ?? attrs['containerExitCode']);
    return { type: 'exited', id, exitCode: Number.isInteger(code) ? code : null, signal: null };
  }
  if (action === 'destroy' || action === 'remove') return { type: 'gone', id };
  return null;
}

/**
 * Follows the engine's `/events` for this daemon's containers (filtered by label on the engine's side): pushed, never
 * polled. When the stream drops (the engine restarted), it follows again from the last event seen and reports
 * `resync`, so the daemon looks at every session once.
 */
export function followEngineEvents(opts: EventFollowerOptions): () => void {
  let stopped = false;
  let since: number | null = null;
  let current: NodeJS.ReadableStream | null = null;
  let timer: NodeJS.Timeout | null = null;
  let dropped = false;

  const retry = () => {
    if (stopped) return;
    dropped = true;
    timer = setTimeout(() => void follow(), opts.retryMs ?? 1_000);
    timer.unref();
  };

  async function follow(): Promise<void> {
    timer = null;
    try {
      const docker = await opts.docker();
      const filters = JSON.stringify({ type: ['container'], label: [`${LABEL_HOME}=${opts.home}`] });
      const stream = await docker.getEvents(since === null ? { filters } : { filters, since });
      if (stopped) return (stream as unknown as { destroy(): void }).destroy();
      current = stream;
      if (dropped) {
        dropped = false;
        opts.logger.info({}, 'container events followed again after a drop');
        opts.emit({ type: 'resync' }, '');
      }
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
      const end = () => {
        if (current !== stream) return;
        current = null;
        if (!stopped) opts.logger.warn({}, 'container event stream ended; following again');
        retry();
      };
      stream.on('end', end);
      stream.on('error', end);
      stream.on('close', end);
    } catch (err) {
      opts.logger.warn({ err: (err as Error).message }, 'cannot follow container events; retrying');
      retry();
    }
  }

  function onLine(line: string): void {
    if (line.trim() === '') return;
    let ev: EngineEvent;
    try {
      ev = JSON.parse(line) as EngineEvent;
    } catch {
      opts.logger.debug({ line: line.slice(0, 200) }, 'unparsable container event');
      return;
    }
    if (typeof ev.time === 'number') since = ev.time;
    const event = toRuntimeEvent(ev);
    if (event) opts.emit(event, ev.Actor?.ID ?? '');
  }

  void follow();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const stream = current as unknown as { destroy?(): void } | null;
    current = null;
    stream?.destroy?.();
  };
}
