import { type ReactionsConfig, reactionsConfigSchema } from '@ao/shared/config-reactions';
import type { Check, PullRequest } from '@ao/shared/session';
import type { ActivityInfo, EvaluateInput, ReactionSession } from '../../src/reactions';

export const T0 = new Date('2026-11-20T10:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export const SHA_A = 'a'.repeat(40);
export const SHA_B = 'b'.repeat(40);
export const SHA_C = 'c'.repeat(40);
export const SHA_D = 'd'.repeat(40);

export const check = (
  name: string,
  conclusion: string | null,
  status: Check['status'] = 'completed',
): Check => ({
  name,
  status,
  conclusion,
  url: `https://github.com/o/r/runs/${name}`,
});

export function pr(over: Partial<PullRequest> = {}): PullRequest {
  return {
    number: 12,
    url: 'https://github.com/o/r/pull/12',
    title: 'Fix the thing',
    state: 'open',
    draft: false,
    headSha: SHA_A,
    ci: 'passing',
    checks: [check('lint', 'success'), check('test', 'success')],
    reviewDecision: 'review_required',
    reviewersRequested: 1,
    unresolvedThreads: [],
    mergeable: 'mergeable',
    ...over,
  };
}

export const failing = (sha = SHA_A, over: Partial<PullRequest> = {}) =>
  pr({ headSha: sha, ci: 'failing', checks: [check('lint', 'success'), check('test', 'failure')], ...over });

export const session: ReactionSession = {
  id: 'demo-1',
  project: 'demo',
  status: 'running',
  title: 'Fix the thing',
  branch: 'ao/fix',
};

export const working: ActivityInfo = { state: 'working', since: T0.toISOString() };
export const activity = (state: ActivityInfo['state'], sinceMinutes = 0, detail?: string): ActivityInfo => ({
  state,
  since: at(sinceMinutes).toISOString(),
  ...(detail ? { detail } : {}),
});

export function input(over: Partial<EvaluateInput> = {}): EvaluateInput {
  return { session, pr: pr(), activity: working, ...over };
}

export const config = (raw: unknown = {}): ReactionsConfig => reactionsConfigSchema.parse(raw);
