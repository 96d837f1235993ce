import type { Agent, PluginModule } from '@ao/shared/plugin';
import { type AiderConfig, aiderConfigSchema } from './config';
import { launchAider } from './launch';
import { watchAider } from './watch';

/** aider (interactive): user turns from its chat history file, idle and prompts from the screen. */
export const agentAider = {
  manifest: {
    name: 'aider',
    slot: 'agent',
    description: 'aider, interactive; watched through its chat history',
  },
  configSchema: aiderConfigSchema,
  create(config: AiderConfig): Agent {
    return {
      canResume: true,
      // aider's confirmations: "(Y)es/(N)o [Yes]:" — 'y' then Enter.
      approveKeys: ['y', 'Enter'],
      launch: async (ctx) => launchAider(config, ctx),
      watch: (ctx, emit) => watchAider(ctx, emit),
    };
  },
} satisfies PluginModule<'agent', typeof aiderConfigSchema>;

export { type AiderConfig, aiderConfigSchema } from './config';
