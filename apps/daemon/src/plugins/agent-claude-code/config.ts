import { z } from 'zod';
import { agentSettings } from '../agent-shared';
import { pricingSchema } from '../agent-shared/pricing';

export const claudeCodeConfigSchema = z
  .object({
    ...agentSettings({
      binary: 'claude',
      permissions:
        'default: ask; auto-edit: --permission-mode acceptEdits; skip: --dangerously-skip-permissions',
      model: 'Passed as --model (any name the API accepts)',
    }),
    configDir: z
      .string()
      .min(1)
      .optional()
      .describe("CLAUDE_CONFIG_DIR for the agent; default the user's (~/.claude and ~/.claude.json)"),
    pricing: pricingSchema
      .optional()
      .describe('Dollars per million tokens by model-name prefix; `default` as fallback'),
  })
  .strict();

export type ClaudeCodeConfig = z.output<typeof claudeCodeConfigSchema>;
