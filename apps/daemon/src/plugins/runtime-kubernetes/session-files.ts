import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, normalize } from 'node:path';

/** The agent's start-up files (settings, hook script, MCP config), read on the daemon to go in the session's Secret. */
export interface SessionFiles {
  /** The one folder they are in (ao's session dir): mounted at this path in the pod. */
  dir: string;
  /** File name → content. */
  files: Record<string, string>;
}

/** A Secret holds 1 MiB in all; these files are a few KiB. */
const MAX_TOTAL = 512 * 1024;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;

/** The Secret key of one file (keys of the session's env secrets are upper-case names, never `file.`). */
export const fileKey = (name: string): string => `file.${name}`;

/**
 * Reads the files the agent plan names, all in one folder (ao's session dir), each a plain name. Null when there are
 * none. Throws naming the file when one is elsewhere, unreadable, or they are too big for a Secret.
 */
export async function readSessionFiles(paths: readonly string[] | undefined): Promise<SessionFiles | null> {
  if (paths === undefined || paths.length === 0) return null;
  const dir = dirname(paths[0] ?? '');
  const files: Record<string, string> = {};
  let total = 0;
  for (const path of paths) {
    const name = basename(path);
    if (!isAbsolute(path) || normalize(path) !== path || dirname(path) !== dir || !NAME.test(name)) {
      throw new Error(`kubernetes runtime: the agent's file ${path} is not a plain file in ${dir}`);
    }
    const text = await readFile(path, 'utf8').catch((err: Error) => {
      throw new Error(`kubernetes runtime: cannot read the agent's file ${path}: ${err.message}`);
    });
    total += Buffer.byteLength(text);
    if (total > MAX_TOTAL) throw new Error(`kubernetes runtime: the agent's files exceed ${MAX_TOTAL} bytes`);
    files[name] = text;
  }
  return { dir, files };
}
