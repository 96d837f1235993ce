import { type FSWatcher, watch } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from '@ao/shared/plugin';

export interface JsonlTailerOptions {
  /** The exact file to follow. It may not exist yet; it is picked up when it appears. */
  path: string;
  /** Called once per complete line (without the newline), in file order. Empty lines are skipped. */
  onLine: (line: string) => void;
  logger: Logger;
  /** Poll interval (ms) used beside fs.watch, which can miss events. At least 1000. */
  pollMs?: number;
  /** Start at this byte offset instead of 0 (e.g. the end of what was already read before a restart). */
  startOffset?: number;
}

export interface JsonlTailer {
  /** Reads whatever is new right now (also runs on fs.watch events and on every poll). */
  check(): Promise<void>;
  /** Byte offset of the end of the last complete line delivered. */
  readonly offset: number;
  close(): void;
}

const MAX_READ = 4 * 1024 * 1024;

/**
 * Follows a JSONL file incrementally: remembers its byte offset and never re-reads from the start, except when the
 * file was replaced (new inode), truncated (smaller than the offset) or deleted and recreated. A torn last line (no
 * newline yet) is held until its newline arrives. Errors are logged once per kind, never thrown.
 */
export function tailJsonl(opts: JsonlTailerOptions): JsonlTailer {
  const pollMs = Math.max(1000, opts.pollMs ?? 1000);
  let offset = opts.startOffset ?? 0;
  let ino: number | null = null;
  let pending: Buffer = Buffer.alloc(0);
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let lastErrorKey: string | null = null;
  let watcher: FSWatcher | null = null;

  const logOnce = (key: string, err: unknown): void => {
    if (lastErrorKey === key) return;
    lastErrorKey = key;
    opts.logger.warn({ err, path: opts.path }, `jsonl tailer: ${key}`);
  };

  const reset = (): void => {
    offset = 0;
    pending = Buffer.alloc(0);
  };

  const deliver = (chunk: Buffer): void => {
    const buf = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      const line = buf.subarray(start, nl).toString('utf8').replace(/\r$/, '');
      offset += nl + 1 - start;
      start = nl + 1;
      if (line.trim() === '') continue;
      try {
        opts.onLine(line);
      } catch (err) {
        logOnce('onLine handler threw', err);
      }
    }
    pending = Buffer.from(buf.subarray(start));
  };

  const readNew = async (): Promise<void> => {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(opts.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        // Deleted (or not created yet): start over when it (re)appears.
        if (ino !== null) reset();
        ino = null;
        return;
      }
      logOnce('stat failed', err);
      return;
    }
    if (ino !== null && st.ino !== ino) reset();
    if (st.size < offset + pending.length) reset();
    ino = st.ino;
    const from = offset + pending.length;
    if (st.size <= from) return;
    const fh = await open(opts.path, 'r');
    try {
      let pos = from;
      while (pos < st.size && !closed) {
        const len = Math.min(MAX_READ, st.size - pos);
        const buf = Buffer.alloc(len);
        const { bytesRead } = await fh.read(buf, 0, len, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        deliver(buf.subarray(0, bytesRead));
      }
    } finally {
      await fh.close();
    }
    lastErrorKey = null;
  };

  const check = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await readNew();
        } catch (err) {
          logOnce('read failed', err);
        }
      } while (again && !closed);
      running = null;
    })();
    return running;
  };

  const ensureWatch = (): void => {
    if (watcher || closed) return;
    try {
      const name = basename(opts.path);
      // Watch the directory, not the file: survives the file being replaced, deleted or created later.
      watcher = watch(dirname(opts.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) void check();
      });
      watcher.on('error', (err) => {
        logOnce('watch failed', err);
        watcher?.close();
        watcher = null;
      });
    } catch (err) {
      // The directory may not exist yet; polling covers it and retries the watch.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logOnce('watch failed', err);
    }
  };

  const timer = setInterval(() => {
    ensureWatch();
    void check();
  }, pollMs);
  timer.unref();
  ensureWatch();
  void check();

  return {
    check,
    get offset() {
      return offset;
    },
    close() {
      closed = true;
      clearInterval(timer);
      watcher?.close();
      watcher = null;
    },
  };
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
