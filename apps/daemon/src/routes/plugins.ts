import {
  addPluginBodySchema,
  packageNameSchema,
  pluginReplySchema,
  pluginSearchReplySchema,
  pluginsReplySchema,
  searchPluginsQuerySchema,
} from '@ao/shared/api-plugins';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';

const nameParams = z.object({ name: packageNameSchema }).strict();

/** Community plugins: list, search the npm registry, add (install + check + register), remove. */
export async function pluginRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/plugins', { schema: { response: { 200: pluginsReplySchema } } }, async () => ({
    plugins: app.pluginPackages.list(),
  }));

  r.get(
    '/api/plugins/search',
    { schema: { querystring: searchPluginsQuerySchema, response: { 200: pluginSearchReplySchema } } },
    async (req) => app.pluginPackages.search(req.query.q.trim(), req.query.registry ?? null),
  );

  r.post(
    '/api/plugins',
    { schema: { body: addPluginBodySchema, response: { 201: pluginReplySchema } } },
    async (req, reply) =>
      reply
        .code(201)
        .send({ plugin: await app.pluginPackages.add(req.body.package, req.body.registry ?? null) }),
  );

  r.delete(
    '/api/plugins/:name',
    { schema: { params: nameParams, response: { 200: pluginReplySchema } } },
    async (req) => ({ plugin: await app.pluginPackages.remove(req.params.name) }),
  );
}
