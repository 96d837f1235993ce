import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders of the data dir, created 0700. */
const DIRS = ['logs', 'sessions', 'worktrees'];

export class UnsafeDataDirError extends Error {}

/**
 * Makes ao's data dir private (DESIGN.md §1): it holds prompts, PR data and the per-session hook secrets. Creates it
 * 0700 (tightening one that others can read), refuses one that another user owns or that other users can write (they
 * could swap what ao reads), and makes ao's own files in it 0600 and its folders 0700.
 */
export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new UnsafeDataDirError(
      `${dir} belongs to another user (uid ${st.uid}); give ao a data dir of your own`,
    );
  }
  if (st.mode & 0o022) {
    const mode = (st.mode & 0o777).toString(8);
    throw new UnsafeDataDirError(
      `${dir} can be written by other users (mode ${mode}); run \`chmod 700 ${dir}\` or use another --data-dir`,
    );
  }
  if (st.mode & 0o077) chmodSync(dir, 0o700);
  for (const name of DIRS) privateDir(join(dir, name));
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    if (s.isFile() && s.mode & 0o077) chmodSync(path, 0o600);
  }
  for (const name of readdirSync(join(dir, 'logs'))) privateFile(join(dir, 'logs', name));
}

/** A folder only its owner can enter. */
export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (statSync(path).mode & 0o077) chmodSync(path, 0o700);
}

/** Creates `path` (empty) 0600 when it does not exist, or tightens it: files SQLite or tmux then write inherit it. */
export function privateFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  if (statSync(path).mode & 0o077) chmodSync(path, 0o600);
}
