import { communitySlots, type InstalledPlugin, parsePackageSpec } from '@ao/shared/api-plugins';
import { AoError, badRequest, conflict, notFound } from '@ao/shared/errors';
import type { Logger, PluginModule, SlotName } from '@ao/shared/plugin';
import type { PluginRegistry } from '../plugins/registry';
import { importPluginPackage } from './import-package';
import type { PluginRecord, PluginsFolder } from './installed-record';
import type { PluginSource } from './npm-cli';
import { searchPlugins } from './search-plugins';

export interface PluginPackagesDeps {
  folder: PluginsFolder;
  registry: PluginRegistry;
  source: PluginSource;
  /** Ids of the live sessions that use a plugin (refuses removing it while there are any). */
  usersOf(slot: SlotName, name: string): string[];
  logger: Logger;
}

const lastLines = (text: string, n = 6) => text.trim().split('\n').slice(-n).join('\n');

/**
 * Community plugins: npm packages installed into `<data dir>/plugins/` (never a user's repository), checked, and
 * registered with the plugin registry; recorded so every start loads them again. Adds and removes run one at a time.
 */
export class PluginPackages {
  private queue: Promise<unknown> = Promise.resolve();
  /** Why a recorded plugin did not load at start, by package. */
  private readonly loadErrors = new Map<string, string>();

  constructor(private readonly deps: PluginPackagesDeps) {}

  list(): InstalledPlugin[] {
    return this.deps.folder.records().map((r) => ({ ...r, error: this.loadErrors.get(r.package) ?? null }));
  }

  /** Registers every recorded plugin (at start, before projects load); one that fails is logged and listed with why. */
  async loadAll(): Promise<void> {
    let records: PluginRecord[];
    try {
      records = this.deps.folder.records();
    } catch (err) {
      // ao still starts (without community plugins); `ao plugins ls` shows the same error.
      this.deps.logger.error({ err: (err as Error).message }, 'community plugins not loaded');
      return;
    }
    for (const record of records) {
      try {
        const mod = await this.importInstalled(record.package);
        if (this.deps.registry.has(mod.manifest.slot, mod.manifest.name))
          throw new Error(
            `"${mod.manifest.name}" is already the name of a loaded ${mod.manifest.slot} plugin`,
          );
        this.deps.registry.register(mod);
      } catch (err) {
        const message = (err as Error).message;
        this.loadErrors.set(record.package, message);
        this.deps.logger.error({ package: record.package, err: message }, 'community plugin not loaded');
      }
    }
  }

  /** Packages published for ao in `registry` (default: npm's configured one) matching `words`. */
  async search(words: string, registry: string | null) {
    this.deps.folder.ensure();
    const url =
      registry ??
      (await this.deps.source.npm.configuredRegistry(this.deps.folder.dir).catch((err: Error) => {
        throw new AoError(
          'registry_unavailable',
          `cannot read npm's registry setting: ${lastLines(err.message, 3)}`,
        );
      }));
    const installed = new Set(this.deps.folder.records().map((r) => r.package));
    return { registry: url, results: await searchPlugins(this.deps.source.fetch, url, words, installed) };
  }

  /** Installs `spec`, checks it is an ao plugin, registers it; a package that fails is uninstalled again. */
  add(spec: string, registry: string | null): Promise<InstalledPlugin> {
    return this.serial(async () => {
      const parsed = parsePackageSpec(spec);
      if (!parsed) throw badRequest(`package: not an npm package spec: ${spec}`, 'package');
      const { folder } = this.deps;
      const { npm } = this.deps.source;
      folder.ensure();
      const previous = folder.records().find((r) => r.package === parsed.name);
      const snapshot = folder.snapshot();
      try {
        await npm.install(folder.dir, spec, registry);
      } catch (err) {
        folder.restore(snapshot);
        throw badRequest(
          `package: npm could not install ${spec}: ${lastLines((err as Error).message)}`,
          'package',
        );
      }
      let record: PluginRecord;
      let mod: PluginModule;
      try {
        ({ record, mod } = await this.check(parsed.name, previous));
      } catch (err) {
        await this.rollBack(parsed.name, previous, snapshot, registry);
        throw badRequest(`package: ${(err as Error).message}; nothing was registered`, 'package');
      }
      if (previous) this.deps.registry.unregister(previous.slot as SlotName, previous.name);
      this.deps.registry.register(mod);
      this.loadErrors.delete(record.package);
      folder.save([...folder.records().filter((r) => r.package !== record.package), record]);
      this.deps.logger.info({ package: record.package, version: record.version }, 'community plugin added');
      return { ...record, error: null };
    });
  }

