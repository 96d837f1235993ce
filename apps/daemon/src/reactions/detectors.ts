import type { ReactionKind, ReactionRule } from '@ao/shared/config-reactions';
import type { PullRequest } from '@ao/shared/session';
import { authorKindOf } from '../util/author-kind';
import {
  checkItems,
  ciMessage,
  commentItems,
  failedChecks,
  plainMessage,
  reviewBodyItems,
  reviewMessage,
  shortSha,
} from './messages';
import type { Trigger } from './react';
import type { EvaluateInput } from './types';

/** A condition holds (`fire`), is gone (`clear`: close incidents), or is not known yet (`wait`: change nothing). */
export type Detection =
  | { state: 'fire'; trigger: Trigger }
  /** `flapKey`: if this key already fired, the clearing is a flap (a re-run passed), not a fix: keep the budget. */
  | { state: 'clear'; flapKey?: string }
  | { state: 'wait' };

/** Check verdict actions that hold a failure back from the agent (see fleet-signals/checks). */
const HOLDING = new Set(['rerun', 'notified', 'held']);

const CLEAR: Detection = { state: 'clear' };
const WAIT: Detection = { state: 'wait' };
const openPr = (pr: PullRequest | null): pr is PullRequest & { headSha: string } =>
  pr !== null && pr.state === 'open' && pr.headSha !== null;

function ciFailed(input: EvaluateInput, rule: ReactionRule): Detection {
  const { pr } = input;
  if (!openPr(pr)) return CLEAR;
  if (pr.ci === 'passing') return { state: 'clear', flapKey: pr.headSha };
  // Fire only once every check on the head commit has finished: never on a partial picture.
  if (pr.ci !== 'failing' || pr.checks.some((c) => c.status !== 'completed')) return WAIT;
  const sha = pr.headSha;
  // A failure the checks policy holds (being re-run as likely flaky, or a broken base told to a human) wakes no one.
  const held = new Set(
    pr.checks.filter((c) => c.verdict && HOLDING.has(c.verdict.action ?? '')).map((c) => c.name),
  );
  const checks = failedChecks(pr, input.details?.failedChecks).filter((c) => !held.has(c.name));
  if (held.size > 0 && checks.length === 0) return WAIT;
  const items = checkItems(sha, checks);
  const names = checks.map((c) => c.name).join(', ');
  return {
    state: 'fire',
    trigger: {
      kind: 'ci_failed',
      key: sha,
      items,
      summary: `CI failed on PR #${pr.number} at ${shortSha(sha)}${names ? ` (${names})` : ''}`,
      url: pr.url,
      agentMessage: (fresh) => ciMessage(rule.prompt, pr, sha, fresh),
    },
  };
}

const fromBot = (c: { author: string }) => authorKindOf(c.author) === 'bot';

/**
 * Review feedback for the agent: every unresolved thread (they hold the condition until resolved) and the words of
 * reviews not sent yet (a review body holds it only until it was sent). `bots` picks whose: review bots' feedback is
 * `bot_review`, everyone else's `changes_requested`. With nothing to act on while changes are still requested
 * (threads resolved before the approval lands), nothing is sent: the reviewer's move.
 */
function reviewFeedback(bots: boolean): Detector {
  const kind = bots ? 'bot_review' : 'changes_requested';
  const mine = (c: { author: string }) => fromBot(c) === bots;
  return (input, rule, _now, sent) => {
    const { pr } = input;
    if (!openPr(pr) || pr.reviewDecision === 'approved') return CLEAR;
    const comments = (input.details?.reviewComments ?? pr.unresolvedThreads).filter(mine);
    const bodies = reviewBodyItems((input.details?.reviewBodies ?? []).filter(mine));
    const unsent = bodies.length ? bodies.filter((i) => !sent().has(i.fingerprint)) : [];
    const items = [...unsent, ...commentItems(comments)];
    const requested = !bots && pr.reviewDecision === 'changes_requested';
    if (items.length === 0) return requested ? WAIT : CLEAR;
    const what = [
      unsent.length ? `${unsent.length} review(s)` : '',
      comments.length ? `${comments.length} unresolved comment(s)` : '',
    ].filter(Boolean);
    const title = bots ? 'Bot review comments' : requested ? 'Changes requested' : 'Review comments';
    return {
      state: 'fire',
      trigger: {
        kind,
        key: pr.headSha,
        items,
        summary: `${title} on PR #${pr.number} (${what.join(', ')})`,
        url: pr.url,
        agentMessage: (fresh) => reviewMessage(rule.prompt, pr, fresh),
      },
    };
  };
}

function mergeConflict(input: EvaluateInput, rule: ReactionRule): Detection {
  const { pr } = input;
  if (!openPr(pr) || pr.mergeable === 'mergeable') return CLEAR;
  if (pr.mergeable !== 'conflicting') return WAIT;
  return {
    state: 'fire',
    trigger: {
      kind: 'merge_conflict',
      key: pr.headSha,
      items: [
        { fingerprint: `conflict:${pr.headSha}`, text: `PR #${pr.number} conflicts with its base branch` },
      ],
      summary: `PR #${pr.number} has merge conflicts`,
      url: pr.url,
      agentMessage: () => plainMessage(rule.prompt, pr),
    },
  };
}

