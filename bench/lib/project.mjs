// A throwaway git repository with a local bare remote and an ao.config.yaml, like test/helpers/project.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
 * Creates `<tmp>/<id>` (checkout, one commit on main, pushed) and `<tmp>/<id>.git` (its bare `origin`), with an
 * `ao.config.yaml` (JSON is valid YAML) whose agent is the `generic` plugin running `agentCommand` with `prompt: none`.
 */
export async function makeProject(id, { agentCommand = ['sleep', '3600'], runtimes = {} } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'ao-bench-git-'));
  const remote = join(root, `${id}.git`);
  const repo = join(root, id);
  const git = (args, cwd = repo) => execFileP('git', args, { cwd, env: GIT_ENV });
  await git(['init', '-q', '--bare', '--initial-branch=main', remote], root);
  await git(['init', '-q', '--initial-branch=main', repo], root);
  writeFileSync(join(repo, 'README.md'), `# ${id}\n`);
  const config = {
    project: { id, name: `Bench ${id}`, defaultBranch: 'main' },
    agent: 'generic',
    runtime: 'tmux',
    agents: { generic: { command: agentCommand, prompt: 'none' } },
    runtimes,
  };
  const configPath = join(repo, 'ao.config.yaml');
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  await git(['add', '.']);
  await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'initial']);
  await git(['remote', 'add', 'origin', remote]);
  await git(['push', '-q', '-u', 'origin', 'main']);
  return {
    root,
    repo,
    remote,
    configPath,
    git: async (args) => (await git(args)).stdout,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
