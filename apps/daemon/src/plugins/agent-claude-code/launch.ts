import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentLaunchContext, AgentLaunchPlan } from '@ao/shared/plugin';
import { writeHookScript } from '../agent-shared/hook-script';
import { approveApiKey, trustProject } from './claude-state';
import type { ClaudeCodeConfig } from './config';
import { httpHooksAllowed, restrictingSettingsFiles } from './hook-transport';
import { MCP_ALLOW, writeMcpConfig } from './mcp-config';
import { type ClaudePaths, claudeCwd } from './paths';
import { buildSettings, writeSettings } from './settings';
import { writeStateSeed } from './state-seed';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Prompts longer than this are typed instead of passed in argv (Linux caps one argument at 128 KiB). */
export const MAX_ARGV_PROMPT = 100_000;
/** ao's system-prompt text (lessons) is cut at this length: it travels in argv. */
export const MAX_SYSTEM_PROMPT = 16_000;

/**
 * ao's permission setting as Claude Code flags, always explicit: without a flag 2.1.332 starts in its own "auto" mode
 * (for models that have it), whose server-side check a local or proxied endpoint does not pass, and which then stops
 * on a dialog. `--permission-mode default` is accepted by 2.1.197 and 2.1.332 (which lists it as "manual" in --help
 * but takes "default" too; 2.1.197 refuses "manual").
 */
export function permissionFlags(mode: ClaudeCodeConfig['permissions']): string[] {
  if (mode === 'auto-edit') return ['--permission-mode', 'acceptEdits'];
  if (mode === 'skip') return ['--dangerously-skip-permissions'];
  return ['--permission-mode', 'default'];
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Prepares one launch: hook script and settings (both 0600, they hold the hook secret) in the session dir (never the
 * worktree), the exact worktree path
 * trusted in `.claude.json`, and the argv. The prompt goes in argv (after `--`): the TUI submits it itself once it is
 * ready, so nothing races its start-up (typed text can be lost or its Enter swallowed while the TUI draws).
 */
export async function buildLaunchPlan(
  ctx: AgentLaunchContext,
  config: ClaudeCodeConfig,
  paths: ClaudePaths,
  opts: { configDirExplicit: boolean },
): Promise<AgentLaunchPlan> {
  const resumeId = ctx.resume?.agentSessionId ?? null;
  if (resumeId !== null && !UUID.test(resumeId)) throw new Error(`not a Claude session id: ${resumeId}`);
  const agentSessionId = resumeId ?? randomUUID();

  await mkdir(ctx.sessionDir, { recursive: true, mode: 0o700 });
  const hook = await writeHookScript({
    dir: ctx.sessionDir,
    url: ctx.hookUrl,
    secret: ctx.hookSecret,
    fileName: 'claude-hook.cjs',
  });
  const settingsPath = join(ctx.sessionDir, 'claude-settings.json');
  const http =
    config.hooks === 'http' &&
    (await httpHooksAllowed(ctx.hookUrl, restrictingSettingsFiles(paths.configDir, ctx.cwd)));
  const settings = buildSettings(
    { command: hook.command, http: http ? { url: ctx.hookUrl, secret: ctx.hookSecret } : null },
    { skipPermissions: config.permissions === 'skip' },
  );
  if (ctx.mcp) settings['permissions'] = { allow: [MCP_ALLOW] };
  await writeSettings(settingsPath, settings);
  const mcpArgs = await writeMcpConfig(ctx);

  // Trust is per exact path, and Claude looks up the real one (symlinks resolved): trust both when they differ.
  await trustProject(paths.stateFile, ctx.cwd);
  const realCwd = claudeCwd(ctx.cwd);
  if (realCwd !== ctx.cwd) await trustProject(paths.stateFile, realCwd);
  const apiKey = config.env['ANTHROPIC_API_KEY'];
  if (apiKey) await approveApiKey(paths.stateFile, apiKey);
  const seed = await writeStateSeed(ctx.sessionDir, paths, [...new Set([ctx.cwd, realCwd])], apiKey);

  const command = [
    config.binary,
    resumeId ? '--resume' : '--session-id',
    agentSessionId,
    '--settings',
    settingsPath,
    ...permissionFlags(config.permissions),
    ...mcpArgs,
    ...(config.model ? ['--model', config.model] : []),
    ...(ctx.systemPrompt ? ['--append-system-prompt', ctx.systemPrompt.slice(0, MAX_SYSTEM_PROMPT)] : []),
    ...config.args,
  ];
  let prompt: AgentLaunchPlan['prompt'] = { mode: 'none' };
  if (ctx.prompt && ctx.prompt.length <= MAX_ARGV_PROMPT) {
    command.push('--', ctx.prompt);
    prompt = { mode: 'argv' };
  } else if (ctx.prompt) {
    prompt = { mode: 'type', text: ctx.prompt, delayMs: 3000 };
  }

  const env: Record<string, string> = { ...config.env };
  if (opts.configDirExplicit) env['CLAUDE_CONFIG_DIR'] = paths.configDir;
  if (config.permissions === 'skip' && isRoot()) env['IS_SANDBOX'] = '1';
  // What the CLI reads from the session dir: a runtime off the daemon's disk ships these into the agent's box.
  const files = [settingsPath, hook.path, ...mcpArgs.slice(1), seed.file];
  const model = config.model ?? null;
  return { command, env, prompt, agentSessionId, model, files, stateSeed: seed.seed };
}
