import { randomBytes } from 'node:crypto';
import type { AgentLaunchContext, AgentLaunchPlan } from '@ao/shared/plugin';
import type { OpencodeConfig } from './config';
import { instructionsEnv } from './instructions';
import { freePort, writeServerInfo } from './server-info';

export const SERVER_USERNAME = 'opencode';

export interface OpencodeArgvInput {
  config: OpencodeConfig;
  port: number;
  prompt: string | null;
  resumeId: string | null;
}

/** `opencode --port <p> --hostname 127.0.0.1 [--model m] [--auto] [--session id] [args] [--prompt text]`. */
export function buildOpencodeArgv(input: OpencodeArgvInput): string[] {
  const { config } = input;
  const argv = [config.binary, '--port', String(input.port), '--hostname', '127.0.0.1'];
  if (config.model) argv.push('--model', config.model);
  if (config.permissions === 'skip') argv.push('--auto');
  if (input.resumeId) argv.push('--session', input.resumeId);
  argv.push(...config.args);
  if (input.prompt) argv.push('--prompt', input.prompt);
  return argv;
}

export function opencodeEnv(config: OpencodeConfig, password: string): Record<string, string> {
  const env: Record<string, string> = {
    ...config.env,
    OPENCODE_SERVER_USERNAME: SERVER_USERNAME,
    OPENCODE_SERVER_PASSWORD: password,
  };
  if (config.permissions === 'auto-edit') env['OPENCODE_PERMISSION'] = JSON.stringify({ edit: 'allow' });
  return env;
}

/** The variable holding the MCP bearer token; opencode's config reads it as `{env:AO_MCP_TOKEN}` (never in argv). */
export const MCP_TOKEN_ENV = 'AO_MCP_TOKEN';

/**
 * ao's MCP server as an opencode `mcp` remote entry, given through `OPENCODE_CONFIG_CONTENT` (merged with the user's
 * config; an inline config the user set there is kept and extended). The token stays in the environment.
 */
export function withMcp(env: Record<string, string>, mcp: AgentLaunchContext['mcp']): Record<string, string> {
  if (!mcp) return env;
  let inline: Record<string, unknown> = {};
  const given = env['OPENCODE_CONFIG_CONTENT'];
  if (given) {
    try {
      inline = JSON.parse(given) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`agents.opencode env OPENCODE_CONFIG_CONTENT is not JSON: ${(err as Error).message}`);
    }
  }
  const servers = (inline['mcp'] as Record<string, unknown> | undefined) ?? {};
  const ao = {
    type: 'remote',
    url: mcp.url,
    enabled: true,
    headers: { Authorization: `Bearer {env:${MCP_TOKEN_ENV}}` },
  };
  return {
    ...env,
    OPENCODE_CONFIG_CONTENT: JSON.stringify({ ...inline, mcp: { ...servers, ao } }),
    [MCP_TOKEN_ENV]: mcp.token,
  };
}

/**
 * Launches the opencode TUI with its server on a port ao chose and a random password, recorded in the session dir
 * for the watcher (which follows the server's `/event` stream).
 */
export async function launchOpencode(
  config: OpencodeConfig,
  ctx: AgentLaunchContext,
  port?: number,
): Promise<AgentLaunchPlan> {
  const p = port ?? (await freePort());
  const password = randomBytes(24).toString('base64url');
  await writeServerInfo(ctx.sessionDir, {
    url: `http://127.0.0.1:${p}`,
    username: SERVER_USERNAME,
    password,
  });
  const resumeId = ctx.resume?.agentSessionId ?? null;
  const prompt = resumeId ? null : ctx.prompt;
  return {
    command: buildOpencodeArgv({ config, port: p, prompt, resumeId }),
    // ao's instructions file (lessons, the orchestrator's role), then ao's MCP server, over the user's inline config.
    env: withMcp(
      {
        ...opencodeEnv(config, password),
        ...(await instructionsEnv(ctx.sessionDir, ctx.systemPrompt, config.env['OPENCODE_CONFIG_CONTENT'])),
      },
      ctx.mcp,
    ),
    prompt: prompt ? { mode: 'argv' } : { mode: 'none' },
    agentSessionId: resumeId,
    model: config.model ?? null,
  };
}
