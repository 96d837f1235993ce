import { join } from 'node:path';
import type { AgentLaunchContext, AgentLaunchPlan } from '@ao/shared/plugin';
import type { AiderConfig } from './config';

export const CHAT_HISTORY_FILE = 'aider.chat.history.md';
export const INPUT_HISTORY_FILE = 'aider.input.history';
/** aider has no conversation id; ao names the session's chat history so a restore can ask for it back. */
export const AGENT_SESSION_PREFIX = 'aider:';

export function chatHistoryPath(sessionDir: string): string {
  return join(sessionDir, CHAT_HISTORY_FILE);
}

/**
 * Interactive aider (never `--message`, which answers once and exits). Its history files go to ao's session dir, so
 * nothing lands in the worktree, and `--no-gitignore` keeps it from editing the repository's .gitignore. Auto-commits
 * stay on (aider's default): ao's sessions end in a pull request, which needs commits; add `--no-auto-commits` to
 * `args` to commit yourself.
 */
export function buildAiderArgv(config: AiderConfig, sessionDir: string, restore: boolean): string[] {
  const argv = [
    config.binary,
    '--chat-history-file',
    chatHistoryPath(sessionDir),
    '--input-history-file',
    join(sessionDir, INPUT_HISTORY_FILE),
    '--no-gitignore',
    '--no-check-update',
    '--no-show-release-notes',
    '--analytics-disable',
  ];
  if (config.model) argv.push('--model', config.model);
  if (config.permissions === 'skip') argv.push('--yes-always');
  if (restore) argv.push('--restore-chat-history');
  argv.push(...config.args);
  return argv;
}

export function launchAider(config: AiderConfig, ctx: AgentLaunchContext): AgentLaunchPlan {
  const restore = ctx.resume?.agentSessionId.startsWith(AGENT_SESSION_PREFIX) ?? false;
  const prompt = ctx.prompt && !restore ? ctx.prompt : null;
  return {
    command: buildAiderArgv(config, ctx.sessionDir, restore),
    env: { ...config.env },
    prompt: prompt ? { mode: 'type', text: prompt, delayMs: config.typeDelayMs } : { mode: 'none' },
    agentSessionId: `${AGENT_SESSION_PREFIX}${ctx.sessionId}`,
    model: config.model ?? null,
  };
}
