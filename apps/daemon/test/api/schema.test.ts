import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/config-json-schema';
import { builtinPlugins } from '../../src/plugins/builtin';

describe('schema/ao.config.schema.json', () => {
  it('is the JSON Schema generated from the zod config schema and the built-in plugin schemas (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../../schema/ao.config.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema(builtinPlugins))));
    expect(committed.properties.agents.properties['claude-code'].properties.permissions.enum).toContain(
      'skip',
    );
  });
});
