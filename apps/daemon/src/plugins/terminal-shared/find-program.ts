import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The path of an executable: `name` itself when it is a path, else the first match on the host's PATH; or null. */
export function findProgram(name: string, env: Record<string, string | undefined>): string | null {
  const candidates = isAbsolute(name)
    ? [name]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not there, or not executable: the next one
    }
  }
  return null;
}

/** What the terminal plugins need from the machine, injected so tests launch nothing. */
export interface MachineDeps {
  which(name: string, env: Record<string, string | undefined>): string | null;
  exists(path: string): boolean;
}

export const realMachine: MachineDeps = { which: findProgram, exists: existsSync };
