import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinPlugins } from '../plugins/builtin';
import { PluginRegistry } from '../plugins/registry';
import { exec } from '../util/exec';
import { PluginsFolder } from './installed-record';
import type { NpmCli } from './npm-cli';
import { PluginPackages } from './plugin-packages';

const ZOD = pathToFileURL(createRequire(import.meta.url).resolve('zod')).href;
const logger = pino({ level: 'silent' });

/** A package in the fake registry: its package.json fields and its module's source. */
interface Published {
  version: string;
  ao?: Record<string, unknown>;
  source: string;
}

const plugin = (slot: string, name: string, extra = '') => `
import { z } from '${ZOD}';
export default {
  manifest: { name: '${name}', slot: '${slot}', description: '${name} ${extra}' },
  configSchema: z.object({}).strict(),
  create() { return { canResume: false, async launch() { return {}; } }; },
};`;

/**
 * npm, played on the file system: `install` puts the published package in node_modules and records it in package.json;
 * `uninstall` takes it out; `sync` installs what package.json says. The code under test is the real one around it.
 */
function fakeNpm(registry: Map<string, Published>, storage: string): NpmCli & { calls: string[] } {
  const calls: string[] = [];
  const put = (prefix: string, name: string) => {
    const p = registry.get(name);
    if (!p) throw new Error(`npm error 404 Not Found - GET ${name}`);
    const dir = join(prefix, 'node_modules', name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const src = join(storage, `${name}-${p.version}`);
    mkdirSync(src, { recursive: true });
    writeFileSync(
      join(src, 'package.json'),
      JSON.stringify({ name, version: p.version, type: 'module', ao: p.ao }),
    );
    writeFileSync(join(src, 'index.js'), p.source);
    cpSync(src, dir, { recursive: true });
    return p.version;
  };
  const deps = (prefix: string, change: (d: Record<string, string>) => void) => {
    const file = join(prefix, 'package.json');
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    pkg.dependencies ??= {};
    change(pkg.dependencies);
    writeFileSync(file, JSON.stringify(pkg));
  };
  return {
    calls,
    async install(prefix, spec) {
      calls.push(`install ${spec}`);
      const name = spec.replace(/(.)@.*$/, '$1');
      const version = put(prefix, name);
      deps(prefix, (d) => {
        d[name] = `^${version}`;
      });
    },
    async sync(prefix) {
      calls.push('sync');
      const pkg = JSON.parse(readFileSync(join(prefix, 'package.json'), 'utf8'));
      for (const name of Object.keys(pkg.dependencies ?? {})) put(prefix, name);
    },
    async uninstall(prefix, name) {
      calls.push(`uninstall ${name}`);
      rmSync(join(prefix, 'node_modules', name), { recursive: true, force: true });
      deps(prefix, (d) => {
        delete d[name];
      });
    },
    async configuredRegistry() {
      return 'http://registry.test/';
    },
  };
}

describe('PluginPackages', () => {
  let root: string;
  let published: Map<string, Published>;
  let npm: ReturnType<typeof fakeNpm>;
  let registry: PluginRegistry;
  let users: string[];
  const make = () =>
    new PluginPackages({
      folder: new PluginsFolder(join(root, 'plugins')),
      registry,
      source: { npm, fetch },
      usersOf: () => users,
      logger,
    });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ao-plugin-packages-'));
    published = new Map();
    npm = fakeNpm(published, join(root, 'storage'));
    registry = new PluginRegistry({ dataDir: root, logger, exec });
    for (const mod of builtinPlugins) registry.register(mod);
    users = [];
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('adds, lists, loads again in a new daemon, and updates in place', async () => {
    published.set('ao-plugin-one', {
      version: '1.0.0',
      ao: { slot: 'agent', name: 'one' },
      source: plugin('agent', 'one', 'v1'),
    });
    const packages = make();
    const added = await packages.add('ao-plugin-one', null);
    expect(added).toMatchObject({
      package: 'ao-plugin-one',
      version: '1.0.0',
      slot: 'agent',
      name: 'one',
      error: null,
    });
    expect(registry.has('agent', 'one')).toBe(true);

    const fresh = new PluginRegistry({ dataDir: root, logger, exec });
    const again = new PluginPackages({
      ...{ folder: new PluginsFolder(join(root, 'plugins')), registry: fresh },
      source: { npm, fetch },
      usersOf: () => [],
      logger,
    });
    await again.loadAll();
    expect(fresh.module('agent', 'one').manifest.description).toBe('one v1');

    published.set('ao-plugin-one', {
      version: '1.1.0',
      ao: { slot: 'agent', name: 'one' },
      source: plugin('agent', 'one', 'v2'),
    });
    expect(await packages.add('ao-plugin-one@^1.1.0', null)).toMatchObject({ version: '1.1.0' });
    expect(registry.module('agent', 'one').manifest.description).toBe('one v2'); // the new code, not the cached one
    expect(packages.list()).toHaveLength(1);
  });

  it.each([
    [
      'a built-in name',
      { slot: 'agent', name: 'generic' },
      plugin('agent', 'generic'),
      '"generic" is already the name of a loaded agent plugin',
    ],
    [
      'an ao field that disagrees',
      { slot: 'notifier', name: 'two' },
      plugin('agent', 'two'),
      'does not match its manifest',
    ],
    [
      'a slot no community plugin fills',
      undefined,
      plugin('terminal', 'two'),
      'manifest.slot "terminal" is not one of',
    ],
    [
      'no plugin at all',
      undefined,
      'export default { hello: 1 };',
      'is not an ao plugin: it exports no `manifest`',
    ],
    ['a module that throws', undefined, 'throw new Error("boom at import");', 'boom at import'],
  ])('refuses %s, uninstalls it again, registers nothing', async (_what, ao, source, message) => {
    published.set('ao-plugin-two', { version: '1.0.0', ao, source });
    const packages = make();
    await expect(packages.add('ao-plugin-two', null)).rejects.toMatchObject({
      status: 400,
      field: 'package',
      message: expect.stringContaining(message),
    });
    expect(npm.calls).toEqual(['install ao-plugin-two', 'uninstall ao-plugin-two']);
    expect(existsSync(join(root, 'plugins', 'node_modules', 'ao-plugin-two'))).toBe(false);
    expect(packages.list()).toEqual([]);
    expect(registry.has('agent', 'two')).toBe(false);
  });

  it('a failed update puts the previous version back', async () => {
    published.set('ao-plugin-one', {
      version: '1.0.0',
      ao: { slot: 'agent', name: 'one' },
      source: plugin('agent', 'one', 'v1'),
    });
    const packages = make();
    await packages.add('ao-plugin-one', null);
    published.set('ao-plugin-one', { version: '2.0.0', source: 'export default {};' });
    await expect(packages.add('ao-plugin-one@2.0.0', null)).rejects.toMatchObject({ status: 400 });
    expect(npm.calls.at(-1)).toBe('sync');
    expect(packages.list()).toMatchObject([{ version: '1.0.0' }]);
    expect(registry.module('agent', 'one').manifest.description).toBe('one v1');
  });

  it('remove: 404 when not installed, 409 while a live session uses it, else gone', async () => {
    published.set('ao-plugin-one', {
      version: '1.0.0',
      ao: { slot: 'agent', name: 'one' },
      source: plugin('agent', 'one'),
    });
    const packages = make();
    await expect(packages.remove('ao-plugin-one')).rejects.toMatchObject({ status: 404 });
    await packages.add('ao-plugin-one', null);
    users = ['demo-3'];
    await expect(packages.remove('ao-plugin-one')).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('demo-3'),
    });
    expect(registry.has('agent', 'one')).toBe(true);
    users = [];
    await packages.remove('ao-plugin-one');
    expect(registry.has('agent', 'one')).toBe(false);
    expect(packages.list()).toEqual([]);
    expect(npm.calls.at(-1)).toBe('uninstall ao-plugin-one');
  });
});
