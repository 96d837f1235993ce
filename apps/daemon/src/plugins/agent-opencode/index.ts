import type { Agent, PluginModule } from '@ao/shared/plugin';
import { type OpencodeConfig, opencodeConfigSchema } from './config';
import { launchOpencode } from './launch';
import { probeOpencode } from './probe';
import { watchOpencode } from './watch';

/** OpenCode (TUI): status from its own server's event stream (`session.status`: idle | busy | retry). */
export const agentOpencode = {
  manifest: {
    name: 'opencode',
    slot: 'agent',
    description: 'OpenCode TUI, watched through its server events',
  },
  configSchema: opencodeConfigSchema,
  create(config: OpencodeConfig): Agent {
    return {
      canResume: true,
      launch: (ctx) => launchOpencode(config, ctx),
      watch: (ctx, emit) => watchOpencode(ctx, emit),
      probe: (ctx) => probeOpencode(ctx),
    };
  },
} satisfies PluginModule<'agent', typeof opencodeConfigSchema>;

export { type OpencodeConfig, opencodeConfigSchema } from './config';
