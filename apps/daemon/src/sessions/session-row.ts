import type { Dependency } from '@ao/shared/dependencies';
import { laneOf } from '@ao/shared/lanes';
import type { RuntimeHandle } from '@ao/shared/plugin';
import type {
  Activity,
  Evidence,
  ExitInfo,
  IssueRef,
  PullRequest,
  Session,
  SessionConflict,
  SessionStatus,
} from '@ao/shared/session';
import type { sessions } from '../db/schema';

export type SessionRow = typeof sessions.$inferSelect;

/** The `dependencies` column: what the session waits for and what waits for it. */
export interface Dependencies {
  blockedBy: Dependency[];
  blocks: Dependency[];
}

/** The API's view of a stored session; the lane is derived, never stored. */
export function toSession(row: SessionRow): Session {
  const status = row.status as SessionStatus;
  const activity = row.activity as Activity;
  const pr = (row.pr as PullRequest | null) ?? null;
  return {
    id: row.id,
    project: row.projectId,
    kind: row.kind === 'orchestrator' ? 'orchestrator' : 'worker',
    status,
    activity,
    lane: laneOf({ status, activity, pr, escalated: row.escalated }),
    statusReason: row.statusReason,
    evidence: (row.evidence as Evidence | null) ?? null,
    branch: row.branch,
    baseBranch: row.baseBranch,
    worktreePath: row.worktreePath,
    agent: row.agent,
    runtime: row.runtime,
    workspace: row.workspace,
    prompt: row.prompt,
    title: row.title,
    issue: (row.issue as IssueRef | null) ?? null,
    pr,
    agentSessionId: row.agentSessionId,
    usage: { model: row.model, tokensIn: row.tokensIn, tokensOut: row.tokensOut, costUsd: row.costUsd },
    escalated: row.escalated,
    exit: (row.exit as ExitInfo | null) ?? null,
    queuedMessages: row.queuedMessages,
    conflicts: (row.conflicts as SessionConflict[] | null) ?? [],
    blockedBy: (row.dependencies as Dependencies | null)?.blockedBy ?? [],
    blocks: (row.dependencies as Dependencies | null)?.blocks ?? [],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastActivityAt: row.lastActivityAt,
  };
}

export function handleOf(row: SessionRow): RuntimeHandle | null {
  return (row.runtimeHandle as RuntimeHandle | null) ?? null;
}
