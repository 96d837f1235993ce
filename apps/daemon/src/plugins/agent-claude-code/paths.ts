import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Claude Code's project folder name for a working directory: every non-alphanumeric character becomes '-'; names
 * longer than 200 characters are cut and suffixed with a 32-bit string hash in base 36.
 */
export function projectSlug(cwd: string): string {
  const slug = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (slug.length <= 200) return slug;
  let h = 0;
  for (let i = 0; i < cwd.length; i++) h = ((h << 5) - h + cwd.charCodeAt(i)) | 0;
  return `${slug.slice(0, 200)}-${Math.abs(h).toString(36)}`;
}

export interface ClaudePaths {
  /** The config directory (CLAUDE_CONFIG_DIR, or ~/.claude). */
  configDir: string;
  /** The global state file: `<configDir>/.claude.json` with CLAUDE_CONFIG_DIR, else `~/.claude.json`. */
  stateFile: string;
}

export function claudePaths(
  configDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ClaudePaths {
  const dir = configDir ?? env['CLAUDE_CONFIG_DIR'];
  if (dir) return { configDir: dir, stateFile: join(dir, '.claude.json') };
  return { configDir: join(homedir(), '.claude'), stateFile: join(homedir(), '.claude.json') };
}

export function transcriptPath(configDir: string, cwd: string, agentSessionId: string): string {
  return join(configDir, 'projects', projectSlug(cwd), `${agentSessionId}.jsonl`);
}

export function statusFilePath(configDir: string, pid: number): string {
  return join(configDir, 'sessions', `${pid}.json`);
}

/**
 * The directory Claude Code believes it runs in: the real path of `cwd` (it reads the kernel's getcwd, so symlinks are
 * resolved, e.g. macOS `/tmp` → `/private/tmp` or a data dir behind a link). Its trust entry and transcript folder are
 * keyed by this path, not by the one ao passed. A `cwd` that does not exist (yet) is returned as it is.
 */
export function claudeCwd(cwd: string): string {
  try {
    return realpathSync(cwd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return cwd; // nothing to resolve yet: the path as given
    throw err;
  }
}
