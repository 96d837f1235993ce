import { combinedStatus, getCheckRun, getJob, jobLogs, listCheckRuns, listStatuses } from './check-routes';
import { createIssueComment, getIssue, listIssueComments, listIssues } from './issue-read-routes';
import { issueRoutes } from './issue-routes';
import {
  createPull,
  getPull,
  listPulls,
  listReviewComments,
  listReviews,
  mergePull,
  requestedReviewers,
} from './pull-routes';
import { renderRepo } from './render';
import { rerunRoutes } from './rerun-routes';
import type { Handler } from './route-kit';

/** The REST routes of the fake GitHub, as a table of (method, path pattern, handler). */
export type { Reply, RouteInput } from './route-kit';

/** Patterns are matched against the path after `/repos/{owner}/{repo}`. */
export const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [
  { method: 'GET', pattern: /^$/, handler: (i) => ({ status: 200, body: renderRepo(i.ctx, i.repo) }) },
  { method: 'GET', pattern: /^\/pulls$/, handler: listPulls },
  { method: 'POST', pattern: /^\/pulls$/, handler: createPull },
  { method: 'GET', pattern: /^\/pulls\/(\d+)$/, handler: getPull },
  { method: 'PUT', pattern: /^\/pulls\/(\d+)\/merge$/, handler: mergePull },
  { method: 'GET', pattern: /^\/pulls\/(\d+)\/reviews$/, handler: listReviews },
  { method: 'GET', pattern: /^\/pulls\/(\d+)\/comments$/, handler: listReviewComments },
  { method: 'GET', pattern: /^\/pulls\/(\d+)\/requested_reviewers$/, handler: requestedReviewers },
  { method: 'GET', pattern: /^\/issues$/, handler: listIssues },
  { method: 'GET', pattern: /^\/issues\/(\d+)$/, handler: getIssue },
  { method: 'GET', pattern: /^\/issues\/(\d+)\/comments$/, handler: listIssueComments },
  { method: 'POST', pattern: /^\/issues\/(\d+)\/comments$/, handler: createIssueComment },
  { method: 'GET', pattern: /^\/commits\/([^/]+)\/check-runs$/, handler: listCheckRuns },
  { method: 'GET', pattern: /^\/commits\/([^/]+)\/status$/, handler: combinedStatus },
  { method: 'GET', pattern: /^\/commits\/([^/]+)\/statuses$/, handler: listStatuses },
  { method: 'GET', pattern: /^\/check-runs\/(\d+)$/, handler: getCheckRun },
  { method: 'GET', pattern: /^\/actions\/jobs\/(\d+)\/logs$/, handler: jobLogs },
  { method: 'GET', pattern: /^\/actions\/jobs\/(\d+)$/, handler: getJob },
  ...issueRoutes,
  ...rerunRoutes,
];
