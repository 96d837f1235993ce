import { PLUGIN_KEYWORD, type PluginSearchResult } from '@ao/shared/api-plugins';
import { AoError } from '@ao/shared/errors';
import { eachLimit } from '../util/map-limit';

interface SearchObject {
  package?: { name?: string; version?: string; description?: string; keywords?: unknown };
}

const TIMEOUT_MS = 15_000;

const unavailable = (registry: string, why: string) =>
  new AoError('registry_unavailable', `npm registry ${registry}: ${why}`);

type Fetch = typeof fetch;

async function getJson(fetch: Fetch, url: URL, registry: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw unavailable(registry, `cannot be reached (${(err as Error).message})`);
  }
  if (!res.ok) throw unavailable(registry, `${url.pathname} answered HTTP ${res.status}`);
  return res.json();
}

async function searchText(fetch: Fetch, registry: string, text: string): Promise<SearchObject[]> {
  const url = new URL('-/v1/search', registry);
  url.searchParams.set('text', text);
  url.searchParams.set('size', '50');
  const body = (await getJson(fetch, url, registry)) as { objects?: SearchObject[] };
  return Array.isArray(body.objects) ? body.objects : [];
}

interface Latest {
  version: string | null;
  slot: string | null;
  name: string | null;
}

/** The latest version in a package's packument, and the `ao` field ({slot, name}) of its package.json. */
async function latestOf(fetch: Fetch, registry: string, name: string): Promise<Latest> {
  try {
    const url = new URL(name.replace('/', '%2f'), registry);
    const doc = (await getJson(fetch, url, registry)) as {
      'dist-tags'?: { latest?: string };
      versions?: Record<string, { ao?: { slot?: unknown; name?: unknown } }>;
    };
    const latest = doc['dist-tags']?.latest;
    const ao = latest ? doc.versions?.[latest]?.ao : undefined;
    return {
      version: latest ?? null,
      slot: typeof ao?.slot === 'string' ? ao.slot : null,
      name: typeof ao?.name === 'string' ? ao.name : null,
    };
  } catch {
    return { version: null, slot: null, name: null }; // listed all the same, without a slot
  }
}

/**
 * Packages with the `ao-plugin` keyword matching `words`, with slot and name from their package.json's `ao` field. The
 * npm registry understands `keywords:ao-plugin`; registries that do not (Verdaccio) are asked again in plain text, and
 * either way only packages carrying the keyword are kept.
 */
export async function searchPlugins(
  fetch: Fetch,
  registry: string,
  words: string,
  installed: ReadonlySet<string>,
): Promise<PluginSearchResult[]> {
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  let objects = await searchText(fetch, base, `keywords:${PLUGIN_KEYWORD} ${words}`.trim());
  if (!objects.length) objects = await searchText(fetch, base, `${PLUGIN_KEYWORD} ${words}`.trim());
  const packages = objects
    .map((o) => o.package)
    .filter((p): p is { name: string; version?: string; description?: string; keywords?: unknown } =>
      Boolean(p?.name && Array.isArray(p.keywords) && p.keywords.includes(PLUGIN_KEYWORD)),
    );
  const latest = new Map<string, Latest>();
  await eachLimit(packages, 6, async (p) => {
    latest.set(p.name, await latestOf(fetch, base, p.name));
  });
  return packages.map((p) => ({
    package: p.name,
    version: latest.get(p.name)?.version ?? p.version ?? '',
    description: p.description ?? '',
    slot: latest.get(p.name)?.slot ?? null,
    name: latest.get(p.name)?.name ?? null,
    installed: installed.has(p.name),
  }));
}
