import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../workspace-shared/git';
import { isCloneOf } from './clone-marker';

/** How deep under the root clones may sit (e.g. `<root>/<project>/<session>`). */
const MAX_DEPTH = 3;

/** Clones ao made of `repoPath` under `root`, found by the marker in each clone's config. */
export async function listClones(git: Git, root: string, repoPath: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (existsSync(join(path, '.git'))) {
        if (await isCloneOf(git, path, repoPath)) found.push(path);
      } else if (depth < MAX_DEPTH) {
        await walk(path, depth + 1);
      }
    }
  };
  if (existsSync(root)) await walk(root, 1);
  return found.sort();
}
