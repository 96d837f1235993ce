import { type RenderCtx, renderLabel } from './render';
import { renderIssue } from './render-issue';
import type { FakePull, FakeRepo } from './state';
import { now } from './state';

/** Issue writes of the fake GitHub (labels, state) and what a merge does to the issues a PR closes. */

interface Input {
  repo: FakeRepo;
  params: string[];
  body: Record<string, unknown>;
  ctx: RenderCtx;
}
interface Reply {
  status: number;
  body?: unknown;
}

const notFound = (): Reply => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
});
const invalid = (message: string): Reply => ({
  status: 422,
  body: { message, documentation_url: 'https://docs.github.com/rest' },
});

const issueOf = (i: Input) => i.repo.issues.get(Number(i.params[0]));

/** POST /issues/{n}/labels `{labels: [...]}`: adds them (GitHub creates unknown labels), answers the issue's labels. */
const addLabels = (i: Input): Reply => {
  const issue = issueOf(i);
  if (!issue) return notFound();
  const labels = i.body.labels;
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string'))
    return invalid("Invalid request.\n\nFor 'properties/labels', it is not an array of strings.");
  for (const l of labels) if (!issue.labels.includes(l)) issue.labels.push(l);
  issue.updatedAt = now();
  return { status: 200, body: issue.labels.map((l) => renderLabel(i.ctx, i.repo, l)) };
};

/** DELETE /issues/{n}/labels/{name}: 404 "Label does not exist" when the issue does not have it. */
const removeLabel = (i: Input): Reply => {
  const issue = issueOf(i);
  const name = decodeURIComponent(i.params[1] ?? '');
  if (!issue?.labels.includes(name)) return { status: 404, body: { message: 'Label does not exist' } };
  issue.labels = issue.labels.filter((l) => l !== name);
  issue.updatedAt = now();
  return { status: 200, body: issue.labels.map((l) => renderLabel(i.ctx, i.repo, l)) };
};

/** PATCH /issues/{n}: `state` (open/closed) and `title`/`body`. */
const updateIssue = (i: Input): Reply => {
  const issue = issueOf(i);
  if (!issue) return notFound();
  const { state, title, body } = i.body;
  if (state !== undefined && state !== 'open' && state !== 'closed')
    return invalid('Validation Failed: state');
  if (state) issue.state = state;
  if (typeof title === 'string') issue.title = title;
  if (typeof body === 'string') issue.body = body;
  issue.updatedAt = now();
  return { status: 200, body: renderIssue(i.ctx, i.repo, issue) };
};

export const issueRoutes: Array<{ method: string; pattern: RegExp; handler: (i: Input) => Reply }> = [
  { method: 'POST', pattern: /^\/issues\/(\d+)\/labels$/, handler: addLabels },
  { method: 'DELETE', pattern: /^\/issues\/(\d+)\/labels\/([^/]+)$/, handler: removeLabel },
  { method: 'PATCH', pattern: /^\/issues\/(\d+)$/, handler: updateIssue },
];

const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b/gi;

/** As GitHub does when a PR merges into the default branch: issues its body closes with a keyword
 *  (`Fixes #42`, `closes #7`, `Resolves: #3`) are closed. */
export function closeReferencedIssues(repo: FakeRepo, pr: FakePull): void {
  if (pr.base.ref !== repo.defaultBranch) return;
  for (const m of pr.body.matchAll(CLOSING)) {
    const issue = repo.issues.get(Number(m[1]));
    if (issue && issue.state === 'open') {
      issue.state = 'closed';
      issue.updatedAt = now();
    }
  }
}
