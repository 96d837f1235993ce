/** The workspace slot: the directory an agent works in (a git worktree, a clone). */

export interface WorkspaceCreateOptions {
  sessionId: string;
  /** The user's repository (its root). */
  repoPath: string;
  remote: string;
  baseBranch: string;
  branch: string;
  /** Where to create it (under ao's data dir). */
  path: string;
}

export interface WorkspaceInfo {
  path: string;
  branch: string;
  baseBranch: string;
  /** Commit the branch was created from. */
  baseSha: string;
}

export interface WorkspaceState {
  exists: boolean;
  /** Uncommitted changes (tracked or untracked). */
  dirty: boolean;
  /** Commits on the branch that are on no remote branch. */
  unpushed: number;
}

export interface Workspace {
  create(opts: WorkspaceCreateOptions): Promise<WorkspaceInfo>;
  state(path: string, repoPath: string): Promise<WorkspaceState>;
  /** Removes the workspace. Refuses (throws `UnsafeWorkspaceError`) when dirty or unpushed, unless `force`. */
  remove(path: string, repoPath: string, opts: { force: boolean }): Promise<void>;
  /** Workspace paths this plugin created for the repository (to find ones no session accounts for). */
  list?(repoPath: string): Promise<string[]>;
}
