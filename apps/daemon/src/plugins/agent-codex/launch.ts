import type { AgentLaunchContext, AgentLaunchPlan } from '@ao/shared/plugin';
import { assertShellSafePath, writeHookScript } from '../agent-shared/hook-script';
import { type CodexConfig, codexHome } from './config';

export const NOTIFY_SCRIPT_NAME = 'codex-notify.cjs';

/** `--ask-for-approval`/`--sandbox` for ao's permission modes (codex's own presets: read only, auto, full access). */
export function permissionArgs(mode: CodexConfig['permissions']): string[] {
  switch (mode) {
    case 'skip':
      return ['--dangerously-bypass-approvals-and-sandbox'];
    case 'auto-edit':
      return ['--ask-for-approval', 'on-request', '--sandbox', 'workspace-write'];
    default:
      return ['--ask-for-approval', 'on-request', '--sandbox', 'read-only'];
  }
}

/** A TOML basic string (JSON string escapes are valid TOML). */
const tomlString = (s: string): string => JSON.stringify(s);

/**
 * `-c` overrides: notify runs `node <script>` (argv, no shell; the secret lives only in the 0600 script file), and
 * the worktree is trusted for this run so the TUI does not stop on its trust dialog. Nothing is written into the
 * user's config.toml.
 */
export function configOverrides(cwd: string, notifyArgv: readonly string[]): string[] {
  for (const p of notifyArgv) assertShellSafePath(p);
  const notify = `notify=[${notifyArgv.map(tomlString).join(',')}]`;
  const trust = `projects={${tomlString(cwd)}={trust_level="trusted"}}`;
  return ['-c', notify, '-c', trust];
}

/** ao's system-prompt text (lessons) is cut at this length: it travels in argv. */
export const MAX_SYSTEM_PROMPT = 16_000;

/**
 * ao's system-prompt text as codex's `developer_instructions` (added as a developer message before the task, after
 * codex's own instructions, which it does not replace; seen so in the request with codex 0.169).
 */
export function instructionsOverride(text: string | null | undefined): string[] {
  if (!text) return [];
  return ['-c', `developer_instructions=${tomlString(text.slice(0, MAX_SYSTEM_PROMPT))}`];
}

/** The variable that carries the MCP bearer token to codex (`bearer_token_env_var`): the token never enters argv. */
export const MCP_TOKEN_ENV = 'AO_MCP_TOKEN';

/** `-c` overrides pointing codex's MCP client at ao's server; the token is read from `AO_MCP_TOKEN`. */
export function mcpOverrides(url: string): string[] {
  return [
    '-c',
    `mcp_servers.ao.url=${tomlString(url)}`,
    '-c',
    `mcp_servers.ao.bearer_token_env_var=${tomlString(MCP_TOKEN_ENV)}`,
  ];
}

export interface CodexArgvInput {
  config: CodexConfig;
  /** Text for the agent's system prompt (lessons), or null. */
  systemPrompt?: string | null;
  cwd: string;
  notifyArgv: readonly string[];
  prompt: string | null;
  resumeId: string | null;
  /** ao's MCP server URL, when the session has a token (given in the environment). */
  mcpUrl?: string | null;
}

/** The full argv: `codex [resume] <flags> [-- <prompt> | <id>]`. */
export function buildCodexArgv(input: CodexArgvInput): string[] {
  const { config } = input;
  const argv = [config.binary];
  if (input.resumeId) argv.push('resume');
  argv.push(...permissionArgs(config.permissions));
  if (config.model) argv.push('--model', config.model);
  argv.push(...configOverrides(input.cwd, input.notifyArgv));
  argv.push(...instructionsOverride(input.systemPrompt));
  if (input.mcpUrl) argv.push(...mcpOverrides(input.mcpUrl));
  argv.push(...config.args);
  if (input.resumeId) {
    argv.push('--', input.resumeId);
  } else if (input.prompt) {
    argv.push('--', input.prompt);
  }
  return argv;
}

/** Writes the notify script into the session dir and returns the launch plan for the interactive TUI. */
export async function launchCodex(
  config: CodexConfig,
  ctx: AgentLaunchContext,
  nodePath: string = process.execPath,
): Promise<AgentLaunchPlan> {
  const script = await writeHookScript({
    dir: ctx.sessionDir,
    url: ctx.hookUrl,
    secret: ctx.hookSecret,
    fileName: NOTIFY_SCRIPT_NAME,
  });
  const resumeId = ctx.resume?.agentSessionId ?? null;
  const command = buildCodexArgv({
    config,
    cwd: ctx.cwd,
    notifyArgv: [nodePath, script.path],
    prompt: resumeId ? null : ctx.prompt,
    resumeId,
    systemPrompt: ctx.systemPrompt ?? null,
    mcpUrl: ctx.mcp?.url ?? null,
  });
  const env: Record<string, string> = { ...config.env, CODEX_HOME: codexHome(config) };
  if (ctx.mcp) env[MCP_TOKEN_ENV] = ctx.mcp.token;
  return {
    command,
    env,
    prompt: !resumeId && ctx.prompt ? { mode: 'argv' } : { mode: 'none' },
    agentSessionId: resumeId,
    model: config.model ?? null,
  };
}
