import { autoMergeAdmits, type MergeConfig } from '@ao/shared/config-merge';
import type { PullRequest } from '@ao/shared/session';
import type { Dependencies, SessionRow } from '../../sessions/session-row';
import { isLive } from '../conflicts/compute-project-conflicts';

/** A PR in the merge queue: its place and, when it cannot go yet, why. */
export interface QueueEntry {
  row: SessionRow;
  pr: PullRequest;
  position: number;
  /** Approved, green, mergeable and not waiting for a blocker: its turn may come. */
  ready: boolean;
  /** Ready, or only conflicting with the base: its branch may be brought up to date (rebased). */
  updatable: boolean;
  reason: string;
  blockedBy: string[];
}

/** Sessions whose work is over block nothing. */
const OVER = new Set(['done', 'killed', 'failed']);

/**
 * The merge queue of a project's sessions: every live session with an open PR, blockers first (the dependency order
 * from issue bodies and predicted conflicts), then oldest first; each with why it waits, when it does.
 */
export function orderQueue(rows: readonly SessionRow[], config: MergeConfig, base: string): QueueEntry[] {
  const open = rows.filter((r) => isLive(r) && (r.pr as PullRequest | null)?.state === 'open');
  const inQueue = new Set(open.map((r) => r.id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const waitsFor = (r: SessionRow): string[] =>
    ((r.dependencies as Dependencies | null)?.blockedBy ?? []).flatMap((d) => {
      const blocker = d.session ? byId.get(d.session) : undefined;
      if (!blocker || OVER.has(blocker.status)) return [];
      // An issue blocker waits until it is done; a predicted conflict only orders PRs both in the queue.
      return d.reason === 'issue' || inQueue.has(blocker.id) ? [blocker.id] : [];
    });
  const sorted = topological(open, waitsFor);
  return sorted.map((row, i) => {
    const pr = row.pr as PullRequest;
    const blockedBy = waitsFor(row);
    const waiting = whyWaiting(pr, blockedBy, base, config);
    return {
      row,
      pr,
      position: i + 1,
      ready: waiting === null,
      updatable: waiting === null || waiting === conflictsWith(base),
      reason: waiting ?? readyReason(config, pr),
      blockedBy,
    };
  });
}

/** Whether ao may merge this ready PR itself (`merge.autoMerge`). */
export const admits = autoMergeAdmits;

function readyReason(config: MergeConfig, pr: PullRequest): string {
  if (admits(config, pr)) return 'ready: merged in its turn';
  const auto = config.autoMerge;
  return typeof auto === 'boolean'
    ? 'ready: a human merges it (merge.autoMerge is off)'
    : `ready: ao merges it once it carries the label ${JSON.stringify(auto.label)}`;
}

/** The start of the reason of a PR whose failing check was classified `broken-base` (its base's checks fail too). */
export const brokenBase = (base: string) => `checks failing: ${base} is broken`;

const conflictsWith = (base: string) => `conflicts with ${base}`;

function whyWaiting(
  pr: PullRequest,
  blockedBy: string[],
  base: string,
  config: Pick<MergeConfig, 'requireApproval' | 'requireChecks'>,
): string | null {
  if (blockedBy.length) return `blocked by ${blockedBy.join(', ')}`;
  if (pr.draft) return 'draft';
  const approvedEnough =
    pr.reviewDecision === 'approved' ||
    (!config.requireApproval && pr.reviewDecision !== 'changes_requested');
  if (!approvedEnough) return `not approved (${pr.reviewDecision.replace('_', ' ')})`;
  if (pr.ci === 'pending') return 'checks running';
  if (pr.ci === 'failing') {
    const broken = pr.checks.find((c) => c.verdict?.class === 'broken-base');
    return broken ? `${brokenBase(base)}: ${broken.name} fails there too` : 'checks failing';
  }
  if (pr.ci === 'none' && config.requireChecks) return 'no checks reported yet';
  if (pr.mergeable === 'conflicting') return conflictsWith(base);
  if (pr.mergeable === 'unknown') return 'GitHub is computing mergeability';
  return null;
}

/** Blockers before what they block; otherwise (and within a cycle) the oldest session first. */
function topological(rows: SessionRow[], waitsFor: (r: SessionRow) => string[]): SessionRow[] {
  const pending = [...rows].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  const out: SessionRow[] = [];
  const placed = new Set<string>();
  const ids = new Set(rows.map((r) => r.id));
  while (pending.length) {
    let i = pending.findIndex((r) => waitsFor(r).every((b) => placed.has(b) || !ids.has(b)));
    if (i < 0) i = 0; // a cycle: the oldest goes first
    const [next] = pending.splice(i, 1) as [SessionRow];
    out.push(next);
    placed.add(next.id);
  }
  return out;
}
