import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateDir } from '../../util/private-dir';
import { COMMIT_MSG_HOOK, GIT_HOOK_NAMES, passThroughHook, USER_HOOK_RUNNER } from './hook-scripts';

export const hooksDirOf = (dataDir: string) => join(dataDir, 'hooks');

/**
 * Writes ao's git hooks into `<dataDir>/hooks` (scripts 0700, as private as the rest; the folder, like the data dir, 0700): done at boot, so
 * an upgrade of ao brings its new hooks. A file is replaced only when its text changed (by rename: a git running the
 * old one is not disturbed).
 */
export function writeHooks(dataDir: string): string {
  const dir = hooksDirOf(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  privateDir(dir);
  const files: Array<[string, string]> = [['ao-user-hook', USER_HOOK_RUNNER]];
  for (const name of GIT_HOOK_NAMES)
    files.push([name, name === 'commit-msg' ? COMMIT_MSG_HOOK : passThroughHook(name)]);
  for (const [name, text] of files) {
    const path = join(dir, name);
    let old: string | null = null;
    try {
      old = readFileSync(path, 'utf8');
    } catch {
      old = null; // not written yet
    }
    if (old === text) {
      chmodSync(path, 0o700);
      continue;
    }
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, text, { mode: 0o700 });
    chmodSync(tmp, 0o700);
    renameSync(tmp, path);
  }
  return dir;
}
