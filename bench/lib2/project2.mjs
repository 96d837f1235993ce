// A throwaway git repository with a local bare remote and an ao.config.yaml given as an object (JSON is valid YAML).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'ao bench',
  GIT_AUTHOR_EMAIL: 'ao@bench.invalid',
  GIT_COMMITTER_NAME: 'ao bench',
  GIT_COMMITTER_EMAIL: 'ao@bench.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

/**
 * Creates `<root>/<id>` (one commit on main, pushed) and `<root>/<id>.git` (its bare `origin`), with
 * `ao.config.yaml` = `{project: {id, name, defaultBranch: 'main', ...projectExtra}, ...config}`. `config` may be a
 * function of `scratch` (a folder under `root` for the caller's own files, e.g. a fake agent binary).
 * Returns `{root, repo, remote, scratch, configPath, cleanup}`.
 */
export async function makeConfiguredProject(id, config, projectExtra = {}) {
  const root = mkdtempSync(join(tmpdir(), 'ao-bench2-'));
  const remote = join(root, `${id}.git`);
  const repo = join(root, id);
  const git = (args, cwd = repo) => execFileP('git', args, { cwd, env: GIT_ENV });
  await git(['init', '-q', '--bare', '--initial-branch=main', remote], root);
  await git(['init', '-q', '--initial-branch=main', repo], root);
  writeFileSync(join(repo, 'README.md'), `# ${id}\n`);
  const scratch = join(root, 'scratch');
  mkdirSync(scratch);
  const rest = typeof config === 'function' ? config(scratch) : config;
  const full = { project: { id, name: `Bench ${id}`, defaultBranch: 'main', ...projectExtra }, ...rest };
  const configPath = join(repo, 'ao.config.yaml');
  writeFileSync(configPath, `${JSON.stringify(full, null, 2)}\n`);
  await git(['add', '.']);
  await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'initial']);
  await git(['remote', 'add', 'origin', remote]);
  await git(['push', '-q', '-u', 'origin', 'main']);
  return {
    root,
    repo,
    remote,
    scratch,
    configPath,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
