import { z } from 'zod';
import { agentSettings } from '../agent-shared';

export const opencodeConfigSchema = z
  .object({
    ...agentSettings({
      binary: 'opencode',
      permissions: 'default: opencode asks; auto-edit: OPENCODE_PERMISSION {"edit":"allow"}; skip: --auto',
      model: 'Passed as --model, in the form provider/model',
      args: 'Extra arguments for the opencode TUI',
    }),
  })
  .strict();

export type OpencodeConfig = z.output<typeof opencodeConfigSchema>;
