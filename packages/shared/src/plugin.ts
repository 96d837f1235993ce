import type { z } from 'zod';
import type { Agent } from './plugin/agent';
import type { PluginContext } from './plugin/common';
import type { Notifier, Scm, Tracker } from './plugin/integrations';
import type { Runtime } from './plugin/runtime';
import type { Terminal } from './plugin/terminal';
import type { Workspace } from './plugin/workspace';

/**
 * Plugin slots and their interfaces, one file per slot under `plugin/`. A plugin module is
 * `{ manifest, configSchema, create }`; the registry is typed by slot, so `registry.create('runtime', 'tmux', ...)`
 * returns a `Runtime`.
 */
export * from './plugin/agent';
export * from './plugin/common';
export * from './plugin/integrations';
export * from './plugin/runtime';
export * from './plugin/terminal';
export * from './plugin/tracker-sync';
export * from './plugin/workspace';

export type SlotName = 'runtime' | 'agent' | 'workspace' | 'tracker' | 'scm' | 'notifier' | 'terminal';

export interface SlotTypes {
  runtime: Runtime;
  agent: Agent;
  workspace: Workspace;
  tracker: Tracker;
  scm: Scm;
  notifier: Notifier;
  terminal: Terminal;
}

export interface PluginManifest<S extends SlotName = SlotName> {
  name: string;
  slot: S;
  description: string;
  version?: string;
}

export interface PluginModule<S extends SlotName = SlotName, C extends z.ZodType = z.ZodType> {
  manifest: PluginManifest<S>;
  configSchema: C;
  create(config: z.output<C>, ctx: PluginContext): SlotTypes[S];
}
