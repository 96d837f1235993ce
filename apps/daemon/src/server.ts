import { createWriteStream, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app';
import { createServices } from './create-services';
import { startSmeeRelays } from './github/smee-relay';
import type { DaemonOptions, Services } from './services';
import { startLivenessLoop } from './sessions/liveness';
import { recoverSessions } from './sessions/recover-sessions';
import { stopWatching } from './sessions/watch-session';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface RunningDaemon {
  app: FastifyInstance;
  services: Services;
  url: string;
  loginUrl: string;
  close(): Promise<void>;
}

/** Starts the daemon: services, HTTP, recovery of live sessions, the liveness loop. */
export async function startDaemon(
  options: DaemonOptions,
  env: Record<string, string | undefined>,
  opts: { foreground?: boolean; allowedOrigins?: string[] } = {},
): Promise<RunningDaemon> {
  if (!LOOPBACK.has(options.host) && !options.allowedHosts.length) {
    // Binding beyond loopback is allowed (the token protects it), but the Host check then needs the public name.
    options.allowedHosts = [options.host];
  }
  const logFile = createWriteStream(join(options.dataDir, 'logs', 'daemon.log'), { flags: 'a' });
  let logClosed = false;
  // Work still finishing as the daemon closes may log; after close those lines are dropped, never a crash.
  const fileStream = { write: (line: string) => (logClosed ? true : logFile.write(line)) };
  const streams: pino.StreamEntry[] = [{ stream: fileStream }];
  if (opts.foreground) streams.push({ stream: process.stderr, level: 'warn' });
  const logger = pino({ level: env.AO_LOG_LEVEL ?? 'info' }, pino.multistream(streams));
  const services = await createServices(options, logger, env);
  const app = await buildApp(services, { logger, allowedOrigins: opts.allowedOrigins });
  // Match every runtime session to its record before answering anyone, so no client sees a stale "running".
  const recovered = await recoverSessions(services);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  if (address && typeof address === 'object') options.port = address.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${options.port}`;
  writeFileSync(
    join(options.dataDir, 'daemon.json'),
    JSON.stringify({ pid: process.pid, url, port: options.port }),
  );

  logger.info({ ...recovered, url }, 'daemon started');
  const stopLiveness = startLivenessLoop(services, options.livenessIntervalMs);
  services.github.start();
  const stopSmee = startSmeeRelays(services);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      stopLiveness();
      await services.github.stop();
      await stopSmee();
      services.clearLater();
      for (const id of [...services.watchers.keys()]) stopWatching(services, id);
      await app.close();
      for (const instance of services.registry.created()) {
        const closable = instance as { close?: () => Promise<void> };
        if (typeof closable.close === 'function') await closable.close();
      }
      services.db.$client.close();
      rmSync(join(options.dataDir, 'daemon.json'), { force: true });
      rmSync(join(options.dataDir, 'daemon.pid'), { force: true });
      logger.info('daemon stopped');
      logClosed = true;
      logFile.end();
    })();
    return closing;
  };
  return { app, services, url, loginUrl: `${url}/api/auth/login?token=${services.token}`, close };
}
