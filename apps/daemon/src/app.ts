import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { ConfigError } from './config/load-project-config';
import { AoError } from '@ao/shared/errors';
import { makeGuard } from './http/guard';
import { basicRoutes } from './routes/basics';
import { eventRoutes } from './routes/events';
import { githubRoutes } from './routes/github';
import { hookRoutes } from './routes/hooks';
import { sessionRoutes } from './routes/sessions';
import { terminalRoutes } from './routes/terminal';
import type { Services } from './services';

export interface AppOptions {
  logger?: import('pino').Logger;
  allowedOrigins?: string[];
  /** Extra routes (e.g. GitHub webhooks) registered after the core ones. */
  extraRoutes?: Array<(app: FastifyInstance, s: Services) => void>;
}

/** Builds the HTTP app (tests use it with `app.inject()`); `server.ts` listens. */
export async function buildApp(s: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Fastify logs requests at info; ao's log keeps warnings and errors from the HTTP layer only.
    ...(opts.logger ? { loggerInstance: opts.logger.child({}, { level: 'warn' }) } : { logger: false }),
    bodyLimit: 1024 * 1024,
  }) as unknown as FastifyInstance; // a pino loggerInstance narrows the instance type; the app needs none of that
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 } });
  const guard = makeGuard({
    token: s.token,
    host: s.options.host,
    port: s.options.port,
    allowedHosts: s.options.allowedHosts,
    allowedOrigins: opts.allowedOrigins ?? [],
  });
  app.addHook('onRequest', guard);
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AoError) {
      return reply
        .code(err.status)
        .send({ error: { code: err.code, message: err.message, field: err.field } });
    }
    if (err instanceof ConfigError) {
      return reply
        .code(400)
        .send({ error: { code: 'bad_request', message: err.message, field: err.keyPath } });
    }
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .code(413)
        .send({ error: { code: 'payload_too_large', message: 'request body too large' } });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: { code: 'bad_request', message: e.message } });
    }
    s.logger.error(
      { err: e.message, stack: (err as Error).stack, url: req.url, method: req.method },
      'request failed',
    );
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error (see `ao logs`)' } });
  });

  basicRoutes(app, s);
  sessionRoutes(app, s);
  eventRoutes(app, s);
  hookRoutes(app, s);
  terminalRoutes(app, s);
  githubRoutes(app, s);
  for (const add of opts.extraRoutes ?? []) add(app, s);

  const webDir = s.options.webDir;
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: true, extensions: ['html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    if (!req.url.startsWith('/api/') && webDir && existsSync(join(webDir, 'index.html'))) {
      return reply.code(404).type('text/html').sendFile('404.html', webDir);
    }
    return reply
      .code(404)
      .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
  return app;
}
