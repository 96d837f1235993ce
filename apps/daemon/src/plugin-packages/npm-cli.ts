import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExecFn } from '@ao/shared/plugin';

/** npm, as the daemon runs it: the npm beside this node, else the one on PATH. Always with an argument array. */
export interface NpmCli {
  /** `npm install --prefix <prefix> ... <spec>`: adds (or updates) one package, no lifecycle scripts. */
  install(prefix: string, spec: string, registry: string | null): Promise<void>;
  /** Installs what `<prefix>/package.json` and its lock say (after they were put back). */
  sync(prefix: string, registry: string | null): Promise<void>;
  uninstall(prefix: string, name: string): Promise<void>;
  /** The registry npm is configured with (user and project .npmrc, `npm_config_registry`). */
  configuredRegistry(cwd: string): Promise<string>;
}

/** Where community plugins come from: npm (installs) and HTTP (registry search). Tests give an offline one. */
export interface PluginSource {
  npm: NpmCli;
  fetch: typeof fetch;
}

const QUIET = ['--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];

export function npmCli(exec: ExecFn, opts: { timeoutMs?: number } = {}): NpmCli {
  const beside = join(dirname(process.execPath), 'npm');
  const bin = existsSync(beside) ? beside : 'npm';
  const timeoutMs = opts.timeoutMs ?? 300_000;
  // Run in the plugins folder itself: never inside a project or workspace of the daemon's own cwd.
  const run = (prefix: string, args: string[]) => exec(bin, args, { cwd: prefix, timeoutMs });
  const reg = (registry: string | null) => (registry ? ['--registry', registry] : []);
  return {
    async install(prefix, spec, registry) {
      // `--` ends npm's options: the spec is never read as one (it is validated as a package name anyway).
      await run(prefix, ['install', '--prefix', prefix, ...QUIET, '--save', ...reg(registry), '--', spec]);
    },
    async sync(prefix, registry) {
      await run(prefix, ['install', '--prefix', prefix, ...QUIET, ...reg(registry)]);
    },
    async uninstall(prefix, name) {
      await run(prefix, ['uninstall', '--prefix', prefix, ...QUIET, '--save', '--', name]);
    },
    async configuredRegistry(cwd) {
      const { stdout } = await exec(bin, ['config', 'get', 'registry'], { cwd, timeoutMs: 30_000 });
      return stdout.trim() || 'https://registry.npmjs.org/';
    },
  };
}
