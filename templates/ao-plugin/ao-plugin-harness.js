// Checks that a module is a valid ao plugin, the way ao checks it when `ao plugins add` installs it, plus what a
// plugin should do beyond that. Needs nothing but node and the plugin's own zod. Keep this file as it is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** The slots a community plugin can fill, and the methods `create()` must return for each. */
export const SLOT_METHODS = {
  agent: ['launch'],
  runtime: [
    'spawn',
    'stateMany',
    'listOwned',
    'sendText',
    'sendKeys',
    'capture',
    'kill',
    'pid',
    'attachCommand',
    'openTerminal',
  ],
  workspace: ['create', 'state', 'remove'],
  tracker: ['getIssue', 'listOpen', 'promptFor'],
  scm: ['findPr', 'getPr', 'createPr', 'merge', 'failedCheckDetails', 'reviewBodies', 'stats'],
  notifier: ['send'],
};

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** What ao gives every plugin's `create(config, ctx)`. */
export function fakeContext() {
  return {
    dataDir: tmpdir(),
    logger: quiet,
    exec: async () => ({ stdout: '', stderr: '' }),
  };
}

/**
 * Asserts `mod` (the module's default export) is an ao plugin: a manifest agreeing with package.json's "ao" field, a
 * zod (v4) configSchema accepting `validSettings` and refusing `invalidSettings`, and a create() giving the slot's
 * methods. Returns the created instance.
 */
export function assertAoPlugin(mod, { packageJsonUrl, validSettings = {}, invalidSettings }) {
  const pkg = JSON.parse(readFileSync(packageJsonUrl, 'utf8'));
  assert.ok(
    pkg.keywords?.includes('ao-plugin'),
    'package.json keywords must include "ao-plugin" (search finds it)',
  );
  assert.ok(mod && typeof mod === 'object', 'the module must have a default export');
  const { manifest, configSchema, create } = mod;
  assert.ok(manifest, 'it must export a manifest');
  assert.match(manifest.name, /^[a-z0-9][a-z0-9._-]{0,63}$/, 'manifest.name: 1-64 of a-z 0-9 . _ -');
  assert.ok(
    Object.keys(SLOT_METHODS).includes(manifest.slot),
    `manifest.slot: one of ${Object.keys(SLOT_METHODS)}`,
  );
  assert.equal(typeof manifest.description, 'string', 'manifest.description must be a string');
  assert.deepEqual(
    { slot: pkg.ao?.slot, name: pkg.ao?.name },
    { slot: manifest.slot, name: manifest.name },
    'package.json "ao" field must match the manifest',
  );
  assert.ok(
    configSchema?._zod && typeof configSchema.safeParse === 'function',
    'configSchema must be a zod v4 schema',
  );
  const parsed = configSchema.safeParse(validSettings);
  assert.ok(
    parsed.success,
    `configSchema refuses ${JSON.stringify(validSettings)}: ${parsed.error?.message}`,
  );
  if (invalidSettings !== undefined)
    assert.equal(
      configSchema.safeParse(invalidSettings).success,
      false,
      'configSchema must refuse bad settings',
    );
  assert.equal(typeof create, 'function', 'create(config, ctx) must be a function');
  const instance = create(parsed.data, fakeContext());
  for (const method of SLOT_METHODS[manifest.slot])
    assert.equal(typeof instance[method], 'function', `a ${manifest.slot} plugin must have ${method}()`);
  return instance;
}
