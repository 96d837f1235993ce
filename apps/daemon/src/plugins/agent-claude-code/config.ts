import { z } from 'zod';
import { pricingSchema } from '../agent-shared/pricing';

export const claudeCodeConfigSchema = z
  .object({
    model: z.string().min(1).optional().describe('Passed as --model (any name the API accepts)'),
    permissions: z
      .enum(['default', 'auto-edit', 'skip'])
      .default('default')
      .describe(
        'default: ask; auto-edit: --permission-mode acceptEdits; skip: --dangerously-skip-permissions',
      ),
    args: z.array(z.string()).default([]).describe('Extra arguments appended to the command line'),
    env: z.record(z.string(), z.string()).default({}).describe('Extra environment for the agent'),
    binary: z
      .string()
      .min(1)
      .default('claude')
      .describe('The claude executable (name on PATH or absolute path)'),
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
