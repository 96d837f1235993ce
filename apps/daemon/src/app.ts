import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginModule } from '@ao/shared/plugin';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type pino from 'pino';
import { chatopsResource } from './chatops/chatops-resource';
import { dbResource } from './db/db-resource';
import { escalationsResource } from './escalations/escalations-resource';
import { busResource } from './events/bus-resource';
import { conflictsResource } from './fleet-signals/conflicts/conflicts-resource';
import { mergeQueueResource } from './fleet-signals/merge-queue/merge-queue-resource';
import { githubResource } from './github/github-resource';
import { frameworkErrors, useErrorHandler } from './http/error-handler';
import { makeGuard } from './http/guard';
import { createHookListeners } from './http/hook-listeners';
import { ensureToken } from './http/token';
import { useZodSchemas } from './http/zod-schemas';
import { insightsResource } from './insights/insights-resource';
import { lessonsForLaunch } from './insights/lessons/give-lessons';
import { mcpResource } from './mcp/mcp-resource';
import { mcpRoutes } from './mcp/mcp-routes';
import { orchestratorResource } from './orchestrator/orchestrator-resource';
import type { PluginSource } from './plugin-packages/npm-cli';
import { pluginPackagesResource } from './plugin-packages/plugin-packages-resource';
import { watchScreen } from './plugins/agent-screen';
import { registryResource } from './plugins/registry-resource';
import { projectsResource } from './projects/projects-resource';
import { reactionsResource } from './reactions/reactions-resource';
import { askRoutes } from './routes/ask';
import { basicRoutes } from './routes/basics';
import { checkRoutes } from './routes/checks';
import { escalationRoutes } from './routes/escalations';
import { eventRoutes } from './routes/events';
import { githubRoutes } from './routes/github';
import { hookRoutes } from './routes/hooks';
import { lessonRoutes } from './routes/lessons';
import { mergeQueueRoutes } from './routes/merge-queue';
import { openTerminalRoutes } from './routes/open-terminal';
import { orchestratorRoutes } from './routes/orchestrator';
import { pluginRoutes } from './routes/plugins';
import { reportRoutes } from './routes/report';
import { sessionRoutes } from './routes/sessions';
import { terminalRoutes } from './routes/terminal';
import { runtimesResource } from './runtimes/runtimes-resource';
import { sessionsResource } from './sessions/sessions-resource';
import type { FallbackWatch } from './sessions/watchers';
import { trackerSyncResource } from './tracker-sync/tracker-sync-resource';

export interface AppOptions {
  dataDir: string;
  /** Address and port the daemon listens on (for the Host and Origin checks). */
  host: string;
  port: number;
  /** Extra Host header values allowed (e.g. a reverse proxy's name). */
  allowedHosts: string[];
  /** Extra Origins allowed (e.g. a dev server). */
  allowedOrigins: string[];
  /** Static export of the dashboard, served at `/` when it exists. */
  webDir: string | null;
  version: string;
  env: Record<string, string | undefined>;
  logger: pino.Logger;
  /** Plugin modules beside the built-in ones (tests register fake runtimes and agents). */
  extraPlugins?: readonly PluginModule[];
  /** Where community plugins are installed and searched from; default: npm and the network (tests: offline). */
  pluginSource?: PluginSource;
  /** The screen-stability watcher for agents without signals; default: the built-in one (2 s samples). */
  fallbackWatch?: FallbackWatch | null;
  /** How often runtimes that cannot push events are asked about their sessions. */
  runtimePollMs?: number;
  /** Reconciler and timed-reaction periods. */
  githubTickMs?: number;
  reactionsTickMs?: number;
  /** A periodic recompute of the predicted conflicts (default none: they follow ref moves, webhooks and sessions). */
  conflictsTickMs?: number;
  /** How often ao looks whether an orchestrator's briefing is due (default 60 s). */
  orchestratorTickMs?: number;
  /** Check every reply against its route's schema (tests). */
  checkReplies?: boolean;
}

