import { projectConfigJsonSchema } from '@ao/shared/config';
import type { PluginModule, SlotName } from '@ao/shared/plugin';
import { z } from 'zod';

const SETTINGS: Record<string, SlotName> = {
  agents: 'agent',
  runtimes: 'runtime',
  workspaces: 'workspace',
  trackers: 'tracker',
  scms: 'scm',
  terminals: 'terminal',
};

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/**
 * The JSON Schema of `ao.config.yaml` with every built-in plugin's settings spelled out (`agents.claude-code.model`,
 * ...), so editors complete and check them too. Settings of plugins ao does not ship stay free-form.
 */
export function configJsonSchema(plugins: readonly PluginModule[]): JsonSchema {
  const schema = projectConfigJsonSchema() as JsonSchema;
  const props = schema.properties ?? {};
  for (const [key, slot] of Object.entries(SETTINGS)) {
    const ofSlot = plugins.filter((p) => p.manifest.slot === slot);
    const properties = Object.fromEntries(
      ofSlot.map((p) => {
        const own = z.toJSONSchema(p.configSchema, {
          io: 'input',
          target: 'draft-7',
          unrepresentable: 'any',
        });
        const { $schema: _drop, ...rest } = own as Record<string, unknown>;
        return [p.manifest.name, { ...rest, description: p.manifest.description }];
      }),
    );
    props[key] = { ...props[key], type: 'object', properties, additionalProperties: { type: 'object' } };
  }
  const notifiers = plugins.filter((p) => p.manifest.slot === 'notifier');
  const n = props.notifiers as JsonSchema | undefined;
  if (n) {
    n.properties = {
      ...n.properties,
      ...Object.fromEntries(
        notifiers.map((p) => {
          const { $schema: _drop, ...rest } = z.toJSONSchema(p.configSchema, {
            io: 'input',
            target: 'draft-7',
            unrepresentable: 'any',
          }) as Record<string, unknown>;
          return [p.manifest.name, { ...rest, description: p.manifest.description }];
        }),
      ),
    };
  }
  return schema;
}