function approved(input: EvaluateInput, rule: ReactionRule): Detection {
  const { pr } = input;
  if (!openPr(pr) || pr.reviewDecision !== 'approved' || pr.draft) return CLEAR;
  const green = pr.ci === 'passing' || (pr.ci === 'none' && !rule.requireChecks);
  if (!green || pr.mergeable !== 'mergeable') return WAIT; // ready to merge: green, approved, conflict-free
  return {
    state: 'fire',
    trigger: {
      kind: 'approved',
      key: pr.headSha,
      items: [
        { fingerprint: `approved:${pr.headSha}`, text: `PR #${pr.number} is approved, green and mergeable` },
      ],
      summary: `PR #${pr.number} approved and ready to merge`,
      url: pr.url,
      merge: { prNumber: pr.number, headSha: pr.headSha },
      agentMessage: () => plainMessage(rule.prompt, pr),
    },
  };
}

const finished = (input: EvaluateInput) =>
  ['killed', 'done', 'failed'].includes(input.session.status) ||
  input.pr?.state === 'merged' ||
  input.pr?.state === 'closed';

/** Whether some failing check is the agent's: not held back by the checks policy (a re-run, a broken base). */
function agentsFailure(pr: PullRequest): boolean {
  const held = new Set(pr.checks.filter((c) => HOLDING.has(c.verdict?.action ?? '')).map((c) => c.name));
  return failedChecks(pr, undefined).some((c) => !held.has(c.name));
}

/**
 * Work the agent should be doing while it sits idle, as a key that changes when the work does: no PR yet, failing
 * checks that are the agent's (a failure held back for a re-run or a broken base is not), changes requested, a
 * conflict. Null when there is none.
 */
function pendingWork(pr: PullRequest | null): string | null {
  if (pr === null) return 'no-pr';
  const what = [
    pr.ci === 'failing' && agentsFailure(pr) && 'ci',
    pr.reviewDecision === 'changes_requested' && 'review',
    pr.mergeable === 'conflicting' && 'conflict',
  ].filter(Boolean);
  return what.length ? `${pr.headSha}:${what.join('+')}` : null;
}

/**
 * An agent idle (or blocked) for `after` with work left. One incident per piece of pending work (`pendingWork`):
 * an agent that answers a nudge and stops again with the same work left is the same incident, its next attempt (so
 * `retries` and escalation apply), not a fresh budget; it ends when the work changes (a push, a review) or is done.
 */
function agentStuck(input: EvaluateInput, rule: ReactionRule, now: Date): Detection {
  const { activity, pr } = input;
  if (finished(input) || input.session.status !== 'running') return CLEAR;
  const pending = pendingWork(pr);
  if (activity.state !== 'idle' && activity.state !== 'blocked')
    return pending ? { state: 'clear', flapKey: pending } : CLEAR;
  if (activity.state === 'idle' && !pending) return CLEAR;
  if (now.getTime() - Date.parse(activity.since) < rule.afterMs) return WAIT;
  const minutes = Math.round((now.getTime() - Date.parse(activity.since)) / 60_000);
  const why = activity.detail ? `: ${activity.detail}` : '';
  return {
    state: 'fire',
    trigger: {
      kind: 'agent_stuck',
      key: pending ?? `blocked:${activity.since}`,
      items: [{ fingerprint: `stuck:${activity.since}`, text: `${activity.state} for ${minutes} min${why}` }],
      summary: `${input.session.id} has been ${activity.state} for ${minutes} min with work left${why}`,
      url: pr?.url,
      agentMessage: () => plainMessage(rule.prompt, pr),
    },
  };
}

function agentNeedsInput(input: EvaluateInput, rule: ReactionRule): Detection {
  const { activity } = input;
  if (finished(input) || activity.state !== 'waiting_input') return CLEAR;
  const why = activity.detail ?? 'waiting for input';
  return {
    state: 'fire',
    trigger: {
      kind: 'agent_needs_input',
      key: activity.since,
      items: [{ fingerprint: `input:${activity.since}`, text: why }],
      summary: `${input.session.id} (${input.session.title}) is waiting for you: ${why}`,
      url: input.pr?.url,
      agentMessage: () => plainMessage(rule.prompt, input.pr),
    },
  };
}

function agentExited(input: EvaluateInput, rule: ReactionRule): Detection {
  const { activity, session } = input;
  if (finished(input)) return CLEAR;
  const gone = activity.state === 'exited' || session.status === 'runtime_lost';
  if (!gone) return session.status === 'running' ? CLEAR : WAIT;
  return {
    state: 'fire',
    trigger: {
      kind: 'agent_exited',
      key: activity.since,
      items: [{ fingerprint: `exited:${activity.since}`, text: activity.detail ?? 'the agent exited' }],
      summary: `${session.id} (${session.title}) stopped before its work was done`,
      url: input.pr?.url,
      restore: true,
      agentMessage: () => plainMessage(rule.prompt, input.pr),
    },
  };
}

/** The fingerprints already sent for the kind (read from the incidents only when a detector asks). */
export type Sent = () => ReadonlySet<string>;

type Detector = (input: EvaluateInput, rule: ReactionRule, now: Date, sent: Sent) => Detection;

/** Per-session reaction kinds, in the order their actions are returned. */
export const detectors: Array<[Exclude<ReactionKind, 'all_complete'>, Detector]> = [
  ['agent_exited', agentExited],
  ['agent_needs_input', agentNeedsInput],
  ['ci_failed', ciFailed],
  ['changes_requested', reviewFeedback(false)],
  ['bot_review', reviewFeedback(true)],
  ['merge_conflict', mergeConflict],
  ['approved', approved],
  ['agent_stuck', agentStuck],
];
