import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../../src/util/exec';

export interface GitFixture {
  root: string;
  /** A bare repository acting as `origin`. */
  remote: string;
  /** The user's checkout, with `origin` pointing at `remote` and one commit on `main`. */
  repo: string;
  git(args: string[], cwd?: string): Promise<string>;
  cleanup(): void;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'ao test',
  GIT_AUTHOR_EMAIL: 'ao@test.invalid',
  GIT_COMMITTER_NAME: 'ao test',
  GIT_COMMITTER_EMAIL: 'ao@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A real git repository with a local bare remote, for tests. */
export async function makeGitFixture(name = 'demo'): Promise<GitFixture> {
  const root = mkdtempSync(join(tmpdir(), 'ao-git-'));
  const remote = join(root, `${name}.git`);
  const repo = join(root, name);
  const git = async (args: string[], cwd = repo) =>
    (await exec('git', args, { cwd, env: GIT_ENV })).stdout.trim();
  await git(['init', '--bare', '--initial-branch=main', remote], root);
  await git(['init', '--initial-branch=main', repo], root);
  writeFileSync(join(repo, 'README.md'), `# ${name}\n`);
  await git(['add', '.']);
  await git(['-c', 'commit.gpgsign=false', 'commit', '-m', 'initial']);
  await git(['remote', 'add', 'origin', remote]);
  await git(['push', '-u', 'origin', 'main']);
  return { root, remote, repo, git, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
