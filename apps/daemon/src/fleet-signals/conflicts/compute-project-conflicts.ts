import { branchNameSchema } from '@ao/shared/ids';
import type { SessionConflict } from '@ao/shared/session';
import type { LoadedProject } from '../../projects/project-service';
import { ACTIVE } from '../../sessions/lifecycle';
import type { SessionRow } from '../../sessions/session-row';
import type { BranchHead, ConflictEngine } from './conflict-engine';
import type { RunGit } from './git-exec';
import { readRefs } from './git-queries';

/** The ref of the default branch's tip on the project's remote (what "the base" means for conflicts). */
export function baseRefOf(project: LoadedProject): string {
  const { remote, defaultBranch } = project.config.project;
  return `refs/remotes/${remote}/${defaultBranch}`;
}

/** Sessions whose branch can still move and be merged: active, with their worktree. */
export function isLive(row: SessionRow): boolean {
  return ACTIVE.has(row.status as never) && !row.worktreeRemoved;
}

/**
 * Every session's predicted conflicts in a project: live sessions' branch heads are the local refs of the project's
 * repository (worktrees share them), the base is the remote's default branch. Sessions not live (or whose branch is
 * not in the repository, e.g. a clone workspace) get none. One `for-each-ref` reads every head; the engine runs git
 * only for heads it has not seen.
 */
export async function computeProjectConflicts(
  deps: { git: RunGit; engine: ConflictEngine },
  project: LoadedProject,
  rows: readonly SessionRow[],
): Promise<Map<string, SessionConflict[]>> {
  const result = new Map<string, SessionConflict[]>(rows.map((r) => [r.id, []]));
  const live = rows.filter((r) => isLive(r) && branchNameSchema.safeParse(r.branch).success);
  if (!project.config.conflicts.enabled || live.length === 0) return result;
  const baseRef = baseRefOf(project);
  const refs = await readRefs(deps.git, project.repoPath, ['refs/heads/', baseRef]);
  const baseTip = refs.get(baseRef) ?? refs.get(`refs/heads/${project.config.project.defaultBranch}`);
  if (!baseTip) return result;
  const heads: BranchHead[] = [];
  for (const row of live) {
    const head = refs.get(`refs/heads/${row.branch}`);
    if (head) heads.push({ id: row.id, head });
  }
  const found = await deps.engine.compute(project.repoPath, heads, baseTip);
  for (const [id, list] of found) result.set(id, list);
  return result;
}
