import type { PluginModule } from '@ao/shared/plugin';
import { containerConfigSchema } from './config';
import { createContainerRuntime } from './container-runtime';

export const configSchema = containerConfigSchema;

export const runtimeContainer = {
  manifest: {
    name: 'container',
    slot: 'runtime',
    description:
      'Runs each session in its own container through the Docker Engine API (Docker, or `podman system service`).',
  },
  configSchema,
  create(config, ctx) {
    return createContainerRuntime({
      ...config,
      dataDir: ctx.dataDir,
      logger: ctx.logger,
      hostEnv: process.env,
      hookListeners: ctx.hookListeners,
    });
  },
} satisfies PluginModule<'runtime', typeof configSchema>;
