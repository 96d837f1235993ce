import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The data dir: `--data-dir`, else `AO_HOME`, else `~/.ao`. */
export function dataDirFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? env.AO_HOME ?? join(homedir(), '.ao'));
}

/** Finds `ao.config.yaml` from `dir` upward. */
export function findConfig(dir: string): string | null {
  let cur = resolve(dir);
  for (;;) {
    const file = join(cur, 'ao.config.yaml');
    if (existsSync(file)) return file;
    const up = dirname(cur);
    if (up === cur) return null;
    cur = up;
  }
}

/** Where the running daemon listens, from `<dataDir>/daemon.json` (written at start). */
export function daemonInfo(dataDir: string): { pid: number; url: string; port: number } | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'daemon.json'), 'utf8')) as {
      pid: number;
      url: string;
      port: number;
    };
  } catch {
    return null; // not running (or never started) with this data dir
  }
}

/** The install root (the repository ao runs from), found from this file in dist/ or src/. */
export function installRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'drizzle')) && existsSync(join(dir, 'apps'))) return dir;
    dir = resolve(dir, '..');
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}
