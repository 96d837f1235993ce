import type { Activity, Lane, PullRequest, SessionStatus } from './session';

export interface LaneInput {
  status: SessionStatus;
  activity: Activity;
  pr: Pick<
    PullRequest,
    'state' | 'ci' | 'reviewDecision' | 'reviewersRequested' | 'mergeable' | 'draft'
  > | null;
  escalated: boolean;
}

/**
 * The board lane of a session: a pure function of its status, activity and PR (DESIGN.md §7).
 * Order matters: the first rule that matches wins.
 */
export function laneOf({ status, activity, pr, escalated }: LaneInput): Lane {
  if (status === 'killed' || status === 'done') return 'done';
  if (pr && (pr.state === 'merged' || pr.state === 'closed')) return 'done';
  // A human is needed.
  if (activity === 'waiting_input' || activity === 'blocked' || escalated) return 'review';
  // Approved, green, conflict-free: one click merges, whatever the agent is doing.
  if (pr && pr.reviewDecision === 'approved' && pr.ci !== 'failing' && pr.ci !== 'pending' && !pr.draft) {
    if (pr.mergeable === 'mergeable') return 'merge';
  }
  if (status === 'failed' || status === 'runtime_lost' || status === 'exited') return 'review';
  // The agent is busy, or starting and not yet on its first prompt.
  if (status === 'spawning' || activity === 'working' || activity === 'starting') return 'working';
  // Idle, ended, or ao cannot tell (unknown), with no PR: somebody must look.
  if (!pr) return 'review';
  // Agent is not working and a PR exists.
  if (pr.ci === 'failing' || pr.reviewDecision === 'changes_requested') {
    // A reaction hands this back to the agent; until it picks it up the work is the agent's.
    return activity === 'exited' ? 'review' : 'working';
  }
  if (pr.ci === 'pending') return 'pending';
  if (pr.mergeable === 'conflicting') return activity === 'exited' ? 'review' : 'working';
  if (pr.reviewDecision === 'approved') return 'pending'; // mergeability still being computed
  if (pr.reviewersRequested > 0 && !pr.draft) return 'pending';
  return 'review';
}
