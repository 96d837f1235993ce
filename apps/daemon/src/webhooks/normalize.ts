import type { z } from 'zod';
import * as p from './payload-schemas';
import type { WebhookDelivery } from './verify-and-parse';

export type WebhookFactKind =
  | 'pr'
  | 'check'
  | 'status'
  | 'review'
  | 'review_comment'
  | 'review_thread'
  | 'issue_comment'
  | 'push'
  | 'issue'
  | 'ping'
  | 'ignored';

/** What a delivery tells ao: which repository and PRs/branch/commit changed, so it can refresh them via the Scm. */
export interface WebhookFact {
  deliveryId: string;
  event: string;
  action: string | null;
  kind: WebhookFactKind;
  /** `owner/name`; null only for an organization-level ping or an ignored delivery. */
  repo: string | null;
  /** PRs the delivery names (check events list same-repository PRs only; forks give none). */
  prNumbers: number[];
  /** Head branch of the PR / check / pushed ref. */
  branch?: string;
  /** `status` events: every branch whose tip is the commit. */
  branches?: string[];
  headSha?: string;
  /** Issue or PR number for `issue` and `issue_comment`. */
  issueNumber?: number;
  /** Check run / suite / workflow run name, or a status context. */
  checkName?: string;
  /** Check run id (`check_run`): one outcome per run. */
  checkId?: number;
  /** How long the check run took, when it finished (ms). */
  durationMs?: number;
  /** Check status (`queued`, `in_progress`, `completed`) or status state (`pending`, `success`, ...). */
  checkStatus?: string | null;
  conclusion?: string | null;
  /** `approved`, `changes_requested`, `commented`, `dismissed`. */
  reviewState?: string;
  commentId?: number;
  prState?: 'open' | 'closed' | 'merged';
  /** `push`: the branch was deleted. */
  deleted?: boolean;
  /** Why the delivery was ignored. */
  reason?: string;
}

type Base = Pick<WebhookFact, 'deliveryId' | 'event' | 'action'>;
type PrPayload = z.infer<typeof p.pullRequestEvent>['pull_request'];

function prFields(pr: PrPayload): Pick<WebhookFact, 'prNumbers' | 'branch' | 'headSha' | 'prState'> {
  const merged = pr.merged === true || Boolean(pr.merged_at);
  const prState = merged ? 'merged' : pr.state === 'closed' ? 'closed' : 'open';
  return { prNumbers: [pr.number], branch: pr.head.ref, headSha: pr.head.sha, prState };
}

const nonEmpty = (s: string | null | undefined): string | undefined => (s ? s : undefined);

type Normalizer = (payload: unknown, base: Base) => WebhookFact | string;

function parsed<T extends z.ZodType>(schema: T, payload: unknown, build: (v: z.infer<T>) => WebhookFact) {
  const r = schema.safeParse(payload);
  if (!r.success) return `unexpected payload: ${r.error.issues[0]?.path.join('.') ?? '?'}`;
  return build(r.data);
}

