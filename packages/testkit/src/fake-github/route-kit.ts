import type { RenderCtx } from './render';
import type { FakePull, FakeRepo } from './state';

/** What every REST route handler of the fake GitHub shares: its input, its reply, errors and pagination. */

export interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface RouteInput {
  repo: FakeRepo;
  /** Captures of the path pattern after owner and repo. */
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  ctx: RenderCtx;
  /** URL of the signed log download for a job (what the 302 points at). */
  logDownloadUrl(repo: FakeRepo, jobId: number): string;
}

export type Handler = (input: RouteInput) => Reply;

export const notFound = (): Reply => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
});
export const unprocessable = (message: string): Reply => ({
  status: 422,
  body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message }] },
});

/** `per_page`/`page` slicing with a `Link` header, as GitHub paginates lists. */
export function page<T>(items: T[], input: RouteInput, path: string): Reply {
  const perPage = Math.min(Number(input.query.get('per_page') ?? 30) || 30, 100);
  const pageNo = Math.max(Number(input.query.get('page') ?? 1) || 1, 1);
  const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const headers: Record<string, string> = {};
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  if (pageNo < last) {
    const q = new URLSearchParams(input.query);
    q.set('page', String(pageNo + 1));
    const next = `${input.ctx.api}${path}?${q}`;
    q.set('page', String(last));
    headers.link = `<${next}>; rel="next", <${input.ctx.api}${path}?${q}>; rel="last"`;
  }
  return { status: 200, body: slice, headers };
}

export function repoPath(repo: FakeRepo, rest: string): string {
  return `/repos/${repo.owner}/${repo.name}${rest}`;
}

/** A ref is a sha or a branch name (resolved through the pull requests' heads). */
export function resolveSha(repo: FakeRepo, ref: string): string {
  if (/^[0-9a-f]{40}$/.test(ref)) return ref;
  const tip = repo.branches.get(ref);
  if (tip) return tip;
  const pr = [...repo.pulls.values()].reverse().find((p) => p.head.ref === ref);
  return pr ? pr.head.sha : ref;
}

export function pullOf(input: RouteInput): FakePull | undefined {
  return input.repo.pulls.get(Number(input.params[0]));
}
