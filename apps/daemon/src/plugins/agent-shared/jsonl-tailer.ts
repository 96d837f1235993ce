import { closeSync, type FSWatcher, openSync, readSync, type Stats, statSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '@ao/shared/plugin';
import { SharedPoll } from './shared-poll';

export interface JsonlTailerOptions {
  /** The exact file to follow. It may not exist yet; it is picked up when it appears. */
  path: string;
  /** Called once per complete line (without the newline), in file order. Empty lines are skipped. */
  onLine: (line: string) => void;
  logger: Logger;
  /**
   * Poll interval (ms) while the file's directory cannot be watched (it does not exist yet, or the watch failed). At
   * least 1000. While the watch runs, a slower poll (WATCHED_POLL_MS) only guards against an event the watch missed.
   */
  pollMs?: number;
  /** Start at this byte offset instead of 0 (e.g. the end of what was already read before a restart). */
  startOffset?: number;
  /** The inode the offset belongs to: a file with another inode (replaced meanwhile) is read from the start. */
  startIno?: number | null;
  /** Called when the tailer starts over from byte 0 (file replaced, truncated, or deleted and re-created). */
  onReset?: () => void;
}

export interface JsonlTailer {
  /** Reads whatever is new right now (also runs on fs.watch events and on every poll). */
  check(): Promise<void>;
  /** Byte offset of the end of the last complete line delivered. */
  readonly offset: number;
  /** The inode of the file being read (null before it was first seen). */
  readonly ino: number | null;
  close(): void;
}

const MAX_READ = 1024 * 1024;
/**
 * The poll beside a working directory watch, one timer for every watched tailer: 500 idle sessions cost 500 stats a
 * second at 1 s, 50 at 10 s, and would wake the daemon 50 times a second with a timer each.
 */
const WATCHED_POLL_MS = 10_000;
const watchedSweep = new SharedPoll<Tailer>(WATCHED_POLL_MS, (tailer) => tailer.poll());

/**
 * Follows a JSONL file incrementally: remembers its byte offset and never re-reads from the start, except when the
 * file was replaced (new inode), truncated (smaller than the offset) or deleted and recreated. A torn last line (no
 * newline yet) is held until its newline arrives. Errors are logged once per kind, never thrown.
 */
export function tailJsonl(opts: JsonlTailerOptions): JsonlTailer {
  return new Tailer(opts);
}

class Tailer implements JsonlTailer {
  offset: number;
  ino: number | null;
  private pending: Buffer = Buffer.alloc(0);
  private closed = false;
  private running: Promise<void> | null = null;
  private again = false;
  private lastErrorKey: string | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: JsonlTailerOptions) {
    this.offset = opts.startOffset ?? 0;
    this.ino = opts.startIno ?? null;
    this.ensureWatch();
    void this.check();
    this.schedule();
  }

  /** The next poll: every `pollMs` while the directory is not watched, with the watched sweep while it is. */
  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer); // one poll chain, whoever schedules
    this.timer = null;
    if (this.watcher) {
      watchedSweep.add(this);
      return;
    }
    this.timer = setTimeout(
      () => {
        this.timer = null; // a poll under way: it schedules the next one when done
        this.ensureWatch();
        void this.check().finally(() => this.schedule());
      },
      Math.max(1000, this.opts.pollMs ?? 1000),
    );
    this.timer.unref();
  }

  /** The watched sweep's poll: a read of what is new (the directory watch may have missed an event). */
  poll(): void {
    void this.check();
  }

  check(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.readNew();
        } catch (err) {
          this.logOnce('read failed', err);
        }
      } while (this.again && !this.closed);
      this.running = null;
    })();
    return this.running;
  }

  close(): void {
    this.closed = true;
    watchedSweep.delete(this);
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = null;
  }

  private logOnce(key: string, err: unknown): void {
    if (this.lastErrorKey === key) return;
    this.lastErrorKey = key;
    this.opts.logger.warn({ err, path: this.opts.path }, `jsonl tailer: ${key}`);
  }

  private reset(): void {
    this.offset = 0;
    this.pending = Buffer.alloc(0);
    try {
      this.opts.onReset?.();
    } catch (err) {
      this.logOnce('onReset handler threw', err);
    }
  }

  private deliver(chunk: Buffer): void {
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      const line = buf.subarray(start, nl).toString('utf8').replace(/\r$/, '');
      this.offset += nl + 1 - start;
      start = nl + 1;
      if (line.trim() === '') continue;
      try {
        this.opts.onLine(line);
      } catch (err) {
        this.logOnce('onLine handler threw', err);
      }
    }
    this.pending = Buffer.from(buf.subarray(start));
  }

  /**
   * Reads what was appended since the last read. Synchronous I/O on purpose: an append is a few KiB on a local disk,
   * and 50 busy transcripts mean hundreds of reads a second, where the thread-pool round trips of fs/promises
   * (stat, open, read, close, each a hop) cost more CPU than the reads themselves.
   */
  private async readNew(): Promise<void> {
    let st: Stats;
    try {
      st = statSync(this.opts.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // Deleted (or not created yet): start over when it (re)appears.
      if (this.ino !== null && this.offset + this.pending.length > 0) this.reset();
      this.ino = null;
      return;
    }
    if (this.ino !== null && st.ino !== this.ino) this.reset();
    if (st.size < this.offset + this.pending.length) this.reset();
    this.ino = st.ino;
    const from = this.offset + this.pending.length;
    if (st.size <= from) return;
    const fd = openSync(this.opts.path, 'r');
    try {
      for (let pos = from; pos < st.size && !this.closed; ) {
        const len = Math.min(MAX_READ, st.size - pos);
        const buf = Buffer.alloc(len);
        const bytesRead = readSync(fd, buf, 0, len, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        this.deliver(buf.subarray(0, bytesRead));
      }
    } finally {
      closeSync(fd);
    }
    this.lastErrorKey = null;
  }

  private ensureWatch(): void {
    if (this.watcher || this.closed) return;
    const name = basename(this.opts.path);
    try {
      // Watch the directory, not the file: survives the file being replaced, deleted or created later.
      this.watcher = watch(dirname(this.opts.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) void this.check();
      });
      this.watcher.on('error', (err) => {
        this.logOnce('watch failed', err);
        this.watcher?.close();
        this.watcher = null;
        watchedSweep.delete(this); // back to the fast poll until the watch is up again
        this.schedule();
      });
    } catch (err) {
      // The directory may not exist yet; polling covers it and retries the watch.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.logOnce('watch failed', err);
    }
  }
}

