import { randomBytes } from 'node:crypto';
import { type HttpFake, startHttpFake } from './fake-trackers/http-fake';

/**
 * A fake Composio API answering what `@composio/core`'s `composio.tools.execute(slug, { userId, arguments })` sends
 * (through `@composio/client`): `GET /api/v3.1/tools/{slug}` (query `toolkit_versions` or `version`), then
 * `POST /api/v3.1/tools/execute/{slug}` with `{ arguments, user_id, version, connected_account_id? }`, both with
 * the `x-api-key` header. Answers follow the API's shapes: a tool (snake_case), `{ data, error, successful, log_id }`,
 * and errors as `{ error: { message, code, slug, status, request_id } }` (code 1803: no connected account).
 */
export interface ComposioExecution {
  slug: string;
  userId: string;
  arguments: Record<string, unknown>;
  version: string | null;
  connectedAccountId: string | null;
}

export interface FakeComposio extends HttpFake {
  apiKey: string;
  /** Successful executions only, in order. */
  executions: ComposioExecution[];
  /** Users with a connected account; null: every user has one. */
  connectedUsers: Set<string> | null;
  /** The next executions answer `successful: false` with these errors, one each. */
  failNext: string[];
}

export const COMPOSIO_TOOLKITS: Record<string, { slug: string; name: string }> = {
  SLACK: { slug: 'slack', name: 'Slack' },
  DISCORD: { slug: 'discord', name: 'Discord' },
  GMAIL: { slug: 'gmail', name: 'Gmail' },
};

const errorBody = (status: number, code: number, slug: string, message: string) => ({
  error: { message, code, slug, status, request_id: randomBytes(8).toString('hex'), suggested_fix: '' },
});

/** A tool as `GET /api/v3.1/tools/{slug}` returns it, for the toolkits above (`SLACK_SEND_MESSAGE`, ...). */
function toolOf(slug: string) {
  const toolkit = COMPOSIO_TOOLKITS[slug.split('_')[0] ?? ''];
  if (!toolkit) return null;
  return {
    slug,
    name: slug.toLowerCase().replace(/_/g, ' '),
    description: `Fake ${slug}`,
    toolkit: { ...toolkit, logo: '' },
    input_parameters: { type: 'object', properties: {}, required: [] },
    output_parameters: { type: 'object', properties: { data: { type: 'object' } } },
    version: '20250909_00',
    available_versions: ['20250909_00'],
    deprecated: { is_deprecated: false, available_versions: ['20250909_00'], displayName: slug },
    no_auth: false,
    tags: [],
    scopes: [],
    is_deprecated: false,
  };
}

export async function startFakeComposio(opts: { apiKey?: string } = {}): Promise<FakeComposio> {
  const apiKey = opts.apiKey ?? `ak_${randomBytes(12).toString('hex')}`;
  const state = { executions: [] as ComposioExecution[], failNext: [] as string[] };
  // The handler reads the returned object's settings (connectedUsers), which tests change.
  let self: FakeComposio | null = null;
  const fake = await startHttpFake((req) => {
    if (req.headers['x-api-key'] !== apiKey)
      return { status: 401, body: errorBody(401, 10401, 'Auth_InvalidApiKey', 'Invalid API key') };
    const get = /^\/api\/v3\.1\/tools\/([A-Z0-9_]+)$/.exec(req.path);
    const exec = /^\/api\/v3\.1\/tools\/execute\/([A-Z0-9_]+)$/.exec(req.path);
    const slug = (get ?? exec)?.[1] ?? '';
    const tool = toolOf(slug);
    if (!(req.method === 'GET' && get) && !(req.method === 'POST' && exec))
      return { status: 404, body: errorBody(404, 404, 'NotFound', `no route ${req.method} ${req.path}`) };
    if (!tool) return { status: 404, body: errorBody(404, 1400, 'Tool_NotFound', `Tool ${slug} not found`) };
    if (get) return { status: 200, body: tool };
    const body = (req.body ?? {}) as Record<string, unknown>;
    const userId = String(body.user_id ?? '');
    const connectedUsers = self?.connectedUsers;
    if (connectedUsers && !connectedUsers.has(userId))
      return {
        status: 400,
        body: errorBody(
          400,
          1803,
          'ConnectedAccount_NotFound',
          `No connected account found for user ${userId}`,
        ),
      };
    const logId = `log_${randomBytes(6).toString('hex')}`;
    const failure = state.failNext.shift();
    if (failure !== undefined)
      return { status: 200, body: { data: {}, error: failure, successful: false, log_id: logId } };
    state.executions.push({
      slug,
      userId,
      arguments: (body.arguments ?? {}) as Record<string, unknown>,
      version: typeof body.version === 'string' ? body.version : null,
      connectedAccountId: typeof body.connected_account_id === 'string' ? body.connected_account_id : null,
    });
    return {
      status: 200,
      body: { data: { ok: true, ts: String(Date.now()) }, error: null, successful: true, log_id: logId },
    };
  });
  self = Object.assign(fake, {
    apiKey,
    executions: state.executions,
    failNext: state.failNext,
    connectedUsers: null as Set<string> | null,
  });
  return self;
}
