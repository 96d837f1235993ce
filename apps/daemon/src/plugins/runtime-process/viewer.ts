import type { TerminalStream } from '@ao/shared/plugin';

/** What a viewer needs from the session it watches. */
export interface ViewerHost {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** The session's replay buffer right now (used to resynchronise a viewer that fell too far behind). */
  replay(): string;
  detach(viewer: Viewer): void;
}

/** Output a paused viewer may have queued before it is resynchronised instead. */
export const MAX_VIEWER_QUEUE_CHARS = 1024 * 1024;

/** Full terminal reset (RIS), sent before a resynchronising replay. */
const RESET = '\x1bc';

/**
 * One web-terminal viewer of a pty session.
 *
 * Flow control: pausing a viewer never pauses the pty, so one slow viewer cannot stall the agent or the other viewers.
 * A paused viewer's output is queued up to MAX_VIEWER_QUEUE_CHARS; beyond that the queue is dropped and, on resume,
 * the viewer gets a terminal reset followed by the session's replay buffer (it catches up on the screen, skipping
 * what scrolled past). Memory per viewer is thereby bounded.
 */
export class Viewer implements TerminalStream {
  private readonly dataCallbacks: Array<(chunk: string) => void> = [];
  private readonly exitCallbacks: Array<() => void> = [];
  private queue: string[] = [];
  private queued = 0;
  private paused = false;
  private overflowed = false;
  private closed = false;
  private ended = false;

  /** `initial` (the replay buffer at open time) is delivered first, once an onData callback exists. */
  constructor(
    private readonly host: ViewerHost,
    initial: string,
  ) {
    if (initial !== '') this.enqueue(initial);
  }

  /** Called by the session for every chunk of output. */
  push(chunk: string): void {
    if (this.closed) return;
    if (this.paused || this.dataCallbacks.length === 0 || this.queue.length > 0 || this.overflowed) {
      this.enqueue(chunk);
      this.flush();
      return;
    }
    this.emit(chunk);
  }

  /** Called by the session when its process exits. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.flush();
    for (const cb of this.exitCallbacks) cb();
  }

  onData(cb: (chunk: string) => void): void {
    this.dataCallbacks.push(cb);
    queueMicrotask(() => this.flush());
  }

  onExit(cb: () => void): void {
    if (this.ended) queueMicrotask(cb);
    else this.exitCallbacks.push(cb);
  }

  write(data: string): void {
    if (!this.closed && !this.ended) this.host.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.closed && !this.ended) this.host.resize(cols, rows);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.queued = 0;
    this.host.detach(this);
  }

  private enqueue(chunk: string): void {
    if (this.overflowed) return;
    if (this.queued + chunk.length > MAX_VIEWER_QUEUE_CHARS) {
      this.overflowed = true;
      this.queue = [];
      this.queued = 0;
      return;
    }
    this.queue.push(chunk);
    this.queued += chunk.length;
  }

  private flush(): void {
    if (this.closed || this.paused || this.dataCallbacks.length === 0) return;
    if (this.overflowed) {
      this.overflowed = false;
      this.emit(RESET + this.host.replay());
      return;
    }
    if (this.queue.length === 0) return;
    const text = this.queue.join('');
    this.queue = [];
    this.queued = 0;
    this.emit(text);
  }

  private emit(chunk: string): void {
    for (const cb of this.dataCallbacks) cb(chunk);
  }
}
