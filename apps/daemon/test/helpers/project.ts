import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type GitFixture, makeGitFixture } from './git-fixture';

export const READ_MESSAGES = new URL('../runtime/read-messages.mjs', import.meta.url).pathname;

export interface ProjectFixture extends GitFixture {
  configPath: string;
  /** Where the test agent (read-messages.mjs) records every message it receives, one JSON string per line. */
  messagesFile: string;
}

/**
 * A git repo with a local bare remote and an `ao.config.yaml` whose agent is a small TUI-like program that records
 * each submitted message (generic agent, prompt typed).
 */
export async function makeProject(id = 'demo', extra: Record<string, unknown> = {}): Promise<ProjectFixture> {
  const git = await makeGitFixture(id);
  const messagesFile = join(git.root, 'messages.jsonl');
  const config = {
    project: { id, name: `Project ${id}`, defaultBranch: 'main' },
    agent: 'generic',
    runtime: 'tmux',
    agents: {
      generic: { command: [process.execPath, READ_MESSAGES, messagesFile], prompt: 'type', typeDelayMs: 300 },
    },
    ...extra,
  };
  const configPath = join(git.repo, 'ao.config.yaml');
  writeFileSync(configPath, stringify(config));
  await git.git(['add', 'ao.config.yaml']);
  await git.git(['-c', 'commit.gpgsign=false', 'commit', '-m', 'ao config']);
  await git.git(['push', 'origin', 'main']);
  return { ...git, configPath, messagesFile };
}
