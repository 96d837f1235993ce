import { mergeInGit, syncFromGit } from './git-backing';
import { closeReferencedIssues } from './issue-routes';
import { renderPull, renderReview, renderReviewComment } from './render-pull';
import { type Handler, notFound, page, pullOf, repoPath, unprocessable } from './route-kit';
import type { FakePull } from './state';
import { fakeSha, nextNumber, now } from './state';

/** REST handlers of the fake GitHub for pull requests: list, create, get, merge, and their reviews. */

export const listPulls: Handler = (input) => {
  const state = input.query.get('state') ?? 'open';
  const head = input.query.get('head');
  const base = input.query.get('base');
  let pulls = [...input.repo.pulls.values()];
  if (state !== 'all') pulls = pulls.filter((p) => p.state === state);
  if (head) pulls = pulls.filter((p) => `${input.repo.owner}:${p.head.ref}` === head || p.head.ref === head);
  if (base) pulls = pulls.filter((p) => p.base.ref === base);
  pulls.sort((a, b) => b.number - a.number);
  if (input.query.get('direction') === 'asc') pulls.reverse();
  const rendered = pulls.map((p) => renderPull(input.ctx, input.repo, p, false));
  return page(rendered, input, repoPath(input.repo, '/pulls'));
};

export const createPull: Handler = (input) => {
  const { head, base, title, body, draft } = input.body;
  if (typeof head !== 'string' || typeof base !== 'string' || typeof title !== 'string') {
    return unprocessable('head, base and title are required');
  }
  const ref = head.includes(':') ? head.slice(head.indexOf(':') + 1) : head;
  const open = [...input.repo.pulls.values()].find((p) => p.state === 'open' && p.head.ref === ref);
  if (open) return unprocessable(`A pull request already exists for ${input.repo.owner}:${ref}.`);
  const t = now();
  const pr: FakePull = {
    number: nextNumber(input.repo),
    title,
    body: typeof body === 'string' ? body : '',
    state: 'open',
    merged: false,
    mergeCommitSha: null,
    draft: draft === true,
    author: input.repo.owner,
    head: { ref, sha: fakeSha(`head:${ref}`) },
    base: { ref: base, sha: fakeSha(`base:${base}`) },
    mergeable: null,
    mergeableState: 'unknown',
    requestedReviewers: [],
    requestedTeams: [],
    labels: [],
    createdAt: t,
    updatedAt: t,
    mergedAt: null,
    closedAt: null,
  };
  input.repo.pulls.set(pr.number, pr);
  syncFromGit(input.repo);
  return { status: 201, body: renderPull(input.ctx, input.repo, pr, true) };
};

export const mergePull: Handler = (input) => {
  const pr = pullOf(input);
  if (!pr) return notFound();
  if (
    pr.merged ||
    pr.state !== 'open' ||
    pr.draft ||
    pr.mergeable !== true ||
    pr.mergeableState === 'dirty'
  ) {
    return {
      status: 405,
      body: { message: 'Pull Request is not mergeable', documentation_url: 'https://docs.github.com/rest' },
    };
  }
  const sha = input.body.sha;
  if (typeof sha === 'string' && sha !== pr.head.sha) {
    return { status: 409, body: { message: 'Head branch was modified. Review and try the merge again.' } };
  }
  const method = String(input.body.merge_method ?? 'merge');
  const landed = input.repo.gitDir ? mergeInGit(input.repo, pr, method) : null;
  if (input.repo.gitDir && !landed) {
    return { status: 405, body: { message: 'Pull Request is not mergeable' } };
  }
  const t = now();
  pr.merged = true;
  pr.state = 'closed';
  pr.mergedAt = t;
  pr.closedAt = t;
  pr.updatedAt = t;
  pr.mergeCommitSha = landed ?? fakeSha(`merge:${pr.head.sha}:${method}`);
  closeReferencedIssues(input.repo, pr);
  return {
    status: 200,
    body: { sha: pr.mergeCommitSha, merged: true, message: 'Pull Request successfully merged' },
  };
};

export const getPull: Handler = (input) => {
  const pr = pullOf(input);
  return pr ? { status: 200, body: renderPull(input.ctx, input.repo, pr, true) } : notFound();
};

export const listReviews: Handler = (input) => {
  const pr = pullOf(input);
  if (!pr) return notFound();
  const reviews = input.repo.reviews.filter((r) => r.pull === pr.number);
  const rendered = reviews.map((r) => renderReview(input.ctx, input.repo, r));
  return page(rendered, input, repoPath(input.repo, `/pulls/${pr.number}/reviews`));
};

export const listReviewComments: Handler = (input) => {
  const pr = pullOf(input);
  if (!pr) return notFound();
  const rendered = input.repo.threads
    .filter((t) => t.pull === pr.number)
    .flatMap((t) => t.comments.map((c) => renderReviewComment(input.ctx, input.repo, t, c, pr.head.sha)));
  return page(rendered, input, repoPath(input.repo, `/pulls/${pr.number}/comments`));
};

export const requestedReviewers: Handler = (input) => {
  const pr = pullOf(input);
  if (!pr) return notFound();
  const body = renderPull(input.ctx, input.repo, pr, false);
  return { status: 200, body: { users: body.requested_reviewers, teams: body.requested_teams } };
};
