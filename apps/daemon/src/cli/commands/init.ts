import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectIdSchema, slugify } from '@ao/shared/ids';
import { builtinPlugins } from '../../plugins/builtin';
import { exec } from '../../util/exec';
import { CliError, Client } from '../client';
import { installRoot } from '../paths';

export interface InitOptions {
  id?: string;
  name?: string;
  agent: string;
  runtime: string;
  workspace: string;
  tracker?: string;
  force?: boolean;
}

const git = async (cwd: string, args: string[]) => (await exec('git', args, { cwd })).stdout.trim();
const tryGit = (cwd: string, args: string[]) => git(cwd, args).catch(() => '');

/** `owner/name` from a GitHub remote URL (https, ssh or scp-like), or null. */
export function repoFromRemote(url: string): string | null {
  const m = /github\.com[:/]+([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : null;
}

async function defaultBranch(root: string): Promise<string> {
  const head = await tryGit(root, ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD']);
  if (head.startsWith('origin/')) return head.slice('origin/'.length);
  for (const b of ['main', 'master', 'trunk', 'develop']) {
    if (await tryGit(root, ['rev-parse', '--verify', '--quiet', `refs/remotes/origin/${b}`])) return b;
  }
  return (await tryGit(root, ['branch', '--show-current'])) || 'main';
}

/** Writes a commented `ao.config.yaml` for the repository the command runs in, and registers it with the daemon. */
export async function init(
  cwd: string,
  dataDir: string,
  opts: InitOptions,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const root = await git(cwd, ['rev-parse', '--show-toplevel']).catch(() => {
    throw new CliError('not inside a git repository: run `ao init` in the repository agents should work on');
  });
  const file = join(root, 'ao.config.yaml');
  if (existsSync(file) && !opts.force) {
    throw new CliError(`${file} exists; edit it, or pass --force to write a new one`);
  }
  const id = opts.id ?? (slugify(basename(root), 40) || 'project');
  if (!projectIdSchema.safeParse(id).success) throw new CliError(`--id: "${id}" is not a valid project id`);
  const remoteUrl = await tryGit(root, ['remote', 'get-url', 'origin']);
  const repo = repoFromRemote(remoteUrl);
  const tracker = opts.tracker ?? (repo ? 'github' : 'none');
  checkPluginNames({ agent: opts.agent, runtime: opts.runtime, workspace: opts.workspace, tracker });
  const branch = await defaultBranch(root);
  const schema = join(installRoot(), 'schema', 'ao.config.schema.json');
  writeFileSync(
    file,
    render({ ...opts, tracker, id, name: opts.name ?? basename(root), repo, branch, schema, remoteUrl }),
  );
  console.log(`wrote ${file}`);
  try {
    const client = Client.fromDataDir(dataDir, env);
    const { project } = await client.post<{ project: { id: string } }>('/api/projects', { configPath: file });
    console.log(`project ${project.id} registered with the daemon at ${client.baseUrl}`);
  } catch (err) {
    const lines = (err as Error).message.split('\n');
    if (lines.length === 1) {
      console.log(`not registered yet (${lines[0]}); \`ao up\` in this repository registers it`);
    } else {
      const list = lines.map((line) => `  ${line}`).join('\n');
      console.log(`not registered yet; fix these, then \`ao up\` in this repository registers it:\n${list}`);
    }
  }
}

/** Built-in plugin names per slot, so a typo is caught before the file is written ("none" turns the tracker off). */
function checkPluginNames(chosen: Record<'agent' | 'runtime' | 'workspace' | 'tracker', string>): void {
  for (const [slot, name] of Object.entries(chosen)) {
    if (slot === 'tracker' && name === 'none') continue;
    const known = builtinPlugins.filter((m) => m.manifest.slot === slot).map((m) => m.manifest.name);
    if (!known.includes(name)) {
      throw new CliError(
        `--${slot}: unknown ${slot} plugin "${name}"; known: ${known.join(', ')}${slot === 'tracker' ? ', none' : ''}`,
      );
    }
  }
}

function render(
  o: InitOptions & {
    id: string;
    name: string;
    repo: string | null;
    branch: string;
    schema: string;
    remoteUrl: string;
  },
) {
  return `# yaml-language-server: $schema=${o.schema}
# ao project configuration. Reference: the "Configuration" section of ao's README.
project:
  id: ${o.id}  # session ids are <id>-<n>
  name: ${JSON.stringify(o.name)}
${o.repo ? `  repo: ${o.repo}` : `  # repo: owner/name  # GitHub repository (origin is ${o.remoteUrl || 'not set'})`}
  defaultBranch: ${o.branch}  # sessions branch from the up-to-date ${o.branch}
  # remote: origin
  # branchPrefix: ao/

agent: ${o.agent}  # claude-code | codex | opencode | aider | generic
runtime: ${o.runtime}  # tmux (survives daemon restarts) | process
workspace: ${o.workspace}  # worktree | clone
tracker: ${o.tracker}  # github | linear | jira | none
# terminal: auto  # for ao attach --open and the dashboard: auto | iterm2 | tmux | kitty | wezterm | gnome-terminal | xterm

# Per-plugin settings, keyed by plugin name:
# agents:
#   claude-code: { model: claude-sonnet-4-5, permissions: default }  # default | auto-edit | skip
#   generic: { command: ["my-agent", "--flag"], prompt: type }  # argv | type | none
# runtimes:
#   tmux: {}
# trackers:
#   linear: { teamKey: ENG }  # API key from LINEAR_API_KEY (or apiKeyFile: /abs/path)
#   jira: { baseUrl: https://acme.atlassian.net, projectKey: PROJ }  # JIRA_EMAIL + JIRA_API_TOKEN
# plugins: ["./my-ao-plugin.mjs"]  # extra plugin modules (paths or npm packages)
`;
}
