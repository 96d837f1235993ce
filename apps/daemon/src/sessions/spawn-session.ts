import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { CreateSessionBody } from '@ao/shared/api';
import { parseBlockers } from '@ao/shared/dependencies';
import { AoError, badRequest, conflict, trackerError } from '@ao/shared/errors';
import { branchNameSchema, ISSUE_KEY_RE, parseIssueId, slugify } from '@ao/shared/ids';
import type { IssueRef, Session } from '@ao/shared/session';
import { and, eq } from 'drizzle-orm';
import { sessions } from '../db/schema';
import { privateDir } from '../util/private-dir';
import type { SessionContext } from './context';
import { pluginsOf, worktreePathOf } from './session-plugins';
import type { SessionRow } from './session-row';
import { startAgent } from './start-agent';

/**
 * Creates a session: a branch and workspace from the up-to-date default branch, the agent started in its runtime, the
 * prompt delivered. Input is fully validated before anything is written; a failure after that leaves the session
 * visible as `failed` with the reason.
 */
export async function spawnSession(s: SessionContext, body: CreateSessionBody): Promise<Session> {
  const project = s.projects.resolve(body.project);
  const { config } = project;
  const agent = body.agent ?? config.agent;
  const runtime = body.runtime ?? config.runtime;
  // The plugins are made (their settings checked) before anything is written: a bad choice is a 400 naming it.
  pluginsOf(s, { projectId: project.id, agent, runtime, workspace: config.workspace });
  const task = await resolveTask(s, project.id, body);
  if (!task.prompt && !body.prompt) throw badRequest('give a prompt or an issue', 'prompt');

  // The id is reserved only once every check passed (no await until then, so it is still the one peeked).
  const id = s.store.peekId(project.id);
  const slug = slugify(task.issue ? task.issue.title : (body.prompt ?? ''), 32);
  const branch =
    body.branch ??
    (task.issue
      ? `${config.project.branchPrefix}${issuePart(task.issue)}-${slug || 'issue'}`
      : `${config.project.branchPrefix}${id}${slug ? `-${slug}` : ''}`);
  if (!branchNameSchema.safeParse(branch).success)
    throw badRequest(`invalid branch name "${branch}"`, 'branch');
  const taken = s.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.projectId, project.id), eq(sessions.branch, branch)))
    .get();
  if (taken) throw conflict(`branch ${branch} is already used by session ${taken.id}`);
  if (s.store.nextId(project.id) !== id) throw new Error(`session id ${id} was taken meanwhile`);

  const now = new Date().toISOString();
  const prompt = task.prompt ?? body.prompt ?? null;
  const row: SessionRow = {
    id,
    projectId: project.id,
    status: 'spawning',
    activity: 'starting',
    statusReason: null,
    evidence: { source: 'spawn', detail: 'creating workspace', at: now, confidence: 'high' as const },
    branch,
    baseBranch: config.project.defaultBranch,
    worktreePath: worktreePathOf(s.dataDir, project.id, id),
    worktreeRemoved: false,
    agent,
    runtime,
    workspace: config.workspace,
    runtimeHandle: null,
    hookSecret: randomBytes(24).toString('hex'),
    prompt,
    title: task.issue
      ? `${task.issue.key ?? `#${task.issue.number}`} ${task.issue.title}`
      : firstLine(prompt ?? id),
    issue: task.issue,
    pr: null,
    agentSessionId: null,
    model: null,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    escalated: false,
    createdAt: now,
    updatedAt: now,
    lastActivityAt: null,
    activitySince: now,
    prConfirmedAt: null,
    exit: null,
    promptPending: false,
    queuedMessages: 0,
    agentState: null,
    conflicts: null,
    dependencies: null,
    kind: 'worker',
  };
  s.store.insert(row);
  try {
    const { workspace } = pluginsOf(s, row);
    privateDir(dirname(row.worktreePath)); // the project's folder under worktrees/
    await workspace.create({
      sessionId: id,
      repoPath: project.repoPath,
      remote: config.project.remote,
      baseBranch: row.baseBranch,
      branch,
      path: row.worktreePath,
    });
    await startAgent(s, s.store.row(id), { resume: false });
  } catch (err) {
    if (s.store.find(id)?.status === 'killed') {
      // Killed while it was starting: the kill stands, and the spawn's caller learns it as a conflict.
      s.logger.info({ sessionId: id }, 'session killed while it started');
      throw conflict(`session ${id} was killed while it started`);
    }
    const reason = (err as Error).message;
    s.logger.error({ sessionId: id, err: reason }, 'spawn failed');
    if (s.store.find(id)?.status === 'spawning')
      s.store.update(id, { status: 'failed', statusReason: reason, activity: 'exited' });
    throw new AoError('runtime_error', `session ${id} failed to start: ${reason}`);
  }
  return s.store.get(id);
}

async function resolveTask(
  s: SessionContext,
  projectId: string,
  body: CreateSessionBody,
): Promise<{ prompt: string | null; issue: IssueRef | null }> {
  if (body.issue === undefined) return { prompt: null, issue: null };
  const { repo, tracker } = s.projects.trackerOf(projectId);
  const issue = await tracker.getIssue(repo, parseIssueId(body.issue));
  const prompt = body.prompt ? `${tracker.promptFor(issue)}\n\n${body.prompt}` : tracker.promptFor(issue);
  const ref: IssueRef = { number: issue.number, title: issue.title, url: issue.url };
  const blockers = parseBlockers(issue.body);
  if (blockers.length) ref.blockedBy = blockers;
  if (issue.key !== undefined) {
    // A tracker's key goes into the branch name: only a strict key is kept.
    if (!ISSUE_KEY_RE.test(issue.key))
      throw trackerError(`the tracker returned a bad issue key: ${issue.key}`);
    ref.key = issue.key;
  }
  return { prompt, issue: ref };
}

/** The issue's part of a branch name: `42` (GitHub) or the key in lowercase (`eng-42`). */
const issuePart = (issue: IssueRef) => (issue.key ? issue.key.toLowerCase() : String(issue.number));

const firstLine = (text: string) => (text.split('\n').find((l) => l.trim()) ?? text).trim().slice(0, 120);
