import { existsSync } from 'node:fs';
import type { WorkspaceState } from '@ao/shared/plugin';
import { UnsafeWorkspaceError } from './errors';
import type { Git } from './git';
import { realish } from './validate';

export interface Inspection {
  exists: boolean;
  dirtyFiles: string[];
  unpushed: number;
}

/** Names from `git status --porcelain=v1 -z`: "XY name\0", renames carry their source as an extra entry. */
export function parseStatusZ(out: string): string[] {
  const entries = out.split('\0');
  const files: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (!entry) continue;
    files.push(entry.slice(3));
    const x = entry[0];
    if (x === 'R' || x === 'C') i++; // the next entry is the rename's source path
  }
  return files;
}

/** What is in a workspace that removing it would lose. A missing directory is `exists: false`. */
export async function inspectWorkspace(git: Git, path: string): Promise<Inspection> {
  if (!existsSync(path)) return { exists: false, dirtyFiles: [], unpushed: 0 };
  // Only the top of a work tree counts: a plain directory inside some other repository is not a workspace.
  const top = await git.probe(path, ['rev-parse', '--show-toplevel']);
  if (top === null || realish(top) !== realish(path)) return { exists: false, dirtyFiles: [], unpushed: 0 };
  // Untracked files count (an agent's new file is work); ignored files (build output) do not.
  const status = await git.run(path, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  const unpushed = await git.run(path, ['rev-list', '--count', 'HEAD', '--not', '--remotes']);
  return { exists: true, dirtyFiles: parseStatusZ(status), unpushed: Number.parseInt(unpushed, 10) || 0 };
}

export function toState(i: Inspection): WorkspaceState {
  return { exists: i.exists, dirty: i.dirtyFiles.length > 0, unpushed: i.unpushed };
}

/** Throws `UnsafeWorkspaceError` unless the workspace is clean and fully pushed, or `force` is set. */
export function assertSafeToRemove(path: string, i: Inspection, force: boolean): void {
  if (force || (i.dirtyFiles.length === 0 && i.unpushed === 0)) return;
  throw new UnsafeWorkspaceError({ path, dirtyFiles: i.dirtyFiles, unpushed: i.unpushed });
}
