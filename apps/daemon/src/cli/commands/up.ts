import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDaemon, stopOnSignals } from '../../server';
import { UnsafeDataDirError } from '../../util/private-dir';
import { CliError } from '../client';
import { daemonInfo, findConfig, installRoot } from '../paths';

export interface UpOptions {
  port: string;
  host: string;
  config?: string;
  detach?: boolean;
  allowedHost: string[];
  allowedOrigin: string[];
}

declare const AO_VERSION: string;
export const version = typeof AO_VERSION === 'string' ? AO_VERSION : '0.0.0-dev';

async function alive(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false; // not answering
  }
}

export async function up(dataDir: string, opts: UpOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const running = daemonInfo(dataDir);
  if (running && (await alive(running.url))) {
    throw new CliError(
      `ao is already running for ${dataDir} at ${running.url} (pid ${running.pid}); \`ao down\` stops it`,
    );
  }
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port: not a port number: ${opts.port}`);
  const config = opts.config ? resolve(opts.config) : findConfig(process.cwd());
  if (opts.config && !existsSync(opts.config)) throw new CliError(`--config: no such file ${opts.config}`);
  if (opts.detach) return detach(dataDir, env);

  const webDir = env.AO_WEB_DIR ?? join(installRoot(), 'apps', 'web', 'out');
  const daemon = await startDaemon(
    {
      dataDir,
      host: opts.host,
      port,
      allowedHosts: opts.allowedHost,
      allowedOrigins: opts.allowedOrigin,
      webDir: existsSync(webDir) ? webDir : null,
      runtimePollMs: Number(env.AO_LIVENESS_MS ?? 3000),
      version,
      foreground: true,
    },
    env,
  ).catch((err: Error) => {
    if (err instanceof UnsafeDataDirError) throw new CliError(err.message);
    throw err;
  });
  if (config) {
    try {
      const project = await daemon.app.projects.add(config);
      console.log(`project ${project.id}: ${project.path}`);
    } catch (err) {
      // A config error lists every problem, one per line: each gets the prefix.
      console.error(`ao: ${(err as Error).message.replaceAll('\n', '\nao: ')}`);
    }
  }
  console.log(`ao ${version} is running at ${daemon.url}`);
  console.log(`Open the dashboard: ${daemon.loginUrl}`);
  console.log(`Data: ${dataDir}   Stop: Ctrl-C or \`ao down\``);
  stopOnSignals(daemon);
}

/** Runs `ao up` in the background and waits until it answers. */
async function detach(dataDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const args = process.argv.slice(1).filter((a) => a !== '--detach' && a !== '-d');
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const log = openSync(join(dataDir, 'logs', 'daemon.out'), 'a');
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env });
  child.unref();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const info = daemonInfo(dataDir);
    if (info && info.pid === child.pid && (await alive(info.url))) {
      console.log(`ao is running in the background at ${info.url} (pid ${info.pid})`);
      const token = (await import('../../http/token')).readToken(dataDir);
      console.log(`Open the dashboard: ${info.url}/api/auth/login?token=${token}`);
      return;
    }
    if (child.exitCode !== null) break;
  }
  throw new CliError(`the daemon did not start; see ${join(dataDir, 'logs', 'daemon.out')}`);
}

export async function down(dataDir: string): Promise<void> {
  const info = daemonInfo(dataDir);
  if (!info) {
    console.log('ao is not running');
    return;
  }
  try {
    process.kill(info.pid, 'SIGTERM');
  } catch {
    console.log(`ao was not running (stale pid ${info.pid})`);
    return;
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(info.pid, 0);
    } catch {
      console.log('ao stopped');
      return;
    }
  }
  throw new CliError(`ao (pid ${info.pid}) did not stop within 15 s`);
}
