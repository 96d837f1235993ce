import { readFileSync } from 'node:fs';
import { projectConfigJsonSchema } from '@ao/shared/config';
import { describe, expect, it } from 'vitest';

describe('schema/ao.config.schema.json', () => {
  it('is the JSON Schema generated from the zod config schema (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../../schema/ao.config.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(projectConfigJsonSchema());
  });
});
