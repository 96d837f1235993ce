import { z } from 'zod';

/**
 * The settings every agent plugin takes (`model`, `permissions`, `args`, `env`, `binary`); each plugin adds its own
 * and documents what its permission modes mean for its CLI.
 */
export function agentSettings(o: { binary: string; model?: string; permissions: string; args?: string }) {
  return {
    model: z
      .string()
      .min(1)
      .optional()
      .describe(o.model ?? 'Passed as --model'),
    permissions: z.enum(['default', 'auto-edit', 'skip']).default('default').describe(o.permissions),
    args: z
      .array(z.string())
      .default([])
      .describe(o.args ?? 'Extra arguments appended to the command line'),
    env: z.record(z.string(), z.string()).default({}).describe('Extra environment for the agent'),
    binary: z
      .string()
      .min(1)
      .default(o.binary)
      .describe(`The ${o.binary} executable (name on PATH or absolute path)`),
  };
}
