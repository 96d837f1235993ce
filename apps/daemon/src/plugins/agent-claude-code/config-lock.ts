import { mkdir, rmdir, stat } from 'node:fs/promises';

/**
 * Claude Code's own lock on its state file: a directory `<file>.lock` made with mkdir (proper-lockfile, as both
 * 2.1.197 and 2.1.332 call it with `lockfilePath: \`${file}.lock\``), refreshed by its holder and stale after 10 s.
 * Claude re-reads the file under this lock before it writes, so a change ao makes while holding it survives; a change
 * ao made without it could land between Claude's read and write and be lost (a trust entry lost that way brings back
 * the folder-trust dialog ao meant to pre-answer).
 */
const STALE_MS = 10_000;
/** How long ao waits for a fresh lock before it writes anyway (the holder is stuck; its lock goes stale meanwhile). */
const MAX_WAIT_MS = 15_000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquire(lockDir: string, maxWaitMs: number): Promise<boolean> {
  const deadline = Date.now() + maxWaitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(lockDir);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const st = await stat(lockDir).catch(() => null);
    if (st && Date.now() - st.mtimeMs > STALE_MS) {
      // A holder that stopped refreshing it: take it over, as proper-lockfile does.
      await rmdir(lockDir).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) return false;
    await delay(Math.min(25 * 2 ** Math.min(attempt, 4), 400) * (1 + Math.random()));
  }
}

/** Runs `fn` holding Claude Code's lock on `file`; past `maxWaitMs` of a held lock it runs anyway and says so. */
export async function withClaudeConfigLock<T>(
  file: string,
  fn: () => Promise<T>,
  opts: { maxWaitMs?: number; onTimeout?: () => void } = {},
): Promise<T> {
  const lockDir = `${file}.lock`;
  const held = await acquire(lockDir, opts.maxWaitMs ?? MAX_WAIT_MS);
  if (!held) opts.onTimeout?.();
  try {
    return await fn();
  } finally {
    if (held) await rmdir(lockDir).catch(() => undefined);
  }
}
