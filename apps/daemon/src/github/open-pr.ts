import type { Logger } from '@ao/shared/plugin';
import type { PullRequest } from '@ao/shared/session';
import type { ProjectService } from '../projects/project-service';
import type { SessionPort } from '../sessions/port';
import type { SessionRow } from '../sessions/session-row';
import { exec } from '../util/exec';

/**
 * With `github.autoOpenPr`, opens a PR for a session whose agent pushed its branch (nothing unpushed left) but opened
 * none. Returns the PR, or null when there is nothing to open.
 */
export async function maybeOpenPr(
  sessions: SessionPort,
  projects: ProjectService,
  row: SessionRow,
  logger: Logger,
): Promise<PullRequest | null> {
  const project = projects.get(row.projectId);
  if (!project.config.github.autoOpenPr || row.status === 'spawning') return null;
  const found = projects.scmOf(row.projectId);
  if (!found) return null;
  const workspace = projects.workspaceOf(row.projectId, row.workspace);
  const pushed = await workspace.state(row.worktreePath, project.repoPath);
  if (!pushed.exists || pushed.unpushed > 0) return null;
  const remote = project.config.project.remote;
  const out = await exec('git', ['ls-remote', '--heads', '--', remote, `refs/heads/${row.branch}`], {
    cwd: project.repoPath,
  }).catch((err: Error) => {
    logger.warn({ branch: row.branch, err: err.message }, 'cannot list remote branches');
    return { stdout: '' };
  });
  if (!out.stdout.trim()) return null;
  const created = await found.scm.createPr(found.repo, {
    head: row.branch,
    base: row.baseBranch,
    title: row.title,
    body: prBody(row, project.config.tracker),
  });
  const full = await found.scm.getPr(found.repo, created.number);
  sessions.update(row.id, { pr: full }, { event: 'pr.updated' });
  return full;
}

/** ao's words, `Fixes #N` for a GitHub issue (GitHub closes it when the PR merges), then the task. */
export function prBody(row: Pick<SessionRow, 'id' | 'prompt' | 'issue'>, tracker: string): string {
  const issue = row.issue as { number?: number; key?: string } | null;
  const fixes = tracker === 'github' && issue?.number && !issue.key ? `\n\nFixes #${issue.number}` : '';
  return `Opened by ao for session ${row.id}.${fixes}${row.prompt ? `\n\nTask:\n\n${row.prompt}` : ''}`;
}
