import { sessionIdSchema } from '@ao/shared/ids';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';
import { McpServerPool } from './create-mcp-server';
import type { McpScope } from './scopes';

const tokenBody = z
  .object({
    scope: z.enum(['orchestrator', 'worker']).describe('orchestrator, or worker (with sessionId)'),
    sessionId: sessionIdSchema.optional(),
  })
  .strict()
  .refine((b) => b.scope !== 'worker' || b.sessionId !== undefined, {
    message: 'a worker token needs sessionId',
    path: ['sessionId'],
  });
const tokenReply = z.object({ id: z.string(), token: z.string(), scope: z.string() });
const tokenParams = z.object({ id: z.string().regex(/^[0-9a-f]{12}$/) });
const briefingQuery = z.object({ project: z.string().min(1).max(100).default('*') });
const briefingShape = z.object({ project: z.string(), text: z.string(), publishedAt: z.string() });
const briefingReply = z.object({ briefing: briefingShape.nullable() });
const briefingsReply = z.object({ briefings: z.array(briefingShape) });

/** ao's own coded error (what every route answers); an MCP client shows its text. */
function codedError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return reply.code(status).headers(headers).send({ error: { code, message } });
}

/**
 * ao's MCP server at `/api/mcp` (Streamable HTTP, stateless: every POST is answered on its own; GET and DELETE are
 * 405 as the spec allows a server without sessions), its token minting (admin only: ao's access token), and the
 * published briefing.
 */
export async function mcpRoutes(
  app: FastifyInstance,
  opts: { version: string; dataDir: string },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { tokens, records, diffStats } = app.mcp;
  const pool = new McpServerPool(opts.version);

  const scopeOf = (req: FastifyRequest): McpScope | null => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    return bearer ? tokens.verify(bearer) : null;
  };
  const unauthorized = (reply: FastifyReply) =>
    codedError(
      reply,
      401,
      'unauthorized',
      'missing or wrong MCP token (Authorization: Bearer <token>; see `ao mcp token`)',
      {
        'www-authenticate': 'Bearer realm="ao"',
      },
    );

  app.post('/api/mcp', async (req, reply) => {
    const scope = scopeOf(req);
    if (!scope) return unauthorized(reply);
    const ctx = {
      scope,
      sessions: app.sessions,
      projects: app.projects,
      records,
      diffStats,
      retros: app.insights.retros,
      drift: { correct: (id: string, text: string) => app.orchestrator.correct(id, text) },
      dataDir: opts.dataDir,
    };
    const scoped = pool.acquire(ctx);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.hijack();
    // Hijacked answers leave Fastify's bookkeeping: a kept-alive connection could then outlive the daemon's close.
    reply.raw.setHeader('connection', 'close');
    // The answer is written when the tool is done, after handleRequest returns: the response's end frees the server.
    const answered = new Promise<void>((resolve) => reply.raw.once('close', resolve));
    try {
      await scoped.server.connect(transport);
      await transport.handleRequest(req.raw, reply.raw, req.body);
      await answered;
    } catch (err) {
      app.log.error({ err }, 'mcp: request failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' });
      if (!reply.raw.writableEnded)
        reply.raw.end(
          JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'internal error' }, id: null }),
        );
    } finally {
      await scoped.server.close();
      pool.release(scoped);
    }
  });
  for (const method of ['GET', 'DELETE'] as const)
    app.route({
      method,
      url: '/api/mcp',
      handler: async (req, reply) => {
        if (!scopeOf(req)) return unauthorized(reply);
        return codedError(reply, 405, 'method_not_allowed', 'ao runs a stateless MCP server: POST only', {
          allow: 'POST',
        });
      },
    });

  r.post(
    '/api/mcp/tokens',
    { schema: { body: tokenBody, response: { 201: tokenReply } } },
    async (req, reply) => {
      const { scope, sessionId } = req.body;
      if (scope === 'worker' && sessionId) {
        app.sessions.get(sessionId);
        return reply.code(201).send(tokens.mint({ kind: 'worker', sessionId }));
      }
      return reply.code(201).send(tokens.mint({ kind: 'orchestrator' }));
    },
  );
  r.delete('/api/mcp/tokens/:id', { schema: { params: tokenParams } }, async (req, reply) =>
    tokens.revoke(req.params.id)
      ? reply.code(204).send()
      : reply.code(404).send({ error: { code: 'not_found', message: `no live MCP token ${req.params.id}` } }),
  );

  r.get(
    '/api/briefing',
    { schema: { querystring: briefingQuery, response: { 200: briefingReply } } },
    async (req) => ({
      briefing: records.briefing(req.query.project),
    }),
  );
  r.get('/api/briefings', { schema: { response: { 200: briefingsReply } } }, async () => ({
    briefings: records.briefings(),
  }));
}
