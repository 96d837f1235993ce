import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AoError } from '@ao/shared/errors';
import type { PluginContext, PluginModule, SlotName, SlotTypes } from '@ao/shared/plugin';
import { type IssueProblem, zodProblems } from '../config/zod-problems';
import { asPluginModule } from './check-plugin-module';

export class PluginNotFoundError extends AoError {
  constructor(slot: SlotName, name: string, known: string[]) {
    super(
      'plugin_not_found',
      `unknown ${slot} plugin "${name}"; known: ${known.length ? known.join(', ') : '(none)'}`,
      slot,
    );
  }
}

/**
 * Thrown when a plugin's settings do not fit its schema, with every issue (`issues`, paths relative to the settings);
 * `issuePath` is the first one's.
 */
export class PluginConfigError extends Error {
  readonly issuePath: PropertyKey[];

  constructor(
    readonly slot: SlotName,
    readonly plugin: string,
    readonly issues: IssueProblem[],
  ) {
    super(`${slot} plugin "${plugin}": ${issues.map(describeIssue).join('; ')}`);
    this.issuePath = issues[0]?.path ?? [];
  }
}

const describeIssue = (i: IssueProblem) =>
  `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`;

/** The plugins ao knows, typed by slot: `create('runtime', 'tmux', ...)` returns a `Runtime`. */
export class PluginRegistry {
  private readonly modules = new Map<string, PluginModule>();
  private readonly instances = new Map<string, { slot: SlotName; instance: unknown }>();
  private readonly listeners = new Set<(slot: SlotName, instance: unknown) => void>();

  constructor(private readonly ctx: PluginContext) {}

  register(mod: PluginModule): void {
    const key = `${mod.manifest.slot}:${mod.manifest.name}`;
    if (this.modules.has(key))
      throw new Error(`duplicate ${mod.manifest.slot} plugin "${mod.manifest.name}"`);
    this.modules.set(key, mod);
  }

  /** Forgets a plugin and its instances (closing those that hold something); false when it was not registered. */
  unregister(slot: SlotName, name: string): boolean {
    if (!this.modules.delete(`${slot}:${name}`)) return false;
    for (const [key, { instance }] of this.instances) {
      if (!key.startsWith(`${slot}:${name}:`)) continue;
      this.instances.delete(key);
      const closable = instance as { close?: () => Promise<void> };
      if (typeof closable.close === 'function')
        closable.close().catch((err: Error) => this.ctx.logger.warn({ err: err.message }, `closing ${key}`));
    }
    return true;
  }

  names(slot: SlotName): string[] {
    return [...this.modules.values()].filter((m) => m.manifest.slot === slot).map((m) => m.manifest.name);
  }

  has(slot: SlotName, name: string): boolean {
    return this.modules.has(`${slot}:${name}`);
  }

  module<S extends SlotName>(slot: S, name: string): PluginModule<S> {
    const mod = this.modules.get(`${slot}:${name}`);
    if (!mod) throw new PluginNotFoundError(slot, name, this.names(slot));
    return mod as unknown as PluginModule<S>;
  }

  /** Checks settings against the plugin's schema without creating it; a PluginConfigError lists every issue. */
  check(slot: SlotName, name: string, settings: unknown): void {
    const schema = this.module(slot, name).configSchema;
    const parsed = schema.safeParse(settings ?? {});
    if (!parsed.success) {
      const issues = zodProblems(schema, parsed.error);
      throw new PluginConfigError(
        slot,
        name,
        issues.length ? issues : [{ path: [], message: 'invalid settings' }],
      );
    }
  }

  /** The plugin instance for these settings (one instance per distinct settings). */
  create<S extends SlotName>(slot: S, name: string, settings: unknown): SlotTypes[S] {
    const key = `${slot}:${name}:${JSON.stringify(settings ?? {})}`;
    const cached = this.instances.get(key);
    if (cached) return cached.instance as SlotTypes[S];
    this.check(slot, name, settings);
    const mod = this.module(slot, name);
    const instance = mod.create(mod.configSchema.parse(settings ?? {}), this.ctx);
    this.instances.set(key, { slot, instance });
    for (const listener of this.listeners) listener(slot, instance);
    return instance;
  }

  /** Every instance of a slot created so far. */
  created<S extends SlotName>(slot: S): Array<SlotTypes[S]> {
    return [...this.instances.values()].filter((i) => i.slot === slot).map((i) => i.instance as SlotTypes[S]);
  }

  /** Calls `listener` for every instance created from now on (e.g. to follow each runtime's events). */
  onCreate(listener: (slot: SlotName, instance: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads a plugin module from an npm package name or a path (relative to `baseDir`). */
  async load(specifier: string, baseDir: string): Promise<PluginModule> {
    const isPath = specifier.startsWith('.') || isAbsolute(specifier);
    const target = isPath ? pathToFileURL(resolve(baseDir, specifier)).href : specifier;
    const loaded = (await import(target)) as { default?: unknown } & Record<string, unknown>;
    const mod = asPluginModule(loaded, specifier);
    if (!this.has(mod.manifest.slot, mod.manifest.name)) this.register(mod);
    return mod;
  }
}