const normalizers: Record<string, Normalizer> = {
  pull_request: (payload, base) =>
    parsed(p.pullRequestEvent, payload, (v) => ({
      ...base,
      kind: 'pr',
      repo: v.repository.full_name,
      ...prFields(v.pull_request),
    })),
  pull_request_review: (payload, base) =>
    parsed(p.reviewEvent, payload, (v) => ({
      ...base,
      kind: 'review',
      repo: v.repository.full_name,
      ...prFields(v.pull_request),
      reviewState: v.review.state.toLowerCase(),
    })),
  pull_request_review_comment: (payload, base) =>
    parsed(p.reviewCommentEvent, payload, (v) => ({
      ...base,
      kind: 'review_comment',
      repo: v.repository.full_name,
      ...prFields(v.pull_request),
      commentId: v.comment.id,
    })),
  pull_request_review_thread: (payload, base) =>
    parsed(p.reviewThreadEvent, payload, (v) => ({
      ...base,
      kind: 'review_thread',
      repo: v.repository.full_name,
      ...prFields(v.pull_request),
    })),
  issue_comment: (payload, base) =>
    parsed(p.issueCommentEvent, payload, (v) => {
      const onPr = Boolean(v.issue.pull_request);
      return {
        ...base,
        kind: onPr ? 'issue_comment' : 'issue',
        repo: v.repository.full_name,
        prNumbers: onPr ? [v.issue.number] : [],
        issueNumber: v.issue.number,
        commentId: v.comment.id,
      };
    }),
  check_run: (payload, base) =>
    parsed(p.checkRunEvent, payload, ({ repository, check_run: c }) => ({
      ...base,
      kind: 'check',
      repo: repository.full_name,
      prNumbers: c.pull_requests.map((x) => x.number),
      branch: nonEmpty(c.check_suite?.head_branch),
      headSha: c.head_sha,
      checkName: c.name,
      checkId: c.id,
      checkStatus: c.status,
      conclusion: c.conclusion,
      ...durationOf(c.started_at, c.completed_at),
    })),
  check_suite: (payload, base) =>
    parsed(p.checkSuiteEvent, payload, ({ repository, check_suite: c }) => ({
      ...base,
      kind: 'check',
      repo: repository.full_name,
      prNumbers: c.pull_requests.map((x) => x.number),
      branch: nonEmpty(c.head_branch),
      headSha: c.head_sha,
      checkStatus: c.status,
      conclusion: c.conclusion,
    })),
  workflow_run: (payload, base) =>
    parsed(p.workflowRunEvent, payload, ({ repository, workflow_run: w }) => ({
      ...base,
      kind: 'check',
      repo: repository.full_name,
      prNumbers: w.pull_requests.map((x) => x.number),
      branch: nonEmpty(w.head_branch),
      headSha: w.head_sha,
      checkName: nonEmpty(w.name),
      checkStatus: w.status,
      conclusion: w.conclusion,
    })),
  status: (payload, base) =>
    parsed(p.statusEvent, payload, (v) => ({
      ...base,
      kind: 'status',
      repo: v.repository.full_name,
      prNumbers: [],
      branches: v.branches.map((b) => b.name),
      headSha: v.sha,
      checkName: v.context,
      checkStatus: v.state,
      conclusion: v.state === 'pending' ? null : v.state,
    })),
  push: (payload, base) =>
    parsed(p.pushEvent, payload, (v) => {
      if (!v.ref.startsWith('refs/heads/')) {
        return {
          ...base,
          kind: 'ignored',
          repo: v.repository.full_name,
          prNumbers: [],
          reason: 'push of a tag',
        };
      }
      const fact: WebhookFact = {
        ...base,
        kind: 'push',
        repo: v.repository.full_name,
        prNumbers: [],
        branch: v.ref.slice('refs/heads/'.length),
        deleted: v.deleted,
      };
      if (!v.deleted) fact.headSha = v.after;
      return fact;
    }),
  issues: (payload, base) =>
    parsed(p.issuesEvent, payload, (v) => ({
      ...base,
      kind: 'issue',
      repo: v.repository.full_name,
      prNumbers: [],
      issueNumber: v.issue.number,
    })),
  ping: (payload, base) =>
    parsed(p.pingEvent, payload, (v) => ({
      ...base,
      kind: 'ping',
      repo: v.repository?.full_name ?? null,
      prNumbers: [],
    })),
};

function durationOf(
  start: string | null | undefined,
  end: string | null | undefined,
): { durationMs?: number } {
  const ms = start && end ? Date.parse(end) - Date.parse(start) : Number.NaN;
  return Number.isFinite(ms) && ms >= 0 ? { durationMs: ms } : {};
}

/** Reduces a verified delivery to what changed and where. Never throws: unknown or odd payloads become `ignored`. */
export function normalize(delivery: WebhookDelivery): WebhookFact {
  const base: Base = { deliveryId: delivery.id, event: delivery.event, action: delivery.action };
  const normalizer = Object.hasOwn(normalizers, delivery.event) ? normalizers[delivery.event] : undefined;
  if (!normalizer) {
    return {
      ...base,
      kind: 'ignored',
      repo: repoOf(delivery.payload),
      prNumbers: [],
      reason: 'event not used by ao',
    };
  }
  const result = normalizer(delivery.payload, base);
  if (typeof result === 'string') {
    return { ...base, kind: 'ignored', repo: repoOf(delivery.payload), prNumbers: [], reason: result };
  }
  return result;
}

function repoOf(payload: Record<string, unknown>): string | null {
  const r = p.pingEvent.shape.repository.safeParse(payload.repository);
  return r.success ? (r.data?.full_name ?? null) : null;
}

/** Events ao subscribes to (for the webhook settings page / `ao webhooks` setup hints). */
export const SUBSCRIBED_EVENTS = Object.keys(normalizers).filter((e) => e !== 'ping');
