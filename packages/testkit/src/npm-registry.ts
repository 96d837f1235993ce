import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './http';
import { FatalWaitError, waitFor } from './wait';

const execFileP = promisify(execFile);

export interface NpmRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** An npm user config pointing at it, with a token (anyone may publish; the token only satisfies npm). */
  npmrc: string;
  /** `npm publish <dir>` to it (no lifecycle scripts). */
  publish(dir: string): Promise<void>;
  /** Everything it printed so far. */
  output(): string;
  /** Stops it (SIGTERM, then SIGKILL) and removes its storage. */
  stop(): Promise<void>;
}

const config = (storage: string) => `storage: ${JSON.stringify(storage)}
auth:
  htpasswd:
    file: ${JSON.stringify(join(storage, '..', 'htpasswd'))}
    max_users: -1
uplinks: {}
packages:
  '**':
    access: $all
    publish: $all
    unpublish: $all
log: { type: stdout, format: json, level: warn }
`;

/**
 * A real npm registry on loopback: Verdaccio (from npm) as a child process, with a temp config and storage, no
 * uplinks (only what the test publishes is there), and anonymous publishing. Ready when it answers `/-/ping`.
 */
export async function startNpmRegistry(): Promise<NpmRegistry> {
  const root = mkdtempSync(join(tmpdir(), 'ao-npm-registry-'));
  const storage = join(root, 'storage');
  const configFile = join(root, 'config.yaml');
  writeFileSync(configFile, config(storage));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const npmrc = join(root, 'npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=test-token\n`);
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')),
    'bin',
    'verdaccio',
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, '--config', configFile, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new FatalWaitError(`verdaccio exited: ${output}`);
        return (await fetch(`${url}-/ping`)).ok;
      },
      'verdaccio to answer /-/ping',
      30_000,
      50,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    npmrc,
    output: () => output,
    async publish(dir) {
      await execFileP(
        'npm',
        ['publish', dir, '--registry', url, '--userconfig', npmrc, '--ignore-scripts', '--loglevel=error'],
        { timeout: 60_000 },
      );
    },
    stop,
  };
}