  /** Unregisters and uninstalls a community plugin; refused while a live session uses it. */
  remove(packageName: string): Promise<InstalledPlugin> {
    return this.serial(async () => {
      const { folder, registry } = this.deps;
      const record = folder.records().find((r) => r.package === packageName);
      if (!record)
        throw notFound(`no community plugin "${packageName}" is installed (see \`ao plugins ls\`)`);
      const users = this.deps.usersOf(record.slot as SlotName, record.name);
      if (users.length)
        throw conflict(
          `${record.package} (${record.slot} plugin "${record.name}") is used by live session(s) ${users.join(', ')}: kill them first`,
        );
      registry.unregister(record.slot as SlotName, record.name);
      folder.save(folder.records().filter((r) => r.package !== record.package));
      this.loadErrors.delete(record.package);
      try {
        await this.deps.source.npm.uninstall(folder.dir, record.package);
      } catch (err) {
        // Unregistered already (it is no longer loaded at start); the files stay until the next add or remove.
        this.deps.logger.warn(
          { package: record.package, err: (err as Error).message },
          'npm uninstall failed',
        );
      }
      return { ...record, error: null };
    });
  }

  private async importInstalled(name: string): Promise<PluginModule> {
    const { folder } = this.deps;
    return importPluginPackage(folder.packageDir(name), folder.packageJson(name), name);
  }

  /** The installed package is an ao plugin of a community slot, agrees with its `ao` field, and its name is free. */
  private async check(
    name: string,
    previous: PluginRecord | undefined,
  ): Promise<{ record: PluginRecord; mod: PluginModule }> {
    const pkg = this.deps.folder.packageJson(name);
    const mod = await this.importInstalled(name);
    const { slot, name: pluginName, description } = mod.manifest;
    if (!(communitySlots as readonly string[]).includes(slot))
      throw new Error(`${name}: manifest.slot "${slot}" is not one of ${communitySlots.join(', ')}`);
    const ao = pkg.ao as { slot?: unknown; name?: unknown } | undefined;
    if (ao && (ao.slot !== slot || ao.name !== pluginName))
      throw new Error(
        `${name}: its package.json "ao" field (${JSON.stringify(ao)}) does not match its manifest (slot "${slot}", name "${pluginName}")`,
      );
    const same = previous?.slot === slot && previous.name === pluginName;
    if (!same && this.deps.registry.has(slot, pluginName))
      throw new Error(`${name}: "${pluginName}" is already the name of a loaded ${slot} plugin`);
    const record: PluginRecord = {
      package: name,
      version: String(pkg.version ?? ''),
      slot,
      name: pluginName,
      description,
      addedAt: new Date().toISOString(),
    };
    return { record, mod };
  }

  /** Puts the plugins folder back as it was before a failed add. */
  private async rollBack(
    name: string,
    previous: PluginRecord | undefined,
    snapshot: Record<string, string | null>,
    registry: string | null,
  ): Promise<void> {
    try {
      if (previous) {
        this.deps.folder.restore(snapshot);
        await this.deps.source.npm.sync(this.deps.folder.dir, registry);
      } else {
        await this.deps.source.npm.uninstall(this.deps.folder.dir, name);
      }
    } catch (err) {
      this.deps.logger.error(
        { package: name, err: (err as Error).message },
        'rolling back a plugin add failed',
      );
      throw new AoError(
        'internal',
        `${name} is not an ao plugin, and removing it again failed (see \`ao logs\`)`,
      );
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
