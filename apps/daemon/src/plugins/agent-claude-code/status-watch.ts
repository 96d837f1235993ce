import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/**
 * Follows `<configDir>/sessions/<pid>.json` (medium-confidence status) and the process itself: when the status file
 * is gone and the pid is dead, emits `exited` once. When the pid's own file is missing (the runtime reported a
 * wrapper's pid), looks for the file that names this session, every few seconds.
 */
export function watchStatusFile(opts: StatusWatchOptions, emit: (obs: AgentObservation) => void): () => void {
  const w = new StatusWatcher(opts, emit);
  return () => w.close();
}

class StatusWatcher {
  private readonly dir: string;
  private file: string | null;
  private lastRaw: string | null = null;
  private lastKey = '';
  private lastScan = 0;
  private done = false;
  private busy = false;
  private loggedError = false;
  private watcher: FSWatcher | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly opts: StatusWatchOptions,
    private readonly emit: (obs: AgentObservation) => void,
  ) {
    this.dir = join(opts.configDir, 'sessions');
    this.file = opts.pid !== null ? join(this.dir, `${opts.pid}.json`) : null;
    this.timer = setInterval(
      () => {
        this.ensureWatch();
        this.run();
      },
      Math.max(1000, opts.pollMs ?? 1000),
    );
    this.timer.unref();
    this.ensureWatch();
    this.run();
  }

  close(): void {
    this.done = true;
    clearInterval(this.timer);
    this.watcher?.close();
  }

  private run(): void {
    if (this.busy || this.done) return;
    this.busy = true;
    this.tick()
      .catch((err: unknown) => {
        if (!this.loggedError)
          this.opts.logger.warn({ err, dir: this.dir }, 'claude status file: read failed');
        this.loggedError = true;
      })
      .finally(() => {
        this.busy = false;
      });
  }

  private async tick(): Promise<void> {
    const { agentSessionId, pid } = this.opts;
    let raw = this.file ? await readFile(this.file, 'utf8').catch(() => null) : null;
    if (raw === null || statusFileSignal(raw, agentSessionId) === null) {
      const found = await this.scan();
      if (found && found !== this.file) {
        this.file = found;
        raw = await readFile(found, 'utf8').catch(() => null);
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

  /** The status file that names this session, when the pid's own file is not it (throttled). */
  private async scan(): Promise<string | null> {
    if (this.opts.agentSessionId === null || Date.now() - this.lastScan < SCAN_EVERY_MS) return null;
    this.lastScan = Date.now();
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const raw = await readFile(join(this.dir, name), 'utf8').catch(() => '');
      if (parseJsonObject(raw)?.['sessionId'] === this.opts.agentSessionId) return join(this.dir, name);
    }
    return null;
  }

  private ensureWatch(): void {
    if (this.watcher || this.done) return;
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => this.run());
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
      });
    } catch (err) {
      // The directory appears when the first Claude session starts; polling covers the wait.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.opts.logger.debug({ err }, 'status dir watch failed');
    }
  }
}
