import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** A fixed identity and no system config, so commits work on any machine. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'ao test',
  GIT_AUTHOR_EMAIL: 'ao@test.invalid',
  GIT_COMMITTER_NAME: 'ao test',
  GIT_COMMITTER_EMAIL: 'ao@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export interface GitFixture {
  /** The temp folder holding everything below; removed by `cleanup()`. */
  root: string;
  /** A bare repository acting as `origin`. */
  remote: string;
  /** The user's checkout, with `origin` pointing at `remote` and one commit on `main`, pushed. */
  repo: string;
  /** Runs git (argument array, never a shell) in `cwd` (default the checkout); its trimmed stdout. */
  git(args: string[], cwd?: string): Promise<string>;
  /** Writes `file` in `cwd`, adds and commits it. */
  commit(cwd: string, file: string, text: string): Promise<void>;
  cleanup(): void;
}

/** Runs git with the fixture's identity; its trimmed stdout. */
export async function git(args: string[], cwd: string): Promise<string> {
  return (await execFileP('git', args, { cwd, env: GIT_ENV, maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
}

/** A real git repository `<root>/<name>` with a local bare remote `<root>/<name>.git`, one commit on `main`. */
export async function makeGitFixture(name = 'demo', opts: { tmpPrefix?: string } = {}): Promise<GitFixture> {
  const root = mkdtempSync(join(tmpdir(), opts.tmpPrefix ?? 'ao-git-'));
  const remote = join(root, `${name}.git`);
  const repo = join(root, name);
  const run = (args: string[], cwd = repo) => git(args, cwd);
  await run(['init', '-q', '--bare', '--initial-branch=main', remote], root);
  await run(['init', '-q', '--initial-branch=main', repo], root);
  writeFileSync(join(repo, 'README.md'), `# ${name}\n`);
  await run(['add', '.']);
  await run(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'initial']);
  await run(['remote', 'add', 'origin', remote]);
  await run(['push', '-q', '-u', 'origin', 'main']);
  return {
    root,
    remote,
    repo,
    git: run,
    async commit(cwd, file, text) {
      writeFileSync(join(cwd, file), text);
      await run(['add', file], cwd);
      await run(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', `add ${file}`], cwd);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
  };
}
