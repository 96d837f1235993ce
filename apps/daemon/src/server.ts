import { createWriteStream, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginModule } from '@ao/shared/plugin';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app';
import { readToken } from './http/token';
import { preparePrivateDir, privateFile } from './util/private-dir';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface DaemonOptions {
  dataDir: string;
  host: string;
  port: number;
  /** Extra Host header values allowed (e.g. a reverse proxy's name). */
  allowedHosts: string[];
  allowedOrigins?: string[];
  /** Static export of the dashboard, served at `/` when it exists. */
  webDir: string | null;
  /** How often runtimes that cannot push events are polled, ms. */
  runtimePollMs?: number;
  /** How often ao looks whether an orchestrator's briefing is due (tests). */
  orchestratorTickMs?: number;
  version: string;
  /** Log warnings to stderr too (`ao up` in the foreground). */
  foreground?: boolean;
  extraPlugins?: readonly PluginModule[];
  checkReplies?: boolean;
}

export interface RunningDaemon {
  app: FastifyInstance;
  url: string;
  loginUrl: string;
  token: string;
  close(): Promise<void>;
}

/**
 * Starts the daemon: a private data dir, the app (its resources recover every session before anyone is answered),
 * then it listens and says where (daemon.json). `close` stops it gracefully; `stopOnSignals` wires SIGINT/SIGTERM.
 */
export async function startDaemon(
  options: DaemonOptions,
  env: Record<string, string | undefined>,
): Promise<RunningDaemon> {
  const { dataDir } = options;
  const allowedHosts =
    !LOOPBACK.has(options.host) && !options.allowedHosts.length ? [options.host] : options.allowedHosts;
  preparePrivateDir(dataDir);
  privateFile(join(dataDir, 'logs', 'daemon.log'));
  privateFile(join(dataDir, 'ao.db')); // SQLite gives its -wal and -shm files the database file's mode
  const logFile = createWriteStream(join(dataDir, 'logs', 'daemon.log'), { flags: 'a', mode: 0o600 });
  let logClosed = false;
  // Work still finishing as the daemon closes may log; after close those lines are dropped, never a crash.
  const fileStream = { write: (line: string) => (logClosed ? true : logFile.write(line)) };
  const streams: pino.StreamEntry[] = [{ stream: fileStream }];
  if (options.foreground) streams.push({ stream: process.stderr, level: 'warn' });
  const logger = pino({ level: env.AO_LOG_LEVEL ?? 'info' }, pino.multistream(streams));
  const app = await buildApp({
    dataDir,
    host: options.host,
    port: options.port,
    allowedHosts,
    allowedOrigins: options.allowedOrigins ?? [],
    webDir: options.webDir,
    version: options.version,
    env,
    logger,
    extraPlugins: options.extraPlugins,
    runtimePollMs: options.runtimePollMs,
    orchestratorTickMs: options.orchestratorTickMs,
    checkReplies: options.checkReplies,
  });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  writeFileSync(join(dataDir, 'daemon.json'), JSON.stringify({ pid: process.pid, url, port }), {
    mode: 0o600,
  });
  logger.info({ url }, 'daemon started');
  const token = readToken(dataDir) ?? '';

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      rmSync(join(dataDir, 'daemon.json'), { force: true });
      rmSync(join(dataDir, 'daemon.pid'), { force: true });
      logger.info('daemon stopped');
      logClosed = true;
      logFile.end();
    })();
    return closing;
  };
  return { app, url, token, loginUrl: `${url}/api/auth/login?token=${token}`, close };
}

/** Stops the daemon on SIGINT/SIGTERM (agents in tmux keep running), then exits. */
export function stopOnSignals(daemon: RunningDaemon, say: (line: string) => void = console.log): void {
  const stop = (signal: string) => {
    say(`\nao: ${signal}, stopping (agents in tmux keep running)`);
    daemon.close().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
