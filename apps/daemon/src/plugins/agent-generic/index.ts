import type { Agent, PluginModule } from '@ao/shared/plugin';
import { z } from 'zod';

const configSchema = z
  .object({
    command: z
      .array(z.string().min(1))
      .min(1)
      .describe('The program and its arguments, e.g. ["aider", "--model", "x"]'),
    prompt: z
      .enum(['argv', 'type', 'none'])
      .default('type')
      .describe('How the prompt reaches the agent: appended to argv, typed into its terminal, or not at all'),
    promptFlag: z.string().optional().describe('With prompt: argv, a flag put before the prompt (e.g. "-m")'),
    typeDelayMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(800)
      .describe('With prompt: type, wait before typing'),
    env: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** Runs any command as an agent. Its activity comes from the screen only (lowest confidence). */
export const agentGeneric = {
  manifest: { name: 'generic', slot: 'agent', description: 'Any CLI agent, run as configured' },
  configSchema,
  create(config): Agent {
    return {
      canResume: false,
      async launch(ctx) {
        const command = [...config.command];
        let prompt: Awaited<ReturnType<Agent['launch']>>['prompt'] = { mode: 'none' };
        if (ctx.prompt && config.prompt === 'argv') {
          if (config.promptFlag) command.push(config.promptFlag);
          command.push(ctx.prompt);
          prompt = { mode: 'argv' };
        } else if (ctx.prompt && config.prompt === 'type') {
          prompt = { mode: 'type', text: ctx.prompt, delayMs: config.typeDelayMs };
        }
        // Any program can report home: POST to AO_HOOK_URL with the header `X-Ao-Hook-Secret: $AO_HOOK_SECRET`.
        const env: Record<string, string> = {
          ...config.env,
          AO_HOOK_URL: ctx.hookUrl,
          AO_HOOK_SECRET: ctx.hookSecret,
        };
        // Any program may speak MCP: ao's server and this session's scoped token, in the environment only.
        if (ctx.mcp) Object.assign(env, { AO_MCP_URL: ctx.mcp.url, AO_MCP_TOKEN: ctx.mcp.token });
        return { command, env, prompt, agentSessionId: null, model: null };
      },
    };
  },
} satisfies PluginModule<'agent', typeof configSchema>;
