import type { HookListeners, Logger, PluginModule } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { exec } from '../util/exec';
import { builtinPlugins } from './builtin';
import { PluginRegistry } from './registry';

declare module 'fastify' {
  interface FastifyInstance {
    registry: PluginRegistry;
  }
}

export interface RegistryResourceOptions {
  dataDir: string;
  logger: Logger;
  /** Plugin modules beside the built-in ones (tests register fake runtimes and agents here). */
  extraPlugins?: readonly PluginModule[];
  /** Hook-only listeners on more addresses (the container runtime's ao-only network). */
  hookListeners?: HookListeners;
}

/** The `registry` resource: every plugin module, typed by slot; closes the instances that hold something. */
export const registryResource = fp<RegistryResourceOptions>(
  async (app, opts) => {
    const registry = new PluginRegistry({
      dataDir: opts.dataDir,
      logger: opts.logger,
      exec,
      hookListeners: opts.hookListeners,
    });
    for (const mod of [...builtinPlugins, ...(opts.extraPlugins ?? [])]) registry.register(mod);
    app.decorate('registry', registry);
    app.addHook('onClose', async () => {
      for (const slot of ['runtime', 'agent', 'workspace', 'tracker', 'scm', 'notifier'] as const) {
        for (const instance of registry.created(slot)) {
          const closable = instance as { close?: () => Promise<void> };
          if (typeof closable.close === 'function') await closable.close();
        }
      }
    });
  },
  { name: 'registry' },
);
