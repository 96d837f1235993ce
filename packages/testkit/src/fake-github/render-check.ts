import { type RenderCtx, renderUser } from './render';
import type { FakeCheckRun, FakeRepo, FakeStatus } from './state';
import { fakeSha } from './state';

/** Check runs and commit statuses in GitHub's REST shapes. */

export function renderCheckRun(ctx: RenderCtx, repo: FakeRepo, c: FakeCheckRun) {
  const name = `${repo.owner}/${repo.name}`;
  const actions = c.app === 'github-actions';
  return {
    id: c.id,
    node_id: Buffer.from(`08:CheckRun${c.id}`).toString('base64'),
    head_sha: c.headSha,
    external_id: '',
    url: `${ctx.api}/repos/${name}/check-runs/${c.id}`,
    html_url: actions
      ? `${ctx.html}/${name}/actions/runs/${c.id + 1}/job/${c.id}`
      : `${ctx.html}/${name}/runs/${c.id}`,
    details_url:
      c.detailsUrl ?? (actions ? `${ctx.html}/${name}/actions/runs/${c.id + 1}/job/${c.id}` : null),
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    output: {
      ...c.output,
      annotations_count: 0,
      annotations_url: `${ctx.api}/repos/${name}/check-runs/${c.id}/annotations`,
    },
    name: c.name,
    check_suite: { id: c.id + 7 },
    app: {
      id: Number.parseInt(fakeSha(`app:${c.app}`).slice(0, 5), 16),
      slug: c.app,
      node_id: Buffer.from(`03:App${c.app}`).toString('base64'),
      owner: renderUser(ctx, actions ? 'github' : repo.owner),
      name: actions ? 'GitHub Actions' : c.app,
      description: '',
      external_url: actions ? 'https://help.github.com/en/actions' : `https://${c.app}.example`,
      html_url: `${ctx.html}/apps/${c.app}`,
      created_at: '2018-07-30T09:30:17Z',
      updated_at: '2019-12-10T19:04:12Z',
      permissions: { checks: 'write', metadata: 'read', pull_requests: 'read' },
      events: [],
    },
    pull_requests: [],
  };
}

export function renderStatus(ctx: RenderCtx, repo: FakeRepo, s: FakeStatus) {
  return {
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: Buffer.from(`06:Status${s.id}`).toString('base64'),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    creator: renderUser(ctx, repo.owner),
  };
}
