import { createHash } from 'node:crypto';
import type { FailedCheckDetail, ReviewBody } from '@ao/shared/plugin';
import type { PullRequest } from '@ao/shared/session';
import type { TriggerItem } from './react';
import type { ReviewCommentDetail } from './types';

/** A failed check as the message shows it: the PR's check joined with the Scm's log excerpt. */
export interface FailedCheck {
  name: string;
  conclusion: string | null;
  url: string | null;
  excerpt: string | null;
}

/** Bounds so one noisy log cannot flood the agent's terminal. */
export const EXCERPT_MAX_CHARS = 3000;
export const MESSAGE_MAX_CHARS = 12_000;

/** Conclusions that did not fail (as the Scm's CI rollup counts them): any other finished check failed (e.g. stale). */
const PASSING = new Set(['success', 'neutral', 'skipped']);

export const shortSha = (sha: string) => sha.slice(0, 7);

/** The last `max` characters of a log, on a line boundary: the end of a CI log is where the error is. */
export function tail(text: string, max = EXCERPT_MAX_CHARS): string {
  const trimmed = text.trimEnd();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(trimmed.length - max);
  const nl = cut.indexOf('\n');
  return `[... ${trimmed.length - max} chars cut]\n${nl >= 0 ? cut.slice(nl + 1) : cut}`;
}

function clip(text: string): string {
  return text.length <= MESSAGE_MAX_CHARS ? text : `${text.slice(0, MESSAGE_MAX_CHARS)}\n[... message cut]`;
}

export function failedChecks(pr: PullRequest, details: FailedCheckDetail[] | undefined): FailedCheck[] {
  const fromPr = pr.checks
    .filter((c) => c.status === 'completed' && !PASSING.has(c.conclusion ?? 'neutral'))
    .map((c): FailedCheck => ({ name: c.name, conclusion: c.conclusion, url: c.url, excerpt: null }));
  const byName = new Map(fromPr.map((c) => [c.name, c]));
  for (const d of details ?? []) {
    const known = byName.get(d.name);
    byName.set(d.name, {
      name: d.name,
      conclusion: known?.conclusion ?? null,
      url: d.url ?? known?.url ?? null,
      excerpt: d.excerpt || null,
    });
  }
  return [...byName.values()];
}

export function checkItems(sha: string, checks: FailedCheck[]): TriggerItem[] {
  if (checks.length === 0) {
    return [
      { fingerprint: `ci:${sha}:*`, text: `CI is failing on ${shortSha(sha)} (no failed check named)` },
    ];
  }
  return checks.map((c) => {
    const head = `${c.name} (${c.conclusion ?? 'failed'})${c.url ? `: ${c.url}` : ''}`;
    const log = c.excerpt ? `\n  Log excerpt:\n\`\`\`\n${tail(c.excerpt)}\n\`\`\`` : '';
    return { fingerprint: `ci:${sha}:${c.name}`, text: `${head}${log}` };
  });
}

export function ciMessage(prompt: string, pr: PullRequest, sha: string, items: TriggerItem[]): string {
  const lines = [prompt, '', `PR #${pr.number}: ${pr.url} (commit ${shortSha(sha)})`, '', 'Failed checks:'];
  for (const i of items) lines.push(`- ${i.text}`);
  return clip(lines.join('\n'));
}

function commentFingerprint(c: ReviewCommentDetail): string {
  if (c.id !== undefined) return `comment:${c.id}`;
  if (c.url) return `comment:${c.url}`;
  const h = createHash('sha256')
    .update(JSON.stringify([c.path, c.line, c.author, c.body]))
    .digest('hex');
  return `comment:${h.slice(0, 24)}`;
}

export function commentItems(comments: ReviewCommentDetail[]): TriggerItem[] {
  return comments.map((c) => {
    const where = c.path ? `${c.path}${c.line !== null ? `:${c.line}` : ''}` : 'PR conversation';
    const link = c.url ? ` (${c.url})` : '';
    return { fingerprint: commentFingerprint(c), text: `${where} — @${c.author}: ${c.body.trim()}${link}` };
  });
}

/** A review's own words, fingerprinted by the review's id: sent once. */
export function reviewBodyItems(reviews: ReviewBody[]): TriggerItem[] {
  return reviews.map((r) => {
    const verdict = r.state === 'changes_requested' ? 'requested changes' : 'commented';
    const link = r.url ? ` (${r.url})` : '';
    return {
      fingerprint: `review:${r.id}`,
      text: `Review — @${r.author} ${verdict}: ${r.body.trim()}${link}`,
    };
  });
}

export function reviewMessage(prompt: string, pr: PullRequest, items: TriggerItem[]): string {
  const lines = [prompt, '', `Review feedback on PR #${pr.number} (${pr.url}):`];
  items.forEach((i, n) => {
    lines.push(`${n + 1}. ${i.text}`);
  });
  return clip(lines.join('\n'));
}

export function plainMessage(prompt: string, pr: PullRequest | null, extra?: string): string {
  const lines = [prompt];
  if (pr) lines.push('', `PR #${pr.number}: ${pr.url}`);
  if (extra) lines.push('', extra);
  return clip(lines.join('\n'));
}
