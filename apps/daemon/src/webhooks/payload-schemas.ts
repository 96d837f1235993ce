import { z } from 'zod';

/**
 * The few fields ao reads from each GitHub webhook payload. Unknown keys are ignored; a payload that lacks one of
 * these fields is normalized to `ignored` rather than trusted.
 */

const repository = z.object({ full_name: z.string() });
const head = z.object({ ref: z.string(), sha: z.string() });
const pullRequest = z.object({
  number: z.number().int(),
  state: z.string(),
  merged: z.boolean().nullish(),
  merged_at: z.string().nullish(),
  head,
});
const prRefs = z.array(z.object({ number: z.number().int() })).default([]);

export const pullRequestEvent = z.object({ repository, pull_request: pullRequest });
export const reviewEvent = z.object({
  repository,
  pull_request: pullRequest,
  review: z.object({ id: z.number(), state: z.string() }),
});
export const reviewCommentEvent = z.object({
  repository,
  pull_request: pullRequest,
  comment: z.object({ id: z.number(), path: z.string().nullish(), line: z.number().nullish() }),
});
export const reviewThreadEvent = z.object({ repository, pull_request: pullRequest });
export const issueCommentEvent = z.object({
  repository,
  issue: z.object({ number: z.number().int(), pull_request: z.object({}).passthrough().nullish() }),
  comment: z.object({ id: z.number() }),
});
export const checkRunEvent = z.object({
  repository,
  check_run: z.object({
    id: z.number(),
    name: z.string(),
    head_sha: z.string(),
    status: z.string(),
    conclusion: z.string().nullable(),
    started_at: z.string().nullish(),
    completed_at: z.string().nullish(),
    pull_requests: prRefs,
    check_suite: z.object({ head_branch: z.string().nullish() }).nullish(),
  }),
});
export const checkSuiteEvent = z.object({
  repository,
  check_suite: z.object({
    id: z.number(),
    head_sha: z.string(),
    head_branch: z.string().nullish(),
    status: z.string().nullable(),
    conclusion: z.string().nullable(),
    pull_requests: prRefs,
  }),
});
export const workflowRunEvent = z.object({
  repository,
  workflow_run: z.object({
    id: z.number(),
    name: z.string().nullish(),
    head_sha: z.string(),
    head_branch: z.string().nullish(),
    status: z.string().nullable(),
    conclusion: z.string().nullable(),
    pull_requests: prRefs,
  }),
});
export const statusEvent = z.object({
  repository,
  sha: z.string(),
  state: z.string(),
  context: z.string(),
  branches: z.array(z.object({ name: z.string() })).default([]),
});
export const pushEvent = z.object({
  repository,
  ref: z.string(),
  after: z.string(),
  deleted: z.boolean().default(false),
});
export const issuesEvent = z.object({ repository, issue: z.object({ number: z.number().int() }) });
export const pingEvent = z.object({
  repository: repository.nullish(),
  hook_id: z.number().nullish(),
  zen: z.string().nullish(),
});
