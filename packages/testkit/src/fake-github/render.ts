import type { FakeRepo } from './state';
import { fakeSha } from './state';

/**
 * REST bodies in GitHub's shapes (fields as in @octokit/webhooks-examples and @octokit/openapi-types), rendered from
 * the fake's state. `api` is the fake server's base URL; `html` is github.com.
 */
export interface RenderCtx {
  api: string;
  html: string;
}

export function userId(login: string): number {
  return Number.parseInt(fakeSha(`user:${login}`).slice(0, 7), 16);
}

export function renderUser(ctx: RenderCtx, login: string) {
  return {
    login,
    id: userId(login),
    node_id: Buffer.from(`04:User${userId(login)}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${userId(login)}?v=4`,
    gravatar_id: '',
    url: `${ctx.api}/users/${login}`,
    html_url: `${ctx.html}/${login}`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

export function renderRepo(ctx: RenderCtx, repo: FakeRepo) {
  const full = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: Buffer.from(`010:Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: full,
    private: false,
    owner: renderUser(ctx, repo.owner),
    html_url: `${ctx.html}/${full}`,
    description: null,
    fork: false,
    url: `${ctx.api}/repos/${full}`,
    pulls_url: `${ctx.api}/repos/${full}/pulls{/number}`,
    issues_url: `${ctx.api}/repos/${full}/issues{/number}`,
    statuses_url: `${ctx.api}/repos/${full}/statuses/{sha}`,
    clone_url: `${ctx.html}/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    default_branch: repo.defaultBranch,
    archived: false,
    disabled: false,
    visibility: 'public',
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
  };
}

export function renderLabel(ctx: RenderCtx, repo: FakeRepo, name: string) {
  const id = Number.parseInt(fakeSha(`label:${name}`).slice(0, 7), 16);
  return {
    id,
    node_id: Buffer.from(`05:Label${id}`).toString('base64'),
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(name)}`,
    name,
    color: fakeSha(name).slice(0, 6),
    default: false,
    description: null,
  };
}
