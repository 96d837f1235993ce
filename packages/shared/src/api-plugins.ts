import { z } from 'zod';

/**
 * Community plugins: npm packages published for ao (keyword `ao-plugin`, an `"ao": {"slot", "name"}` field in their
 * package.json), installed by the daemon into `<data dir>/plugins/`. Bodies and replies of `/api/plugins`.
 */

/** The npm keyword every community plugin carries; search lists only packages with it. */
export const PLUGIN_KEYWORD = 'ao-plugin';

/** Slots a community plugin may fill. */
export const communitySlots = ['agent', 'runtime', 'workspace', 'tracker', 'scm', 'notifier'] as const;

/** An npm package name (scoped or not), as npm accepts it for new packages; never starting with `-` or `.`. */
const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** A version or one-comparator range (`1.2.3`, `^1.2.0`, `~1.2`, `>=2.0.0-beta.1`, `1.x`). */
const RANGE = /^(?:[~^]|[<>]=?|=)?v?\d+(?:\.(?:\d+|x|\*)){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/** A dist-tag (`latest`, `next`, `beta`). */
const TAG = /^[a-z][a-z0-9._-]{0,49}$/;

export interface PackageSpec {
  name: string;
  /** The version, range or tag after `@`; null for the latest. */
  version: string | null;
}

/**
 * Parses `name` or `name@version` (a version, a one-comparator range or a dist-tag). Anything else (a path, a URL, a
 * git or `npm:` alias, options) is null: ao installs packages from the registry only.
 */
export function parsePackageSpec(spec: string): PackageSpec | null {
  if (spec.length > 260) return null;
  const at = spec.indexOf('@', 1);
  const name = at === -1 ? spec : spec.slice(0, at);
  const version = at === -1 ? null : spec.slice(at + 1);
  if (name.length > 214 || !NAME.test(name)) return null;
  if (version !== null && !RANGE.test(version) && !TAG.test(version)) return null;
  return { name, version };
}

export const packageSpecSchema = z
  .string()
  .min(1)
  .max(260)
  .refine(
    (s) => parsePackageSpec(s) !== null,
    'expected an npm package name, optionally with @version, @range or @tag (e.g. ao-plugin-foo@^1.2.0)',
  );

/** An npm package name alone (no version). */
export const packageNameSchema = z
  .string()
  .min(1)
  .max(214)
  .refine((s) => NAME.test(s), 'expected an npm package name');

/** A registry to use instead of npm's own configured one. */
export const registryUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .describe('npm registry URL (default: the one npm is configured with)');

export const addPluginBodySchema = z
  .object({ package: packageSpecSchema, registry: registryUrlSchema.optional() })
  .strict();
export type AddPluginBody = z.infer<typeof addPluginBodySchema>;

export const searchPluginsQuerySchema = z
  .object({ q: z.string().max(200).default(''), registry: registryUrlSchema.optional() })
  .strict();

export const installedPluginSchema = z.object({
  package: z.string(),
  version: z.string(),
  slot: z.string(),
  name: z.string(),
  description: z.string(),
  addedAt: z.string(),
  /** Why it did not load at the daemon's last start (then it is not usable); null when it is loaded. */
  error: z.string().nullable(),
});
export type InstalledPlugin = z.infer<typeof installedPluginSchema>;

export const pluginsReplySchema = z.object({ plugins: z.array(installedPluginSchema) });
export const pluginReplySchema = z.object({ plugin: installedPluginSchema });

export const pluginSearchResultSchema = z.object({
  package: z.string(),
  version: z.string(),
  description: z.string(),
  /** From the `ao` field of the latest version's package.json; null when it has none. */
  slot: z.string().nullable(),
  name: z.string().nullable(),
  installed: z.boolean(),
});
export type PluginSearchResult = z.infer<typeof pluginSearchResultSchema>;
export const pluginSearchReplySchema = z.object({
  registry: z.string(),
  results: z.array(pluginSearchResultSchema),
});