/** What `readJsonlFrom` found: the complete lines after `from`, and where the next read starts. */
export interface JsonlRead {
  lines: string[];
  /** Byte offset just past the last complete line (a torn last line is left for later). */
  end: number;
  ino: number;
  /** Whether it read from byte 0 because the file is not the one `from` belongs to (replaced or truncated). */
  restarted: boolean;
}

/**
 * Reads the complete lines of a JSONL file from a byte offset to its end, at once (a probe, not a watch). Returns
 * null when the file does not exist. Reads from 0 when the file was replaced (`ino` differs) or is shorter than
 * `from`. Synchronous: used once per session at recovery, on a local file.
 */
export function readJsonlFrom(path: string, from: number, ino: number | null = null): JsonlRead | null {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const restarted = (ino !== null && st.ino !== ino) || st.size < from;
  let pos = restarted ? 0 : from;
  const lines: string[] = [];
  let pending = Buffer.alloc(0);
  let end = pos;
  const fd = openSync(path, 'r');
  try {
    while (pos < st.size) {
      const len = Math.min(MAX_READ, st.size - pos);
      const buf = Buffer.alloc(len);
      const n = readSync(fd, buf, 0, len, pos);
      if (n === 0) break;
      pos += n;
      const chunk = pending.length ? Buffer.concat([pending, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        const line = chunk.subarray(start, nl).toString('utf8').replace(/\r$/, '');
        end += nl + 1 - start;
        start = nl + 1;
        if (line.trim() !== '') lines.push(line);
      }
      pending = Buffer.from(chunk.subarray(start));
    }
  } finally {
    closeSync(fd);
  }
  return { lines, end, ino: st.ino, restarted };
}

/** Parses one JSONL line to an object, or null when it is not a JSON object. */
export function parseJsonObject(line: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    // A malformed line is data, not an error: the caller skips it.
    return null;
  }
}
