import { type FSWatcher, statSync, watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AgentObservation, Logger } from '@ao/shared/plugin';
import { parseJsonObject } from '../agent-shared/jsonl-tailer';
import { statusFileSignal } from './status-file';

export interface StatusWatchOptions {
  configDir: string;
  agentSessionId: string | null;
  pid: number | null;
  logger: Logger;
  pollMs?: number;
  /** Whether a pid is alive (injectable for tests). */
  isAlive?: (pid: number) => boolean;
  /** How status files are read (injectable for tests). */
  read?: StatusRead;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else. ESRCH: gone.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const SCAN_EVERY_MS = 5000;
/** While fs.watch follows the directory, the poll is only the safety net for an event it missed. */
const WATCHED_POLL_MS = 10_000;

/**
 * Follows `<configDir>/sessions/<pid>.json` (medium-confidence status) and the process itself: when the status file
 * is gone and the pid is dead, emits `exited` once. When the pid's own file is missing (the runtime reported a
 * wrapper's pid), looks for the file that names this session, every few seconds. All the sessions of one config dir
 * share one directory watch and one poll timer (see StatusDir): a change of one file is read by its watcher only.
 */
export function watchStatusFile(opts: StatusWatchOptions, emit: (obs: AgentObservation) => void): () => void {
  const w = new StatusWatcher(opts, emit);
  return () => w.close();
}

/** How a watcher reads a status file (null: it does not exist); injectable to count reads in tests. */
export type StatusRead = (path: string) => Promise<string | null>;
const readStatus: StatusRead = (path) => readFile(path, 'utf8').catch(() => null);

/**
 * One `<configDir>/sessions` directory and the watchers following files in it: one fs.watch, whose events go only to
 * the watcher of the file named (to every one when the name is unknown, and to those still looking for their file when
 * a new file appears), and one timer (the safety net for missed events) on which each watcher stats its file and reads
 * it only when it changed. 500 idle sessions cost 50 stats a second (a poll every 10 s while watched), not 500
 * reads, and a busy agent's status writes are not read by the 499 others.
 */
class StatusDir {
  private static readonly dirs = new Map<string, StatusDir>();
  private readonly members = new Set<StatusWatcher>();
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    readonly dir: string,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  static join(dir: string, w: StatusWatcher, pollMs: number, logger: Logger): StatusDir {
    const key = `${dir}\0${pollMs}`;
    let d = StatusDir.dirs.get(key);
    if (!d) {
      d = new StatusDir(dir, pollMs, logger);
      StatusDir.dirs.set(key, d);
    }
    d.members.add(w);
    d.ensureWatch();
    d.schedule();
    return d;
  }

  leave(w: StatusWatcher): void {
    this.members.delete(w);
    if (this.members.size > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
    StatusDir.dirs.delete(`${this.dir}\0${this.pollMs}`);
  }

  /** The next poll: every `pollMs` while the directory is not watched, every WATCHED_POLL_MS while it is. */
  private schedule(): void {
    if (this.timer || this.members.size === 0) return;
    const ms = this.watcher ? Math.max(this.pollMs, WATCHED_POLL_MS) : this.pollMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ensureWatch();
      for (const w of this.members) w.poll();
      this.schedule();
    }, ms);
    this.timer.unref();
  }

  private onEvent(name: string | null): void {
    for (const w of this.members) if (name === null || w.wants(name)) w.run();
  }

  private ensureWatch(): void {
    if (this.watcher || this.members.size === 0) return;
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, name) => this.onEvent(name));
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
      });
    } catch (err) {
      // The directory appears when the first Claude session starts; polling covers the wait.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger.debug({ err }, 'status dir watch failed');
    }
  }
}

class StatusWatcher {
  private readonly dir: StatusDir;
  private file: string | null;
  /** The file's identity when it was last read (`ino:size:mtime`), or null when it did not exist. */
  private lastStat: string | null = null;
  private lastRaw: string | null = null;
  private lastKey = '';
  private lastScan = 0;
  private done = false;
  private busy = false;
  private again = false;
  private loggedError = false;
  private readonly read: StatusRead;

  constructor(
    private readonly opts: StatusWatchOptions,
    private readonly emit: (obs: AgentObservation) => void,
  ) {
    const dir = join(opts.configDir, 'sessions');
    this.read = opts.read ?? readStatus;
    this.file = opts.pid !== null ? join(dir, `${opts.pid}.json`) : null;
    this.dir = StatusDir.join(dir, this, Math.max(1000, opts.pollMs ?? 1000), opts.logger);
    this.run();
  }

  close(): void {
    this.done = true;
    this.dir.leave(this);
  }

  /** Whether a change of `name` in the directory concerns this watcher. */
  wants(name: string): boolean {
    if (this.file !== null && name === basename(this.file)) return true;
    // Still looking for its file (none, or the pid's own names another session): a new file may be it.
    return this.lastRaw === null && name.endsWith('.json');
  }

  /** The timer's check: reads the file only when it changed (or is being looked for). */
  poll(): void {
    if (this.done) return;
    if (this.file === null || this.lastRaw === null) {
      this.run();
      return;
    }
    let stat: string | null = null;
    try {
      const st = statSync(this.file);
      stat = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      stat = null;
    }
    if (stat !== this.lastStat) this.run();
  }

  run(): void {
    if (this.done) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.tick()
      .catch((err: unknown) => {
        if (!this.loggedError) this.opts.logger.warn({ err }, 'claude status file: read failed');
        this.loggedError = true;
      })
      .finally(() => {
        this.busy = false;
        if (this.again && !this.done) {
          this.again = false;
          this.run();
        }
      });
  }

  private async tick(): Promise<void> {
    const { agentSessionId, pid } = this.opts;
    let raw = this.file ? await this.readTracked(this.file) : null;
    if (raw === null || statusFileSignal(raw, agentSessionId) === null) {
      const found = await this.scan();
      if (found && found !== this.file) {
        this.file = found;
        raw = await this.readTracked(found);
      }
    }
    const isAlive = this.opts.isAlive ?? pidAlive;
    if (raw === null && pid !== null && this.lastRaw !== null && !isAlive(pid)) {
      this.done = true;
      const signal = {
        activity: 'exited',
        source: 'process',
        detail: `pid ${pid} is gone`,
        confidence: 'high',
      } as const;
      this.emit({ signal });
      return;
    }
    if (raw === null || raw === this.lastRaw) return;
    this.lastRaw = raw;
    const signal = statusFileSignal(raw, agentSessionId);
    if (!signal) return;
    const key = `${signal.activity}|${signal.detail}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.emit({ signal });
  }

  /** Reads a file, noting its identity first (so a write during the read shows as a change at the next poll). */
  private async readTracked(path: string): Promise<string | null> {
    try {
      const st = statSync(path);
      this.lastStat = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      this.lastStat = null;
      return null;
    }
    return this.read(path);
  }

  /** The status file that names this session, when the pid's own file is not it (throttled). */
  private async scan(): Promise<string | null> {
    if (this.opts.agentSessionId === null || Date.now() - this.lastScan < SCAN_EVERY_MS) return null;
    this.lastScan = Date.now();
    const dir = this.dir.dir;
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const raw = await this.read(join(dir, name));
      if (raw !== null && parseJsonObject(raw)?.['sessionId'] === this.opts.agentSessionId)
        return join(dir, name);
    }
    return null;
  }
}
