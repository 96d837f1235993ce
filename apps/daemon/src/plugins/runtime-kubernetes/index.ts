import { kubernetesConfigSchema } from '@ao/shared/config-kubernetes';
import type { PluginModule } from '@ao/shared/plugin';
import { createKubernetesRuntime } from './kubernetes-runtime';

export const configSchema = kubernetesConfigSchema;

export const runtimeKubernetes = {
  manifest: {
    name: 'kubernetes',
    slot: 'runtime',
    description:
      'Runs each session as a Pod through the Kubernetes API (verified against a fake API server and `podman kube play`, not yet on a real cluster).',
  },
  configSchema,
  create(config, ctx) {
    return createKubernetesRuntime({ ...config, dataDir: ctx.dataDir, logger: ctx.logger });
  },
} satisfies PluginModule<'runtime', typeof configSchema>;