/**
 * Builds the daemon as a Fastify app from named resources, each with its dependencies and its cleanup:
 * db → bus → registry → pluginPackages → projects → insights → sessions → runtimes, reactions → github, trackerSync; then the routes. `app.ready()` recovers
 * sessions (before anyone is answered); `server.ts` listens. Tests use it with `app.inject()`.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { dataDir, logger } = opts;
  const app = Fastify({
    // Fastify logs requests at info; ao's log keeps warnings and errors from the HTTP layer only.
    loggerInstance: logger.child({}, { level: 'warn' }),
    bodyLimit: 1024 * 1024,
    frameworkErrors,
    // Getting ready includes recovering every session (before anyone is answered): with hundreds of sessions on a
    // loaded machine that outlasts Fastify's default 10 s, which would make `ao up` exit instead of starting.
    pluginTimeout: 300_000,
  }) as unknown as FastifyInstance; // a pino loggerInstance narrows the instance type; the app needs none of that
  const token = ensureToken(dataDir);
  const selfUrl = () => {
    const address = app.server.address();
    const port = address && typeof address === 'object' ? address.port : opts.port;
    const h = ['0.0.0.0', '::', ''].includes(opts.host) ? '127.0.0.1' : opts.host;
    return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
  };
  const fallback =
    opts.fallbackWatch === undefined
      ? // 2 s samples: idle shows within ~7 s; watchers share one batched last-output query per runtime.
        (((ctx, emit) => watchScreen(ctx, emit, { intervalMs: 2000 })) satisfies FallbackWatch)
      : opts.fallbackWatch;

  useZodSchemas(app, { checkReplies: Boolean(opts.checkReplies) });
  useErrorHandler(app, logger);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 } });
  app.addHook(
    'onRequest',
    makeGuard({
      token,
      host: opts.host,
      port: opts.port,
      allowedHosts: opts.allowedHosts,
      allowedOrigins: opts.allowedOrigins,
    }),
  );

  // Hook-only listeners a runtime may ask for (the container runtime's ao-only network), serving once routes exist.
  let routesReady: () => void = () => undefined;
  const hookListeners = createHookListeners({
    dataDir,
    logger,
    routing: (req, res) => app.routing(req, res),
    ready: new Promise<void>((resolve) => {
      routesReady = resolve;
    }),
  });
  app.addHook('onReady', async () => routesReady());
  app.addHook('onClose', async () => hookListeners.close());

  await app.register(dbResource, { file: join(dataDir, 'ao.db') });
  await app.register(busResource);
  await app.register(registryResource, {
    dataDir,
    logger,
    extraPlugins: opts.extraPlugins,
    hookListeners,
  });
  await app.register(pluginPackagesResource, { dataDir, logger, source: opts.pluginSource });
  await app.register(projectsResource, { env: opts.env });
  await app.register(insightsResource, { dataDir, env: opts.env, logger });
  await app.register(sessionsResource, {
    dataDir,
    selfUrl,
    logger,
    fallback,
    sessionEnv: (row, plan) => app.insights.attribution.envFor(row, plan),
    systemPrompt: (row, o) => lessonsForLaunch({ ...app.insights, projects: app.projects }, row, o),
    launchExtras: (row, baseUrl) => app.orchestrator.launchExtras(row, baseUrl),
  });
  await app.register(runtimesResource, { logger, pollMs: opts.runtimePollMs ?? 3000 });
  await app.register(reactionsResource, { logger, tickMs: opts.reactionsTickMs ?? 15_000 });
  await app.register(githubResource, { dataDir, logger, selfUrl, tickMs: opts.githubTickMs ?? 15_000 });
  await app.register(trackerSyncResource, { logger });
  await app.register(conflictsResource, { logger, tickMs: opts.conflictsTickMs ?? 0 });
  await app.register(mergeQueueResource, { logger });
  await app.register(mcpResource, { adminToken: token });
  await app.register(escalationsResource);
  await app.register(chatopsResource, { logger });
  await app.register(orchestratorResource, { logger, briefingTickMs: opts.orchestratorTickMs });

  await app.register(basicRoutes, { token, version: opts.version, dataDir });
  await app.register(sessionRoutes, { dataDir });
  await app.register(eventRoutes);
  await app.register(hookRoutes, { logger });
  await app.register(terminalRoutes, { logger });
  await app.register(openTerminalRoutes, { env: opts.env });
  await app.register(githubRoutes, { logger });
  await app.register(checkRoutes);
  await app.register(mergeQueueRoutes);
  await app.register(pluginRoutes);
  await app.register(reportRoutes);
  await app.register(lessonRoutes);
  await app.register(mcpRoutes, { version: opts.version, dataDir });
  await app.register(escalationRoutes);
  await app.register(orchestratorRoutes);
  await app.register(askRoutes);
  await serveDashboard(app, opts.webDir);
  return app;
}

async function serveDashboard(app: FastifyInstance, webDir: string | null): Promise<void> {
  const hasWeb = webDir !== null && existsSync(join(webDir, 'index.html'));
  // Loaded only when there is a dashboard to serve (it costs ~100 ms of CPU to load at every start).
  if (hasWeb)
    await app.register((await import('@fastify/static')).default, {
      root: webDir,
      wildcard: true,
      extensions: ['html'],
    });
  app.setNotFoundHandler((req, reply) => {
    if (!req.url.startsWith('/api/') && hasWeb && webDir) {
      return reply.code(404).type('text/html').sendFile('404.html', webDir);
    }
    return reply
      .code(404)
      .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
}
