import { realpathSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonObject } from '../agent-shared/jsonl-tailer';

/**
 * Finds the rollout file of ONE Codex session, once: by its thread id when known (resume), else the newest
 * `sessions/YYYY/MM/DD/rollout-*.jsonl` created after `since` whose `session_meta.cwd` is the session's cwd. Each
 * candidate's first line is read once; rejected files are remembered, so repeated calls only look at new files.
 */

export interface RolloutFinderOptions {
  /** CODEX_HOME. */
  home: string;
  /** The session's working directory (compared with `session_meta.cwd`); may list equivalent spellings. */
  cwds: readonly string[];
  /** The thread id, when known. */
  threadId: string | null;
  /** Epoch ms: files whose session started before this (minus `slackMs`) are not this session's. */
  since: number;
  slackMs?: number;
}

export interface RolloutFinder {
  /** The path when found (and from then on), else null. Rejects on I/O errors (the caller retries). */
  find(): Promise<string | null>;
}

/** The cwd as given and as resolved (symlinks), both of which Codex may record. */
export function cwdSpellings(cwd: string): string[] {
  try {
    const real = realpathSync(cwd);
    return real === cwd ? [cwd] : [cwd, real];
  } catch (err) {
    // The worktree may be gone already; compare with the path as given.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return [cwd];
  }
}

const FIRST_LINE_MAX = 512 * 1024;
const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY/MM/DD` folders that may hold a rollout started at `t` (local and UTC dates, the day before for midnight). */
export function dayDirs(home: string, t: number): string[] {
  const out = new Set<string>();
  for (const ms of [t, t - 24 * 3600 * 1000, Date.now()]) {
    const d = new Date(ms);
    out.add(join(home, 'sessions', String(d.getFullYear()), pad(d.getMonth() + 1), pad(d.getDate())));
    out.add(
      join(home, 'sessions', String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())),
    );
  }
  return [...out];
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The first line as an object, or null while it is not complete yet. */
export async function readFirstLine(path: string): Promise<Record<string, unknown> | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(FIRST_LINE_MAX);
    const { bytesRead } = await fh.read(buf, 0, FIRST_LINE_MAX, 0);
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    if (nl === -1) return null;
    return parseJsonObject(buf.subarray(0, nl).toString('utf8'));
  } finally {
    await fh.close();
  }
}

async function findById(home: string, threadId: string): Promise<string | null> {
  const suffix = `-${threadId}.jsonl`;
  const root = join(home, 'sessions');
  const years = (await listDir(root)).sort().reverse();
  for (const y of years) {
    for (const m of (await listDir(join(root, y))).sort().reverse()) {
      for (const d of (await listDir(join(root, y, m))).sort().reverse()) {
        const name = (await listDir(join(root, y, m, d))).find(
          (f) => f.startsWith('rollout-') && f.endsWith(suffix),
        );
        if (name) return join(root, y, m, d, name);
      }
    }
  }
  return null;
}

export function createRolloutFinder(opts: RolloutFinderOptions): RolloutFinder {
  const since = opts.since - (opts.slackMs ?? 5000);
  const rejected = new Set<string>();
  let found: string | null = null;

  const matches = async (path: string): Promise<{ ok: boolean; final: boolean; startedAt: number }> => {
    const st = await stat(path);
    if (st.mtimeMs < since) return { ok: false, final: true, startedAt: 0 };
    const first = await readFirstLine(path);
    if (!first) return { ok: false, final: false, startedAt: 0 };
    const meta =
      first['type'] === 'session_meta' ? (first['payload'] as Record<string, unknown> | null) : null;
    const cwd = typeof meta?.['cwd'] === 'string' ? meta['cwd'] : null;
    const ts = typeof meta?.['timestamp'] === 'string' ? Date.parse(meta['timestamp']) : Number.NaN;
    const startedAt = Number.isNaN(ts) ? st.mtimeMs : ts;
    const ok = cwd !== null && opts.cwds.includes(cwd) && startedAt >= since;
    return { ok, final: true, startedAt };
  };

  const byCwd = async (): Promise<string | null> => {
    let best: { path: string; startedAt: number } | null = null;
    for (const dir of dayDirs(opts.home, opts.since)) {
      for (const name of await listDir(dir)) {
        const path = join(dir, name);
        if (!name.startsWith('rollout-') || !name.endsWith('.jsonl') || rejected.has(path)) continue;
        const m = await matches(path);
        if (!m.ok) {
          if (m.final) rejected.add(path);
          continue;
        }
        if (!best || m.startedAt > best.startedAt) best = { path, startedAt: m.startedAt };
      }
    }
    return best?.path ?? null;
  };

  return {
    async find() {
      if (found) return found;
      found = opts.threadId ? await findById(opts.home, opts.threadId) : await byCwd();
      return found;
    },
  };
}
