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
  const dir = join(opts.configDir, 'sessions');
  const isAlive = opts.isAlive ?? pidAlive;
  let file = opts.pid !== null ? join(dir, `${opts.pid}.json`) : null;
  let lastRaw: string | null = null;
  let lastKey = '';
  let lastScan = 0;
  let exited = false;
  let closed = false;
  let busy = false;
  let loggedError = false;
  let watcher: FSWatcher | null = null;

  const scan = async (): Promise<string | null> => {
    if (opts.agentSessionId === null || Date.now() - lastScan < SCAN_EVERY_MS) return null;
    lastScan = Date.now();
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const raw = await readFile(join(dir, name), 'utf8').catch(() => '');
      if (parseJsonObject(raw)?.['sessionId'] === opts.agentSessionId) return join(dir, name);
    }
    return null;
  };

  const tick = async (): Promise<void> => {
    let raw: string | null = null;
    if (file) raw = await readFile(file, 'utf8').catch(() => null);
    if (raw === null || statusFileSignal(raw, opts.agentSessionId) === null) {
      const found = await scan();
      if (found && found !== file) {
        file = found;
        raw = await readFile(found, 'utf8').catch(() => null);
      }
    }
    if (raw === null && opts.pid !== null && lastRaw !== null && !isAlive(opts.pid)) {
      exited = true;
      emit({
        signal: {
          activity: 'exited',
          source: 'process',
          detail: `pid ${opts.pid} is gone`,
          confidence: 'high',
        },
      });
      return;
    }
    if (raw === null || raw === lastRaw) return;
    lastRaw = raw;
    const signal = statusFileSignal(raw, opts.agentSessionId);
    if (!signal) return;
    const key = `${signal.activity}|${signal.detail}`;
    if (key === lastKey) return;
    lastKey = key;
    emit({ signal });
  };

  const run = (): void => {
    if (busy || closed || exited) return;
    busy = true;
    tick()
      .catch((err: unknown) => {
        if (!loggedError) opts.logger.warn({ err, dir }, 'claude status file: read failed');
        loggedError = true;
      })
      .finally(() => {
        busy = false;
      });
  };

  const ensureWatch = (): void => {
    if (watcher || closed) return;
    try {
      watcher = watch(dir, { persistent: false }, () => run());
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
      });
    } catch (err) {
      // The directory appears when the first Claude session starts; polling covers the wait.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        opts.logger.debug({ err, dir }, 'status dir watch failed');
    }
  };

  const timer = setInterval(
    () => {
      ensureWatch();
      run();
    },
    Math.max(1000, opts.pollMs ?? 1000),
  );
  timer.unref();
  ensureWatch();
  run();
  return () => {
    closed = true;
    clearInterval(timer);
    watcher?.close();
  };
}
