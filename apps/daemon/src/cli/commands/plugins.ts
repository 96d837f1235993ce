import type { InstalledPlugin, PluginSearchResult } from '@ao/shared/api-plugins';
import type { Command } from 'commander';
import type { Client } from '../client';
import { table } from '../format';

interface RegistryOption {
  registry?: string;
}

const installedTable = (plugins: InstalledPlugin[]) =>
  table([
    ['PACKAGE', 'VERSION', 'SLOT', 'NAME', 'DESCRIPTION'],
    ...plugins.map((p) => [
      p.package,
      p.version,
      p.slot,
      p.name,
      p.error ? `NOT LOADED: ${p.error}` : p.description,
    ]),
  ]);

async function search(client: Client, words: string[], opts: RegistryOption & { json?: boolean }) {
  const query = new URLSearchParams({ q: words.join(' ') });
  if (opts.registry) query.set('registry', opts.registry);
  const reply = await client.get<{ registry: string; results: PluginSearchResult[] }>(
    `/api/plugins/search?${query}`,
  );
  if (opts.json) return console.log(JSON.stringify(reply.results, null, 2));
  if (!reply.results.length) return console.log(`no ao plugins found in ${reply.registry}`);
  console.log(
    table([
      ['PACKAGE', 'VERSION', 'SLOT', 'NAME', 'DESCRIPTION'],
      ...reply.results.map((r) => [
        r.installed ? `${r.package} (installed)` : r.package,
        r.version,
        r.slot ?? '?',
        r.name ?? '?',
        r.description,
      ]),
    ]),
  );
}

async function add(client: Client, spec: string, opts: RegistryOption) {
  const { plugin } = await client.post<{ plugin: InstalledPlugin }>('/api/plugins', {
    package: spec,
    ...(opts.registry ? { registry: opts.registry } : {}),
  });
  const key = {
    agent: 'agents',
    runtime: 'runtimes',
    workspace: 'workspaces',
    tracker: 'trackers',
    scm: 'scms',
  }[plugin.slot];
  console.log(`added ${plugin.package}@${plugin.version}: ${plugin.slot} plugin "${plugin.name}"`);
  console.log(
    plugin.slot === 'notifier'
      ? `use it in ao.config.yaml: notifiers: { ${plugin.name}: {...}, routing: {...} }`
      : `use it in ao.config.yaml: ${plugin.slot}: ${plugin.name}   (its settings under ${key}.${plugin.name})`,
  );
}

async function ls(client: Client, opts: { json?: boolean }) {
  const { plugins } = await client.get<{ plugins: InstalledPlugin[] }>('/api/plugins');
  if (opts.json) return console.log(JSON.stringify(plugins, null, 2));
  if (!plugins.length) return console.log('no community plugins installed (find some: ao plugins search)');
  console.log(installedTable(plugins));
}

async function remove(client: Client, name: string) {
  const { plugin } = await client.request<{ plugin: InstalledPlugin }>(
    'DELETE',
    `/api/plugins/${encodeURIComponent(name)}`,
  );
  console.log(`removed ${plugin.package} (${plugin.slot} plugin "${plugin.name}")`);
}

/** `ao plugins search|add|ls|remove`: community plugins from npm, installed by the daemon into its data dir. */
export function pluginCommands(program: Command, client: () => Client): void {
  const plugins = program
    .command('plugins')
    .description('community plugins from npm: search, add, ls, remove (installed in <data dir>/plugins/)')
    .addHelpText(
      'after',
      `
Plugins are npm packages with the keyword "ao-plugin" and an "ao": {"slot", "name"} field in their package.json.
The daemon installs them into <data dir>/plugins/ (never your repository), without running install scripts, checks
that each is an ao plugin, and loads them at every start. Write your own from templates/ao-plugin/.

Examples:
  ao plugins search slack
  ao plugins add ao-plugin-foo@^1.2.0
  ao plugins add @acme/ao-agent-bar --registry https://npm.acme.internal/
  ao plugins ls
  ao plugins remove ao-plugin-foo`,
    );

  plugins
    .command('search [words...]')
    .description('list npm packages published for ao (keyword ao-plugin), with their slot and description')
    .option('--registry <url>', 'npm registry (default: the one npm is configured with)')
    .option('--json', 'machine-readable output')
    .action((words: string[], opts) => search(client(), words, opts));

  plugins
    .command('add <package>')
    .description('install a plugin (name, name@version or name@range), check it, and register it')
    .option('--registry <url>', 'npm registry (default: the one npm is configured with)')
    .action((spec: string, opts: RegistryOption) => add(client(), spec, opts));

  plugins
    .command('ls')
    .description('the installed community plugins (and why one did not load, if any)')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => ls(client(), opts));

  plugins
    .command('remove <package>')
    .alias('rm')
    .description('unregister and uninstall a plugin (refused while a live session uses it)')
    .action((name: string) => remove(client(), name));
}
