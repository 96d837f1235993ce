import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ProjectConfig } from '@ao/shared/config';
import type { SlotName } from '@ao/shared/plugin';
import { type ConfigCheck, ConfigError, checkProjectConfig } from '../config/load-project-config';
import { PluginConfigError, PluginNotFoundError, type PluginRegistry } from '../plugins/registry';

/** A registered project whose `ao.config.yaml` loaded and validated. */
export interface LoadedProject {
  id: string;
  configPath: string;
  repoPath: string;
  config: ProjectConfig;
}

/** Where each slot's plugin settings live in a config (`agents.generic`, ...). */
export const SETTINGS_KEY: Record<
  string,
  'agents' | 'runtimes' | 'workspaces' | 'trackers' | 'scms' | 'terminals'
> = {
  agent: 'agents',
  runtime: 'runtimes',
  workspace: 'workspaces',
  tracker: 'trackers',
  scm: 'scms',
  terminal: 'terminals',
};

type Data = Record<string, unknown>;
const asData = (value: unknown): Data =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : {};

/**
 * Reads and checks a project's `ao.config.yaml`: its own schema, the extra plugins it loads, its repository and the
 * plugins it chooses and configures. Throws one ConfigError listing every problem found. The plugin and repository
 * checks run even when the schema check failed, on the values as written.
 */
export async function readProject(
  file: string,
  env: Record<string, string | undefined>,
  registry: PluginRegistry,
): Promise<LoadedProject> {
  const check = checkProjectConfig(file, env);
  if (check.raw === undefined) throw new ConfigError(check.problems); // unreadable, or not YAML
  const data = asData(check.raw);
  await loadPlugins(check, data, registry);
  const repoPath = checkRepoPath(check, asData(data.project));
  checkChosenPlugins(check, data, registry);
  checkPluginSettings(check, data, registry);
  if (!check.config || check.problems.length) throw new ConfigError(check.problems);
  return { id: check.config.project.id, configPath: file, repoPath, config: check.config };
}

/** The modules under `plugins:` (paths or npm packages) are registered, so the checks below know their plugins. */
async function loadPlugins(check: ConfigCheck, data: Data, registry: PluginRegistry): Promise<void> {
  const specs = check.config?.plugins ?? (Array.isArray(data.plugins) ? data.plugins : []);
  for (const [i, spec] of specs.entries()) {
    if (typeof spec !== 'string' || !spec) continue; // the schema check reported it
    try {
      await registry.load(spec, dirname(check.file));
    } catch (err) {
      check.report(['plugins', i], (err as Error).message);
    }
  }
}

/** The repository root (`project.path`, relative to the file) must be a git repository. */
function checkRepoPath(check: ConfigCheck, project: Data): string {
  const path = check.config?.project.path ?? project.path ?? '.';
  if (typeof path !== 'string') return dirname(check.file); // the schema check reported it
  const repoPath = resolve(dirname(check.file), path);
  if (!existsSync(resolve(repoPath, '.git'))) {
    check.report(['project', 'path'], `${repoPath} is not a git repository`);
  }
  return repoPath;
}

/** Every plugin chosen by name (`agent:`, `runtime:`, ...) is known. */
function checkChosenPlugins(check: ConfigCheck, data: Data, registry: PluginRegistry): void {
  for (const slot of ['agent', 'runtime', 'workspace', 'tracker', 'scm', 'terminal'] as const) {
    const name = check.config ? check.config[slot] : data[slot];
    if (
      typeof name !== 'string' ||
      (slot === 'tracker' && name === 'none') ||
      (slot === 'terminal' && name === 'auto')
    )
      continue;
    if (!registry.has(slot, name)) {
      check.report([slot], new PluginNotFoundError(slot, name, registry.names(slot)).message);
    }
  }
}

/** Settings the daemon fills from its environment and never takes from a config file (secrets), by tracker. */
const ENV_ONLY: Record<string, readonly string[]> = {
  linear: ['LINEAR_API_KEY'],
  jira: ['JIRA_API_TOKEN'],
};

/** Notifiers whose settings are checked when the config is read (the others when first used), with their secrets. */
const NOTIFIER_SECRETS: Record<string, readonly string[]> = { composio: ['COMPOSIO_API_KEY'] };

/** One plugin's settings fit its schema, and none of `secrets` is written in them. */
function checkSettings(
  check: ConfigCheck,
  at: [string, string],
  slot: SlotName,
  settings: unknown,
  secrets: readonly string[],
  registry: PluginRegistry,
): void {
  for (const secret of secrets) {
    if (asData(settings)[secret] !== undefined)
      check.report(
        [...at, secret],
        `secrets are never written in the config: set ${secret} in the environment`,
      );
  }
  try {
    registry.check(slot, at[1], settings);
  } catch (err) {
    if (!(err instanceof PluginConfigError)) throw err;
    for (const issue of err.issues) check.report([...at, ...issue.path], issue.message);
  }
}

/**
 * Every settings block (`agents.<name>`, ...) names a known plugin and fits that plugin's schema; a tracker's secret
 * written in the file is refused (the environment, or a key file, holds it). So are `notifiers.composio`'s.
 */
function checkPluginSettings(check: ConfigCheck, data: Data, registry: PluginRegistry): void {
  for (const [slot, key] of Object.entries(SETTINGS_KEY) as Array<[SlotName, string]>) {
    for (const [name, settings] of Object.entries(asData(data[key]))) {
      if (!registry.has(slot, name)) {
        check.report([key, name], new PluginNotFoundError(slot, name, registry.names(slot)).message);
        continue;
      }
      const secrets = slot === 'tracker' ? (ENV_ONLY[name] ?? []) : [];
      checkSettings(check, [key, name], slot, settings, secrets, registry);
    }
  }
  // Every notifier's settings are checked when the config is read, not at its first send.
  for (const [name, settings] of Object.entries(asData(data.notifiers))) {
    if (name === 'routing') continue;
    if (!registry.has('notifier', name)) {
      check.report(
        ['notifiers', name],
        new PluginNotFoundError('notifier', name, registry.names('notifier')).message,
      );
      continue;
    }
    checkSettings(check, ['notifiers', name], 'notifier', settings, NOTIFIER_SECRETS[name] ?? [], registry);
  }
}
