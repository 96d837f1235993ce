import type { PluginModule } from '@ao/shared/plugin';
import { agentGeneric } from './agent-generic';

/** Every plugin that ships with ao. */
export const builtinPlugins: PluginModule[] = [agentGeneric as unknown as PluginModule];
