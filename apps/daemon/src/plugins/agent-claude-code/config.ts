import { z } from 'zod';
import { agentSettings } from '../agent-shared';
import { pricingSchema } from '../agent-shared/pricing';

export const claudeCodeConfigSchema = z
  .object({
    ...agentSettings({
      binary: 'claude',
      permissions:
        'default: ask before every tool (--permission-mode default; Claude Code 2.1.3xx would otherwise start in its auto mode); auto-edit: --permission-mode acceptEdits; skip: --dangerously-skip-permissions',
      model: 'Passed as --model (any name the API accepts)',
    }),
    configDir: z
      .string()
      .min(1)
      .optional()
      .describe("CLAUDE_CONFIG_DIR for the agent; default the user's (~/.claude and ~/.claude.json)"),
    hooks: z
      .enum(['http', 'command'])
      .default('http')
      .describe(
        'How Claude reports its hook events: http (Claude POSTs them to the daemon, no process per event; SessionStart still runs a command) or command (a small Node script per event). http falls back to command when a Claude settings file restricts allowedHttpHookUrls',
      ),
    pricing: pricingSchema
      .optional()
      .describe('Dollars per million tokens by model-name prefix; `default` as fallback'),
  })
  .strict();

export type ClaudeCodeConfig = z.output<typeof claudeCodeConfigSchema>;
