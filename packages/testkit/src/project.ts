import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { type GitFixture, makeGitFixture } from './git';

/**
 * A small TUI-like test agent: reads keystrokes in raw mode with bracketed paste, appends every submitted message as
 * one JSON line to the file given as its argument.
 */
export const READ_MESSAGES = fileURLToPath(new URL('../agents/read-messages.mjs', import.meta.url));

export interface ProjectFixture extends GitFixture {
  configPath: string;
  /** Where the default test agent (read-messages.mjs) records every message it receives, one JSON string per line. */
  messagesFile: string;
  /** A folder beside the repository for the caller's own files (fake binaries, agent config dirs...). */
  scratch: string;
}

export interface ProjectOptions {
  /** More keys of `project:` (e.g. `repo: 'acme/demo'`). */
  project?: Record<string, unknown>;
  /** Prefix of the temp folder. */
  tmpPrefix?: string;
}

/** Config keys or a function of the scratch folder and the messages file returning them. */
export type ProjectConfig =
  | Record<string, unknown>
  | ((where: { scratch: string; messagesFile: string }) => Record<string, unknown>);

/**
 * A git repo with a local bare remote and a committed, pushed `ao.config.yaml`: `project: {id, name, defaultBranch:
 * main, ...opts.project}`, then by default the generic agent running read-messages.mjs (prompt typed) on tmux, with
 * `config`'s keys on top (shallow: `agent`/`agents` replace the default agent).
 */
export async function makeProject(
  id = 'demo',
  config: ProjectConfig = {},
  opts: ProjectOptions = {},
): Promise<ProjectFixture> {
  const git = await makeGitFixture(id, { tmpPrefix: opts.tmpPrefix });
  const messagesFile = join(git.root, 'messages.jsonl');
  const scratch = join(git.root, 'scratch');
  mkdirSync(scratch);
  const extra = typeof config === 'function' ? config({ scratch, messagesFile }) : config;
  const full = {
    project: { id, name: `Project ${id}`, defaultBranch: 'main', ...opts.project },
    agent: 'generic',
    runtime: 'tmux',
    agents: {
      generic: { command: [process.execPath, READ_MESSAGES, messagesFile], prompt: 'type', typeDelayMs: 300 },
    },
    ...extra,
  };
  const configPath = join(git.repo, 'ao.config.yaml');
  writeFileSync(configPath, stringify(full));
  await git.git(['add', 'ao.config.yaml']);
  await git.git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'ao config']);
  await git.git(['push', '-q', 'origin', 'main']);
  return { ...git, configPath, messagesFile, scratch };
}

/** The `agents:` keys that run `command` with the generic plugin and no prompt (an agent that only sits there). */
export function idleGenericAgent(command: string[] = ['sleep', '3600']): Record<string, unknown> {
  return { agent: 'generic', agents: { generic: { command, prompt: 'none' } } };
}

/** The messages read-messages.mjs recorded in `file`, in order. */
export function readMessages(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as string);
}
