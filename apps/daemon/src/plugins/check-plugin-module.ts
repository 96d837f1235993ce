import type { PluginModule, SlotName } from '@ao/shared/plugin';

/** Every slot a plugin can fill. */
export const SLOTS: readonly SlotName[] = [
  'runtime',
  'agent',
  'workspace',
  'tracker',
  'scm',
  'notifier',
  'terminal',
];

/** A plugin's name: what configs write after `agent:`, `runtime:`, ... */
const PLUGIN_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** What is wrong with `mod` as an ao plugin module, or null when it is one. */
export function pluginModuleProblem(mod: unknown): string | null {
  const m = (mod ?? {}) as Partial<Record<keyof PluginModule, unknown>>;
  const manifest = m.manifest as Partial<Record<string, unknown>> | undefined;
  if (!manifest || typeof manifest !== 'object')
    return 'it exports no `manifest` ({ name, slot, description })';
  if (typeof manifest.name !== 'string' || !PLUGIN_NAME.test(manifest.name))
    return `manifest.name must be 1-64 of a-z 0-9 . _ - (got ${JSON.stringify(manifest.name)})`;
  if (typeof manifest.slot !== 'string' || !SLOTS.includes(manifest.slot as SlotName))
    return `manifest.slot must be one of ${SLOTS.join(', ')} (got ${JSON.stringify(manifest.slot)})`;
  if (typeof manifest.description !== 'string') return 'manifest.description must be a string';
  const schema = m.configSchema as { safeParse?: unknown; _zod?: unknown } | undefined;
  if (!schema || typeof schema.safeParse !== 'function' || !schema._zod)
    return '`configSchema` must be a zod (v4) schema of its settings';
  if (typeof m.create !== 'function') return '`create(config, ctx)` must be a function';
  return null;
}

/** The plugin module a loaded ES module exports (as default or as named exports); throws naming what is missing. */
export function asPluginModule(loaded: unknown, source: string): PluginModule {
  const ns = (loaded ?? {}) as { default?: unknown };
  const mod = ns.default ?? ns;
  const problem = pluginModuleProblem(mod);
  if (problem) throw new Error(`${source} is not an ao plugin: ${problem}`);
  return mod as PluginModule;
}
